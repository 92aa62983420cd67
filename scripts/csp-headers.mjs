#!/usr/bin/env node
/**
 * Writes build/_headers: the app's Content-Security-Policy as an HTTP header, for static hosts
 * that read a `_headers` file (Netlify, Cloudflare Pages) and for scripts/serve.mjs. The policy
 * is the one SvelteKit puts in each page's <meta> tag (its script hashes change with every
 * build, so the file is written after `vite build`), plus what only a header can say
 * (frame-ancestors). A <meta> policy does not bind Web Workers: worker scripts get their own,
 * with no network at all (connect-src 'none'). Paths are from the site root: on a sub-path
 * deployment, prefix them (see README, "Deploying").
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const BUILD = process.argv[2] ?? 'build';
const META = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;

async function htmlFiles(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await htmlFiles(p)));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out;
}

/** The pages' policies merged: same directives, every page's script hashes. */
function merge(policies) {
  const directives = new Map();
  for (const policy of policies) {
    for (const part of policy.split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (!name) continue;
      const set = directives.get(name) ?? new Set();
      for (const v of values) set.add(v);
      directives.set(name, set);
    }
  }
  return [...directives].map(([name, values]) => [name, ...values].join(' ')).join('; ');
}

const policies = [];
for (const file of await htmlFiles(BUILD)) {
  const m = META.exec(await readFile(file, 'utf8'));
  if (m) policies.push(m[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"'));
}
if (policies.length === 0) throw new Error(`no CSP <meta> tag in ${BUILD}/**/*.html`);

const page = `${merge(policies)}; frame-ancestors 'none'`;
const worker = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'none'";
const headers = `# Written by scripts/csp-headers.mjs at build time (Netlify / Cloudflare Pages format).
/*
  Content-Security-Policy: ${page}
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
/_app/immutable/workers/*
  Content-Security-Policy: ${worker}
`;
await writeFile(join(BUILD, '_headers'), headers);
console.log(`csp-headers: ${BUILD}/_headers from ${policies.length} page(s)`);
