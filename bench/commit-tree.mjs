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

/** `<tmp>/netpolish-bench-<what>-<commit>`, holding the commit's files (extracted once). */
export function commitTree(root, commit, what) {
  const dir = join(tmpdir(), `netpolish-bench-${what}-${commit}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    sh(`git archive ${commit} | tar -x -C "${dir}"`, root);
  }
  if (!existsSync(join(dir, 'node_modules')))
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}
