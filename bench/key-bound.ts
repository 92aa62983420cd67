/**
 * Bounds a "distinct key first" Hubble line path (docs/SCALE.md, issue 15): how many distinct
 * aggregation keys a capture has, and what a bare scan of its lines costs — lines split, the
 * reply and DNS marks, every member walked with the engine's validating scanner, endpoints, IP,
 * Services and l4 through the byte memo, the time parsed — without records or aggregation.
 * Prints one JSON line. Bundle it as the CLI is, so its process costs compare with the CLI's:
 *
 *   npx esbuild bench/key-bound.ts --bundle --platform=node --format=esm --outfile=<out.mjs>
 *   node <out.mjs> <flows.jsonl> scan|hash|string      the bare scan (no key, hashed, string key)
 *   node <out.mjs> <flows.jsonl> keys [<firsts.jsonl>]  distinct keys (JSON.parse; not timed),
 *                                                       the first line of each key written out
 */
import { closeSync, createWriteStream, openSync, readSync } from 'node:fs';
import { hasDnsMark, hasReplyMark } from '../src/lib/engine/formats/hubble-bytes';
import { HUBBLE_FLOW_KEYS, HUBBLE_TOP_KEYS } from '../src/lib/engine/formats/hubble';
import {
  createByteMemo,
  createLineView,
  memoObject,
  viewOf,
} from '../src/lib/engine/formats/byte-memo';
import * as json from '../src/lib/engine/formats/json-bytes';
import { readValue } from '../src/lib/engine/formats/json-bytes-read';
import { createDayCache, isoTimeBytes } from '../src/lib/engine/formats/iso-bytes';
import { keyParts, parsedKey } from './hubble-key';

const [file, mode = 'hash', firstsOut] = process.argv.slice(2);
if (!file) throw new Error('usage: key-bound <flows.jsonl> scan|hash|string|keys [<firsts>]');
const TOP = json.keyTable(HUBBLE_TOP_KEYS);
const FLOW = json.keyTable(HUBBLE_FLOW_KEYS);
const view = createLineView();
const s = json.createScan();
const endpoints = createByteMemo(1 << 12, 4 << 20, view);
const objects = createByteMemo(1 << 12, 1 << 20, view);
const l4s = createByteMemo(1 << 12, 1 << 20, view);
const days = createDayCache();
const ids = new Map<unknown, number>();
const strings = new Map<string, number>();
const TABLE = 1 << 21;
const hashes = new Int32Array(TABLE);
const counts = new Int32Array(TABLE);
const firsts = firstsOut ? createWriteStream(firstsOut) : null;
let lines = 0;
let replies = 0;
let read = 0;
let fallback = 0;
let distinct = 0;

function idOf(o: unknown): number {
  let i = ids.get(o);
  if (i === undefined) ids.set(o, (i = ids.size + 1));
  return i;
}

/** Counts the key in `strings` or in the hash table; true when it is new. */
function countKey(parts: readonly unknown[]): boolean {
  if (mode !== 'hash') {
    const k = parts.join('|');
    const n = strings.get(k);
    strings.set(k, (n ?? 0) + 1);
    if (n === undefined) distinct++;
    return n === undefined;
  }
  let h = 0x811c9dc5 | 0;
  for (const x of parts) h = Math.imul(h ^ (typeof x === 'number' ? x : idOf(x)), 0x01000193);
  h = (h ^ (h >>> 15)) | 1;
  let slot = h & (TABLE - 1);
  while (hashes[slot] !== 0 && hashes[slot] !== h) slot = (slot + 1) & (TABLE - 1);
  const fresh = hashes[slot] === 0;
  if (fresh) {
    hashes[slot] = h;
    distinct++;
  }
  counts[slot] = (counts[slot] ?? 0) + 1;
  return fresh;
}

/** The bare scan of one line; false when the scanner gives up (the text path's line). */
function scanFlow(b: Uint8Array, start: number, end: number): boolean {
  json.scanLine(s, b, start, end);
  if (s.b[s.pos] !== 123) return false;
  s.pos++;
  let src: unknown, dst: unknown, ip: unknown, svc: unknown, l4: unknown, reply: unknown;
  let verdict: unknown, dir: unknown, drop: unknown, node: unknown;
  let tStart = -1;
  let tEnd = -1;
  for (let first = true; ; first = false) {
    const m = json.nextMember(s, first);
    if (m === 0) break;
    if (m === json.FAIL) return false;
    const key = json.matchKey(s, TOP);
    if (key === 'node_name') node = readValue(s, 2);
    else if (key !== 'flow' || s.b[s.pos] !== 123) {
      if (!json.skip(s)) return false;
    } else {
      s.pos++;
      for (let f = true; ; f = false) {
        const mm = json.nextMember(s, f);
        if (mm === 0) break;
        if (mm === json.FAIL) return false;
        const k = json.matchKey(s, FLOW);
        if (k === 'source') src = memoObject(endpoints, s);
        else if (k === 'destination') dst = memoObject(endpoints, s);
        else if (k === 'IP') ip = memoObject(objects, s);
        else if (k === 'destination_service') svc = memoObject(objects, s);
        else if (k === 'l4') l4 = memoObject(l4s, s);
        else if (k === 'is_reply') reply = readValue(s, 2);
        else if (k === 'verdict') verdict = readValue(s, 2);
        else if (k === 'traffic_direction') dir = readValue(s, 2);
        else if (k === 'drop_reason_desc') drop = readValue(s, 2);
        else if (k === 'time') {
          tStart = s.pos;
          if (!json.skip(s)) return false;
          tEnd = s.pos;
        } else if (!json.skip(s)) return false;
      }
    }
  }
  const t = tStart < 0 ? NaN : isoTimeBytes(b, tStart + 1, tEnd - 1, days);
  if (Number.isNaN(t)) return false;
  if (mode === 'scan') return true;
  const ends = mode === 'hash' ? [src, dst, ip, svc] : [src, dst, ip, svc].map(idOf);
  const [a, c, d, e] = ends;
  const rest = [verdict, dir, drop, node];
  countKey(keyParts({ src: a, dst: c, ip: d, svc: e, l4, reply, rest, sec: Math.floor(t / 1000) }));
  return true;
}

const cpu = process.cpuUsage();
const fd = openSync(file, 'r');
const buffers = [Buffer.allocUnsafe(1 << 20), Buffer.allocUnsafe(1 << 20)];
let carry = Buffer.alloc(0);
for (let which = 0; ; which ^= 1) {
  const buf = buffers[which] as Buffer;
  const n = readSync(fd, buf, 0, buf.length, null);
  if (n === 0) break;
  const chunk = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
  const u = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
  let at = 0;
  for (let nl = chunk.indexOf(10, at); nl >= 0; nl = chunk.indexOf(10, at)) {
    lines++;
    const v = viewOf(view, u);
    if (hasReplyMark(u, v, at, nl) && !hasDnsMark(u, v, at, nl)) replies++;
    else if (mode === 'keys') {
      read++;
      const text = chunk.toString('latin1', at, nl);
      if (countKey(parsedKey(text))) firsts?.write(text + '\n');
    } else {
      read++;
      if (!scanFlow(u, at, nl)) fallback++;
    }
    at = nl + 1;
  }
  carry = Buffer.from(chunk.subarray(at));
}
closeSync(fd);
firsts?.end();
const used = process.cpuUsage(cpu);
const cpuMs = Math.round((used.user + used.system) / 1000);
console.log(JSON.stringify({ mode, lines, replies, read, fallback, distinct, cpuMs }));
