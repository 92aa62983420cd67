// A tiny static server for build/, mounted under a sub-path, to prove the folder is
// self-contained and works from any static host. It sends the headers of build/_headers (the
// Content-Security-Policy, scripts/csp-headers.mjs) as a host that reads that file would.
// Usage: node scripts/serve.mjs <dir> <port> <base> [--demo]  (--demo: print the URL that loads the demo data)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const [dir = 'build', portArg = '4173', baseArg = '/', flag] = process.argv.slice(2);
const root = resolve(dir);
const base = baseArg.endsWith('/') ? baseArg : `${baseArg}/`;
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.gz': 'application/gzip',
  '.wasm': 'application/wasm',
};

/** `_headers` rules (Netlify format): a path pattern (`*` = anything) and its header lines. */
async function headerRules() {
  let text;
  try {
    text = await readFile(join(root, '_headers'), 'utf8');
  } catch {
    return [];
  }
  const rules = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const re = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replaceAll('*', '.*');
      rules.push({ pattern: new RegExp(`^${re}$`), headers: [] });
    } else {
      const colon = line.indexOf(':');
      rules
        .at(-1)
        ?.headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
  }
  return rules;
}
const rules = await headerRules();

/** The headers every matching rule gives `path` (a header several rules set is sent each time). */
function headersFor(path) {
  const out = {};
  for (const rule of rules.filter((r) => r.pattern.test(path)))
    for (const [name, value] of rule.headers) out[name] = [...(out[name] ?? []), value];
  return out;
}

async function file(path) {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return file(join(path, 'index.html'));
    return { path, body: await readFile(path) };
  } catch {
    return null;
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === base.slice(0, -1)) {
    res.writeHead(301, { location: base });
    return res.end();
  }
  if (!url.pathname.startsWith(base)) {
    res.writeHead(404);
    return res.end('not found');
  }
  const rel = normalize(decodeURIComponent(url.pathname.slice(base.length)));
  const target = resolve(root, rel);
  if (!target.startsWith(root)) {
    res.writeHead(403);
    return res.end();
  }
  const found = await file(target);
  if (!found) {
    res.writeHead(404);
    return res.end('not found');
  }
  res.writeHead(200, {
    ...headersFor(`/${rel.replaceAll('\\', '/')}`),
    'content-type': TYPES[extname(found.path)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : found.body);
});

server.listen(Number(portArg), '127.0.0.1', () => {
  const url = `http://localhost:${portArg}${base}${flag === '--demo' ? '?demo' : ''}`;
  console.log(`netpolish: serving ${dir} at ${url}  (Ctrl+C to stop)`);
});
