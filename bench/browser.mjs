/**
 * Shared plumbing for the browser sections: build/ when missing, serve it under a sub-path with
 * scripts/serve.mjs (as the e2e tests do), and launch Debian's Chromium (or CHROMIUM_PATH) with
 * the flags this machine needs (no background networking, SwiftShader WebGL).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

export { CHROMIUM_ARGS };

/**
 * Builds the static app unless build/ has `page` (default the app's index.html; a section that
 * needs a fixture page names it). BENCH_REBUILD=1 forces a build.
 */
export function ensureBuild(page = 'index.html') {
  if (existsSync(join(ROOT, 'build', page)) && !process.env.BENCH_REBUILD) return;
  process.stderr.write(`building the app (build/ has no ${page}) …\n`);
  const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stderr}`);
}

/**
 * Serves `dir` (default build/) under `base` on a free-ish port; resolves once it answers. A
 * port taken (by another server of the same run, say) gets another try on another port.
 */
export async function serveBuild(base, dir = 'build', tries = 5) {
  const port = 4600 + Math.floor(Math.random() * 300);
  const child = spawn(
    process.execPath,
    [join(ROOT, 'scripts/serve.mjs'), dir, String(port), base],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`static server exited ${code}`)));
    });
  } catch (e) {
    if (tries <= 1) throw e;
    return serveBuild(base, dir, tries - 1);
  }
  return { url: `http://localhost:${port}${base}`, stop: () => child.kill() };
}

/** Chromium through Playwright, with the machine's flags. */
export async function launchChromium() {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
