// Before the end-to-end tests: make sure a Chromium exists. Debian's (/usr/bin/chromium, as CI
// installs it) or CHROMIUM_PATH is used when present; otherwise Playwright's own build is
// downloaded once (machines with internet access).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_PATH } from '../../scripts/chromium.mjs';

if (!(CHROMIUM_PATH && existsSync(CHROMIUM_PATH)) && !existsSync(chromium.executablePath())) {
  console.log(
    'netpolish: no Chromium found; installing Playwright Chromium (or set CHROMIUM_PATH,',
  );
  console.log('or on Debian/Ubuntu: apt-get install chromium)');
  execSync('npx playwright install chromium', { stdio: 'inherit' });
}
