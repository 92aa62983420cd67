/**
 * The tree of a commit, extracted into the system's temporary folder for a before/after bench
 * (kept for the next run), with this checkout's node_modules linked in; `sh` runs a command
 * there and throws with its stderr when it fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function sh(cmd, cwd) {
  const r = spawnSync('sh', ['-c', cmd], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stderr}`);
}

/**
 * `commit` as a folder's name: a hash as given, a name that moves (a branch, `HEAD`) by the hash
 * it points to now — a tree kept under the name `main` would stay the commit it was extracted at.
 */
function pinned(root, commit) {
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], {
    cwd: root,
    encoding: 'utf8',
  });
  const hash = r.status === 0 ? r.stdout.trim() : commit;
  return hash.startsWith(commit.toLowerCase()) ? commit : hash;
}

/** `<tmp>/netpolish-bench-<what>-<commit>`, holding the commit's files (extracted once). */
export function commitTree(root, commit, what) {
  const dir = join(tmpdir(), `netpolish-bench-${what}-${pinned(root, commit)}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    sh(`git archive ${commit} | tar -x -C "${dir}"`, root);
  }
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
