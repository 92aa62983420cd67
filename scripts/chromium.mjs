// The Chromium the tests and benchmarks drive: Debian's (/usr/bin/chromium, as CI installs it),
// CHROMIUM_PATH when set, else Playwright's own; and the flags this machine needs (no
// background networking: its requests are refused; SwiftShader for WebGL2 without a GPU).
import { existsSync } from 'node:fs';

/** @type {string | undefined} */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** @type {string[]} */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
