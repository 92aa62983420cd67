/**
 * The Hubble line kernel (AssemblyScript, compiled to WebAssembly with SIMD by
 * scripts/build-kernel.mjs): the scan of a jsonpb line that the JavaScript byte path
 * (src/lib/engine/formats/hubble-bytes.ts) does byte at a time, sixteen bytes a step. For a line
 * of the chunk copied at IN it finds the reply and DNS marks, checks the whole line as JSON
 * (giving up on what the JavaScript scanner gives up on: a byte outside ASCII in a string, an
 * escaped key, deep nesting, invalid JSON) and writes, for every member of the top-level object
 * and of its `flow` whose key the reader asked for, the member's key and where its value lies.
 * Endpoint, address, Service and `l4` objects go through a memo of their bytes (a hit is
 * neither checked again nor read again), as in formats/byte-memo.ts — but an `l4` of the shape
 * Hubble writes for TCP and UDP is read here into two numbers (decodeL4): most are new (the
 * client's port), and the memo kept a value of each. The JavaScript side
 * (formats/hubble-kernel.ts) builds the values. The marks are searched 64 bytes a step; a key
 * is compared first with the key seen at its place of the object on the line before (Hubble
 * writes its members in much the same order) and looked up in the key table only when it
 * differs. Memory layout (bytes):
 *
 *   [KEYS, KEYBYTES)         two key tables (top level, flow), SLOTS entries of 16 bytes:
 *                            index + 1, where the key's bytes are, their length, their hash
 *   [KEYBYTES, OUT)          the keys' bytes
 *   [OUT, OUT + OUT_MAX*20)  the members found: level << 16 | key index, value start and end
 *                            (from IN), memo entry (-1: none) and the entry's stamp — or, for
 *                            an `l4` read here (decodeL4), -2 - its code and its ports
 *   [MEMO_TABLES, IN)        the memos: entries of 16 bytes (prefix hash, place in the arena,
 *                            length — 0: empty —, stamp), a way counter per slot, the arenas
 *   [IN, …)                  the chunk, with at least PAD readable bytes after it
 *
 * and, in the static data between OUT's end and MEMO_TABLES, the keys seen at each place (`seen`).
 */

const KEYS: usize = 1024;
const SLOTS: u32 = 128;
const KEYBYTES: usize = KEYS + 2 * <usize>SLOTS * 16;
const OUT: usize = 8192;
const OUT_MAX: i32 = 2800;

const MEMOS: u32 = 3;
const WAYS: u32 = 4;
const MEMO_SLOTS: u32 = 4096;
const ENTRIES: u32 = MEMO_SLOTS * WAYS;
const MEMO_TABLES: usize = 131072;
const MEMO_WAYS: usize = MEMO_TABLES + <usize>(MEMOS * ENTRIES * 16);
const ARENAS: usize = MEMO_WAYS + <usize>(MEMOS * MEMO_SLOTS);
/** Arena bytes of the endpoint memo (0) and of the address/Service (1) and `l4` (2) memos. */
const ARENA0: u32 = 4 << 20;
const ARENA1: u32 = 1 << 20;
const ARENA2: u32 = 1 << 20;
export const IN: usize = (ARENAS + <usize>(ARENA0 + ARENA1 + ARENA2) + 65535) & ~65535;
/** Bytes read past a line's end at most (SIMD loads; their bytes past the end are ignored). */
export const PAD: i32 = 64;

const FAIL: i32 = -1;
const REPLY: i32 = -2;
const MAX_DEPTH: i32 = 64;

/** End of the line being read (absolute). */
let end: usize = 0;
let entries: i32 = 0;
let keyBytesUsed: usize = 0;
/** Arena bytes used per memo; the memo of a value just looked up: its end and stamp. */
const used = new StaticArray<u32>(MEMOS);
/**
 * Memo + 1 of each key index, top-level keys first (0: the key's values are read without a
 * memo). Objects go through it, and strings of a key given one.
 */
const memoOf = new StaticArray<u8>(512);
/** 1 for each key index (top-level keys first) whose strings go through its memo. */
const stringMemo = new StaticArray<u8>(512);
let memoEnd: usize = 0;
let memoStamp: i32 = 0;
let stamps: i32 = 0;

// ---- keys ----

/** Where the next key's bytes go (the reader writes them there, then calls addKey). */
export function keyScratch(): usize {
  return KEYBYTES + keyBytesUsed;
}

/** Byte i of the vector is i: lanes below a length n are those where IOTA < n. */
const IOTA: v128 = i8x16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

/** The lanes below n (at most 16 of them). */
function lanesBelow(n: i32): v128 {
  return i8x16.lt_u(IOTA, i8x16.splat(<i8>(n < 16 ? n : 16)));
}

/**
 * Hash of a key of n bytes whose first 16 (the lanes below n, the others zero) are `head`: its
 * high half (a multiply mixes into the high bits; the table's slot is the low bits of this).
 */
function keyHash(head: v128, n: i32): u32 {
  const x =
    (i64x2.extract_lane(head, 0) ^ (i64x2.extract_lane(head, 1) * 0x9e3779b97f4a7c15) ^ (<u64>n)) *
    0xff51afd7ed558ccd;
  return <u32>(x >> 32);
}

/** Key `index` of `level` (1: top level, 2: flow), its `n` bytes written at keyScratch(). */
export function addKey(level: i32, index: i32, n: i32): void {
  const p = KEYBYTES + keyBytesUsed;
  keyBytesUsed += <usize>n;
  const table = KEYS + <usize>(level - 1) * <usize>SLOTS * 16;
  const h = keyHash(v128.and(v128.load(p), lanesBelow(n)), n);
  let slot = h & (SLOTS - 1);
  while (load<i32>(table + <usize>slot * 16) != 0) slot = (slot + 1) & (SLOTS - 1);
  const e = table + <usize>slot * 16;
  store<i32>(e, index + 1);
  store<i32>(e, <i32>p, 4);
  store<i32>(e, n, 8);
  store<u32>(e, h, 12);
}

/**
 * Values of key `index` at `level` (1: top level, 2: flow) go through memo `memo` (0 endpoints,
 * 1 others, 2 l4): its objects, and its strings too when `strings` is not 0.
 */
export function setMemo(level: i32, index: i32, memo: i32, strings: i32): void {
  if (<u32>index < 256) unchecked((memoOf[(level - 1) * 256 + index] = <u8>(memo + 1)));
  if (<u32>index < 256 && strings != 0) unchecked((stringMemo[(level - 1) * 256 + index] = 1));
}

/**
 * The index of key bytes [p, p + n) at `level`, or -1: `head` is their first 16 (lanes below
 * n, the others zero), `below` those lanes, h their keyHash.
 */
function findKey(level: i32, p: usize, n: i32, h: u32, head: v128, below: v128): i32 {
  const table = KEYS + <usize>(level - 1) * <usize>SLOTS * 16;
  let slot = h & (SLOTS - 1);
  while (true) {
    const e = table + <usize>slot * 16;
    const index = load<i32>(e);
    if (index == 0) return -1;
    if (load<u32>(e, 12) == h && load<i32>(e, 8) == n) {
      const k = <usize>load<i32>(e, 4);
      if (
        i8x16.all_true(i8x16.eq(v128.and(v128.load(k), below), head)) &&
        (n <= 16 ||
          (n <= 32
            ? i8x16.all_true(i8x16.eq(v128.load(k + <usize>n - 16), v128.load(p + <usize>n - 16)))
            : same(k + 16, p + 16, <u32>(n - 16))))
      )
        return index - 1;
    }
    slot = (slot + 1) & (SLOTS - 1);
  }
}

// ---- marks (hubble.ts looksLikeReply and DNS_MARK) ----

const ONE: u64 = 1;

/**
 * `eply":true` starting in the last 1024 bytes, wholly inside the line; searched from the end,
 * 64 candidate starts a step: a start is a candidate when its bytes 3 and 6 are `y` and `t`
 * (rare elsewhere in Hubble's lines), and a candidate is then compared whole.
 */
function hasReplyMark(line: usize, len: i32): bool {
  let from = len - 1024;
  if (from < 0) from = 0;
  const last = len - 10;
  if (last < from) return false;
  const y = i8x16.splat(0x79);
  const t = i8x16.splat(0x74);
  // Blocks of 64 candidate starts [p, p + 64), the last block first; starts below `from` masked.
  let p = last - 63;
  while (true) {
    const a = line + <usize>p;
    const m0 = v128.and(i8x16.eq(v128.load(a, 3), y), i8x16.eq(v128.load(a, 6), t));
    const m1 = v128.and(i8x16.eq(v128.load(a, 19), y), i8x16.eq(v128.load(a, 22), t));
    const m2 = v128.and(i8x16.eq(v128.load(a, 35), y), i8x16.eq(v128.load(a, 38), t));
    const m3 = v128.and(i8x16.eq(v128.load(a, 51), y), i8x16.eq(v128.load(a, 54), t));
    if (v128.any_true(v128.or(v128.or(m0, m1), v128.or(m2, m3)))) {
      let m: u64 =
        (<u64>i8x16.bitmask(m0)) |
        ((<u64>i8x16.bitmask(m1)) << 16) |
        ((<u64>i8x16.bitmask(m2)) << 32) |
        ((<u64>i8x16.bitmask(m3)) << 48);
      if (p < from) {
        const below: u64 = from - p;
        m &= ~((ONE << below) - 1);
      }
      while (m != 0) {
        const bit = <i32>(63 - clz(m));
        const q = line + <usize>(p + bit);
        if (
          load<u32>(q) == 0x796c7065 &&
          load<u32>(q + 4) == 0x72743a22 &&
          load<u16>(q + 8) == 0x6575
        )
          return true;
        const drop: u64 = bit;
        m &= ~(ONE << drop);
      }
    }
    if (p <= from) return false;
    p -= 64;
  }
}

/**
 * `"dns":{` wholly inside the line, 64 candidate starts a step: a start is a candidate when its
 * bytes 2 and 6 are `n` and `{`, and a candidate is then compared whole.
 */
function hasDnsMark(line: usize, len: i32): bool {
  const last = len - 7;
  const n = i8x16.splat(0x6e);
  const brace = i8x16.splat(0x7b);
  // The loads reach p + 70 <= len + 63: inside the PAD bytes after the chunk.
  for (let p = 0; p <= last; p += 64) {
    const a = line + <usize>p;
    const m0 = v128.and(i8x16.eq(v128.load(a, 2), n), i8x16.eq(v128.load(a, 6), brace));
    const m1 = v128.and(i8x16.eq(v128.load(a, 18), n), i8x16.eq(v128.load(a, 22), brace));
    const m2 = v128.and(i8x16.eq(v128.load(a, 34), n), i8x16.eq(v128.load(a, 38), brace));
    const m3 = v128.and(i8x16.eq(v128.load(a, 50), n), i8x16.eq(v128.load(a, 54), brace));
    if (!v128.any_true(v128.or(v128.or(m0, m1), v128.or(m2, m3)))) continue;
    let m: u64 =
      (<u64>i8x16.bitmask(m0)) |
      ((<u64>i8x16.bitmask(m1)) << 16) |
      ((<u64>i8x16.bitmask(m2)) << 32) |
      ((<u64>i8x16.bitmask(m3)) << 48);
    while (m != 0) {
      const k = p + <i32>ctz(m);
      if (k > last) break;
      const q = line + <usize>k;
      if (load<u32>(q) == 0x736e6422 && load<u16>(q + 4) == 0x3a22 && load<u8>(q + 6) == 0x7b)
        return true;
      m &= m - 1;
    }
  }
  return false;
}

// ---- the checking walk (json-bytes.ts) ----

function skipWs(p: usize): usize {
  while (p < end) {
    const c = load<u8>(p);
    if (c > 32 || (c != 32 && c != 10 && c != 13 && c != 9)) break;
    p++;
  }
  return p;
}

function isHex(c: u32): bool {
  return c - 48 < 10 || (c | 32) - 97 < 6;
}

/**
 * From just after an opening quote: the index after the closing quote, or 0. Sixteen bytes a
 * step find the first quote, backslash or byte outside printable ASCII (signed below 32: the
 * control bytes and every byte from 128).
 */
function skipString(p: usize): usize {
  const quote = i8x16.splat(34);
  const backslash = i8x16.splat(92);
  const space = i8x16.splat(32);
  while (true) {
    const v = v128.load(p);
    const m = i8x16.bitmask(
      v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_s(v, space)),
    );
    if (m == 0) {
      p += 16;
      if (p >= end) return 0;
      continue;
    }
    p += <usize>ctz(m);
    if (p >= end) return 0;
    const c = load<u8>(p);
    if (c == 34) return p + 1;
    if (c != 92) return 0;
    p++;
    if (p >= end) return 0;
    const e = <u32>load<u8>(p);
    if (e == 34 || e == 92 || e == 47 || e == 98 || e == 102 || e == 110 || e == 114 || e == 116)
      p++;
    else if (e == 117) {
      if (p + 5 > end) return 0;
      if (
        !isHex(<u32>load<u8>(p + 1)) ||
        !isHex(<u32>load<u8>(p + 2)) ||
        !isHex(<u32>load<u8>(p + 3)) ||
        !isHex(<u32>load<u8>(p + 4))
      )
        return 0;
      p += 5;
    } else return 0;
  }
}

function skipDigits(p: usize): usize {
  while (p < end && <u32>load<u8>(p) - 48 < 10) p++;
  return p;
}

/** A JSON number (RFC 8259) from p: the index after it, or 0. */
function skipNumber(p: usize): usize {
  if (load<u8>(p) == 45) p++;
  if (p >= end) return 0;
  const first = <u32>load<u8>(p);
  if (first == 48) p++;
  else if (first - 49 < 9) p = skipDigits(p + 1);
  else return 0;
  if (p < end && load<u8>(p) == 46) {
    const from = p + 1;
    p = skipDigits(from);
    if (p == from) return 0;
  }
  if (p < end && (load<u8>(p) | 32) == 101) {
    p++;
    if (p < end && (load<u8>(p) == 43 || load<u8>(p) == 45)) p++;
    const from = p;
    p = skipDigits(from);
    if (p == from) return 0;
  }
  return p;
}

/** Any value from p (no whitespace before it): the index after it, or 0. */
function skipValue(p: usize): usize {
  if (p >= end) return 0;
  const c = <u32>load<u8>(p);
  if (c == 34) return skipString(p + 1);
  if (c == 116) return p + 4 <= end && load<u32>(p) == 0x65757274 ? p + 4 : 0;
  if (c == 102) return p + 5 <= end && load<u32>(p + 1) == 0x65736c61 ? p + 5 : 0;
  if (c == 110) return p + 4 <= end && load<u32>(p) == 0x6c6c756e ? p + 4 : 0;
  if (c == 123 || c == 91) return skipContainer(p);
  return skipNumber(p);
}

const OPEN: i32 = 0;
const ELEMENT: i32 = 1;
const AFTER: i32 = 2;

/**
 * An object or array from its bracket at p: the index after it, or 0. Iterative: the open
 * containers are bits of `objects` (1: object), at most MAX_DEPTH of them.
 */
function skipContainer(p: usize): usize {
  let depth: i32 = 0;
  let objects: u64 = 0;
  let state = OPEN;
  while (true) {
    if (state == OPEN) {
      if (depth >= MAX_DEPTH) return 0;
      const object = load<u8>(p) == 123;
      objects = (objects << 1) | (object ? 1 : 0);
      depth++;
      p = skipWs(p + 1);
      if (p >= end) return 0;
      if (<u32>load<u8>(p) == (object ? 125 : 93)) {
        p++;
        depth--;
        objects >>= 1;
        if (depth == 0) return p;
        state = AFTER;
      } else state = ELEMENT;
    } else if (state == ELEMENT) {
      if ((objects & 1) != 0) {
        if (load<u8>(p) != 34) return 0;
        p = skipString(p + 1);
        if (p == 0) return 0;
        p = skipWs(p);
        if (p >= end || load<u8>(p) != 58) return 0;
        p = skipWs(p + 1);
        if (p >= end) return 0;
      }
      const c = <u32>load<u8>(p);
      if (c == 123 || c == 91) state = OPEN;
      else {
        p = skipValue(p);
        if (p == 0) return 0;
        state = AFTER;
      }
    } else {
      p = skipWs(p);
      if (p >= end) return 0;
      const c = <u32>load<u8>(p);
      if (c == ((objects & 1) != 0 ? 125 : 93)) {
        p++;
        depth--;
        objects >>= 1;
        if (depth == 0) return p;
      } else if (c == 44) {
        p = skipWs(p + 1);
        if (p >= end) return 0;
        state = ELEMENT;
      } else return 0;
    }
  }
}

// ---- the memos (byte-memo.ts) ----

function arenaOf(m: u32): usize {
  return ARENAS + (m == 0 ? 0 : m == 1 ? <usize>ARENA0 : <usize>(ARENA0 + ARENA1));
}

function arenaSize(m: u32): u32 {
  return m == 0 ? ARENA0 : m == 1 ? ARENA1 : ARENA2;
}

/** Hash of the (at most) 64 bytes from v that are inside the line. */
function prefixHash(v: usize): u32 {
  let x: u64 = 0xcbf29ce484222325;
  const P: u64 = 0x100000001b3;
  if (v + 64 <= end) {
    x = (x ^ load<u64>(v)) * P;
    x = (x ^ load<u64>(v, 8)) * P;
    x = (x ^ load<u64>(v, 16)) * P;
    x = (x ^ load<u64>(v, 24)) * P;
    x = (x ^ load<u64>(v, 32)) * P;
    x = (x ^ load<u64>(v, 40)) * P;
    x = (x ^ load<u64>(v, 48)) * P;
    x = (x ^ load<u64>(v, 56)) * P;
  } else {
    let p = v;
    for (; p + 4 <= end; p += 4) {
      x = (x ^ (<u64>load<u8>(p))) * P;
      x = (x ^ (<u64>load<u8>(p, 1))) * P;
      x = (x ^ (<u64>load<u8>(p, 2))) * P;
      x = (x ^ (<u64>load<u8>(p, 3))) * P;
    }
    for (; p < end; p++) x = (x ^ (<u64>load<u8>(p))) * P;
  }
  return (<u32>(x >> 32)) ^ (<u32>x);
}

/**
 * Whether bytes [a, a + n) and [b, b + n) are the same: 64 bytes a step, then 16, then the last
 * 16 (or, below 16, the lanes below n of the 16 at each).
 */
function same(a: usize, b: usize, n: u32): bool {
  if (n < 16)
    return !v128.any_true(v128.and(v128.xor(v128.load(a), v128.load(b)), lanesBelow(<i32>n)));
  const last = <usize>n - 16;
  let i: usize = 0;
  for (; i + 48 < last; i += 64) {
    const d = v128.or(
      v128.or(
        v128.xor(v128.load(a + i), v128.load(b + i)),
        v128.xor(v128.load(a + i, 16), v128.load(b + i, 16)),
      ),
      v128.or(
        v128.xor(v128.load(a + i, 32), v128.load(b + i, 32)),
        v128.xor(v128.load(a + i, 48), v128.load(b + i, 48)),
      ),
    );
    if (v128.any_true(d)) return false;
  }
  for (; i < last; i += 16)
    if (v128.any_true(v128.xor(v128.load(a + i), v128.load(b + i)))) return false;
  return !v128.any_true(v128.xor(v128.load(a + last), v128.load(b + last)));
}

/**
 * The object at v through memo m: the entry whose bytes the line holds at v (they are a whole
 * object checked before, so the value ends with them), else a new entry for the value checked
 * here, or -1 when it is too big to keep. Sets memoEnd (0: not JSON) and memoStamp, a number
 * new with every entry kept: the reader builds a value once per stamp.
 */
function memoFind(m: u32, v: usize): i32 {
  const key = prefixHash(v);
  const slot = key & (MEMO_SLOTS - 1);
  const table = MEMO_TABLES + <usize>(m * ENTRIES) * 16;
  const arena = arenaOf(m);
  const first = slot * WAYS;
  for (let e = first; e < first + WAYS; e++) {
    const t = table + <usize>e * 16;
    const n = load<u32>(t, 8);
    if (n == 0 || load<u32>(t) != key || v + <usize>n > end) continue;
    if (!same(arena + <usize>load<u32>(t, 4), v, n)) continue;
    memoEnd = v + <usize>n;
    memoStamp = load<i32>(t, 12);
    return <i32>(m * ENTRIES + e);
  }
  const p = skipValue(v);
  memoEnd = p;
  if (p == 0) return -1;
  const n = <u32>(p - v);
  const size = arenaSize(m);
  if (n > size) return -1;
  if (unchecked(used[m]) + n > size) {
    // Full: the memo starts over.
    for (let e: u32 = 0; e < ENTRIES; e++) store<u32>(table + <usize>e * 16, 0, 8);
    unchecked((used[m] = 0));
  }
  const ways = MEMO_WAYS + <usize>(m * MEMO_SLOTS + slot);
  const way = <u32>load<u8>(ways);
  store<u8>(ways, <u8>((way + 1) & (WAYS - 1)));
  const e = first + way;
  const t = table + <usize>e * 16;
  const at = unchecked(used[m]);
  memory.copy(arena + <usize>at, v, <usize>n);
  stamps++;
  if (stamps == 0) stamps = 1;
  store<u32>(t, key);
  store<u32>(t, at, 4);
  store<u32>(t, n, 8);
  store<i32>(t, stamps, 12);
  unchecked((used[m] = at + n));
  memoStamp = stamps;
  return <i32>(m * ENTRIES + e);
}

// ---- l4 read here (formats/hubble-l4.ts addKernelL4) ----

/** What decodeL4 read: the code (see there) and the ports, source << 16 | destination. */
let l4Code: i32 = 0;
let l4Ports: i32 = 0;
/** The value of the port port() read. */
let portValue: i32 = 0;

/**
 * Whether the n bytes at p (8 <= n <= 16), wholly inside the line, are those of the words a
 * (their first 8, little-endian) and b (their last 8).
 */
function bytesAre(p: usize, n: i32, a: u64, b: u64): bool {
  return p + <usize>n <= end && load<u64>(p) == a && load<u64>(p + <usize>n - 8) == b;
}

/** A port at p as JSON writes it (digits, no leading zero) from 0 to 65535: the index after it, or 0. */
function port(p: usize): usize {
  const from = p;
  let v: i32 = 0;
  while (p < end && <u32>load<u8>(p) - 48 < 10) {
    if (p - from == 5) return 0;
    v = v * 10 + <i32>load<u8>(p) - 48;
    p++;
  }
  if (p == from || (p - from > 1 && load<u8>(from) == 48) || v > 65535) return 0;
  portValue = v;
  return p;
}

/**
 * The `l4` object at v when it is exactly `{"TCP":{"source_port":S,"destination_port":D}}` (or
 * UDP), optionally with `,"flags":{"NAME":true,…}` after D (names of capital letters): what
 * Hubble writes for nearly every flow. Sets l4Code — 1 TCP, 2 UDP, 4: flags, 8 SYN, 16 ACK, 32
 * FIN, 64 RST — and l4Ports; the index after the object, or 0 for any other bytes (the memo
 * reads them). Every such object is valid JSON, and what the reader would build of it is all in
 * those two numbers: no value is built for it.
 */
function decodeL4(v: usize): usize {
  let code: i32;
  // `{"TCP":{` or `{"UDP":{`, then `"source_port":`.
  const w = v + 22 <= end ? load<u64>(v) : 0;
  if (w == 0x7b3a22504354227b) code = 1;
  else if (w == 0x7b3a22504455227b) code = 2;
  else return 0;
  if (!bytesAre(v + 8, 14, 0x5f656372756f7322, 0x3a2274726f705f65)) return 0;
  let p = port(v + 22);
  if (p == 0) return 0;
  const source = portValue;
  // `,"destination_port":`
  if (!bytesAre(p, 16, 0x6e6974736564222c, 0x6f705f6e6f697461)) return 0;
  if (p + 20 > end || load<u32>(p + 16) != 0x3a227472) return 0;
  p = port(p + 20);
  if (p == 0) return 0;
  const destination = portValue;
  if (bytesAre(p, 10, 0x227367616c66222c, 0x7b3a227367616c66)) {
    // `,"flags":{`
    code |= 4;
    p += 10;
    while (true) {
      if (p >= end || load<u8>(p) != 34) return 0;
      const k = p + 1;
      p = k;
      while (p < end && <u32>load<u8>(p) - 65 < 26) p++;
      // `":true`
      if (p == k || p + 6 > end || load<u32>(p) != 0x72743a22 || load<u16>(p + 4) != 0x6575)
        return 0;
      if (p - k == 3) {
        const name = load<u16>(k) | ((<u32>load<u8>(k + 2)) << 16);
        if (name == 0x4e5953)
          code |= 8; // SYN
        else if (name == 0x4b4341)
          code |= 16; // ACK
        else if (name == 0x4e4946)
          code |= 32; // FIN
        else if (name == 0x545352) code |= 64; // RST
      }
      p += 6;
      if (p >= end) return 0;
      const c = load<u8>(p);
      p++;
      if (c == 125) break;
      if (c != 44) return 0;
    }
  }
  if (p + 2 > end || load<u16>(p) != 0x7d7d) return 0;
  l4Code = code;
  l4Ports = (source << 16) | destination;
  return p + 2;
}

// ---- the line ----

/**
 * The keys last seen at the first SEEN places of an object of each level, SEEN_SIZE bytes each:
 * their first 16 bytes (the lanes below their length, the others zero), those lanes, their last
 * 16, their length (0: none kept; kept up to 32 bytes) and their index (-1: not asked for).
 * Hubble writes the members of every flow in much the same order: a key found here is not
 * scanned, hashed and looked up again.
 */
const SEEN: i32 = 32;
const SEEN_SIZE: i32 = 64;
const seen: usize = memory.data(2 * SEEN * SEEN_SIZE, 16);
/** Where the key key() read ends (its closing quote), or 0 when the key is not one we read. */
let keyQuote: usize = 0;

/**
 * The index at `level` (-1: not asked for) of the key whose bytes start at k, kept at `c` (the
 * place of `seen` of the key's member, 0: none); sets keyQuote. A key is printable ASCII without
 * escapes (an escaped key could spell an asked-for key): its bytes run to the first quote,
 * backslash or byte outside printable ASCII, found sixteen bytes a step, and that byte must be a
 * quote inside the line.
 */
function key(level: i32, c: usize, k: usize): i32 {
  const quote = i8x16.splat(34);
  const backslash = i8x16.splat(92);
  const space = i8x16.splat(32);
  const head = v128.load(k);
  let p = k;
  let v = head;
  while (true) {
    const m = i8x16.bitmask(
      v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_s(v, space)),
    );
    if (m != 0) {
      p += <usize>ctz(m);
      break;
    }
    p += 16;
    if (p >= end) {
      keyQuote = 0;
      return -1;
    }
    v = v128.load(p);
  }
  if (p >= end || load<u8>(p) != 34) {
    keyQuote = 0;
    return -1;
  }
  keyQuote = p;
  const n = <i32>(p - k);
  const below = lanesBelow(n);
  const first = v128.and(head, below);
  const index = findKey(level, k, n, keyHash(first, n), first, below);
  if (c != 0) {
    v128.store(c, first);
    v128.store(c, below, 16);
    v128.store(c, v128.load(p - 16), 32);
    store<i32>(c, n > 0 && n <= 32 ? n : 0, 48);
    store<i32>(c, index, 52);
  }
  return index;
}

/**
 * The members of the object whose `{` is at p, at `level`: the asked-for keys written out (the
 * `flow` object's own members too). The index after the closing brace, or 0.
 */
function members(p: usize, level: i32, flowIndex: i32): usize {
  /** The member's place in the object (the keys seen there last: `seen`). */
  let pos = 0;
  p = skipWs(p + 1);
  if (p >= end) return 0;
  if (load<u8>(p) == 125) return p + 1;
  while (true) {
    if (load<u8>(p) != 34) return 0;
    // The key seen at this place last: the same bytes, then a quote, are a key, and that one.
    const k = p + 1;
    const kept = pos < SEEN ? seen + <usize>(((level - 1) * SEEN + pos) * SEEN_SIZE) : 0;
    const n = kept != 0 ? load<i32>(kept, 48) : 0;
    const q = k + <usize>n;
    let index: i32;
    if (
      n != 0 &&
      q < end &&
      load<u8>(q) == 34 &&
      i8x16.all_true(i8x16.eq(v128.and(v128.load(k), v128.load(kept, 16)), v128.load(kept))) &&
      (n <= 16 || i8x16.all_true(i8x16.eq(v128.load(q - 16), v128.load(kept, 32))))
    ) {
      index = load<i32>(kept, 52);
      p = q;
    } else {
      index = key(level, kept, k);
      p = keyQuote;
      if (p == 0) return 0;
    }
    pos++;
    // `":` and the value, as Hubble writes them; else whitespace around the colon.
    if (p + 2 < end && load<u8>(p + 1) == 58 && load<u8>(p + 2) > 32) p += 2;
    else {
      p = skipWs(p + 1);
      if (p >= end || load<u8>(p) != 58) return 0;
      p = skipWs(p + 1);
      if (p >= end) return 0;
    }
    const v = p;
    if (index >= 0) {
      if (entries >= OUT_MAX) return 0;
      const o = OUT + <usize>entries * 20;
      entries++;
      let entry: i32 = -1;
      memoStamp = 0;
      const at = (level - 1) * 256 + index;
      const m = index < 256 ? <i32>unchecked(memoOf[at]) - 1 : -1;
      if (level == 1 && index == flowIndex && load<u8>(v) == 123) p = members(v, 2, -1);
      else if (m == 2 && (p = decodeL4(v)) != 0) {
        // Read here: the entry says so (below -1), the stamp's place holds the ports.
        entry = -2 - l4Code;
        memoStamp = l4Ports;
      } else if (m >= 0 && load<u8>(v) == 123) {
        entry = memoFind(<u32>m, v);
        p = memoEnd;
      } else if (m >= 0 && load<u8>(v) == 34 && unchecked(stringMemo[at]) != 0) {
        // A string is kept by its own bytes: the line's end moved to its end for the lookup,
        // else the hash of a short one would take in the bytes that follow it.
        p = skipString(v + 1);
        if (p == 0) return 0;
        const lineEnd = end;
        end = p;
        entry = memoFind(<u32>m, v);
        end = lineEnd;
        p = memoEnd;
      } else p = skipValue(v);
      if (p == 0) return 0;
      store<i32>(o, (level << 16) | index);
      store<i32>(o, <i32>(v - IN), 4);
      store<i32>(o, <i32>(p - IN), 8);
      store<i32>(o, entry, 12);
      store<i32>(o, memoStamp, 16);
    } else {
      p = skipValue(v);
      if (p == 0) return 0;
    }
    // `,"` as Hubble writes them; else whitespace around the comma, or the closing brace.
    if (p + 1 < end && load<u8>(p) == 44 && load<u8>(p + 1) == 34) {
      p++;
      continue;
    }
    p = skipWs(p);
    if (p >= end) return 0;
    const c = load<u8>(p);
    if (c == 125) return p + 1;
    if (c != 44) return 0;
    p = skipWs(p + 1);
    if (p >= end) return 0;
  }
}

/**
 * The line of `len` bytes at IN + at: REPLY when `dropReplies` and it is a reply without a DNS
 * answer (never checked further: hubble.ts skippedReply), FAIL when the JavaScript path must
 * read it, else the number of members written at OUT. `flowIndex`: the top-level key `flow`.
 */
export function scan(at: i32, len: i32, dropReplies: i32, flowIndex: i32): i32 {
  const line = IN + <usize>at;
  if (dropReplies != 0 && hasReplyMark(line, len) && !hasDnsMark(line, len)) return REPLY;
  end = line + <usize>len;
  entries = 0;
  let p = skipWs(line);
  if (p >= end || load<u8>(p) != 123) return FAIL;
  p = members(p, 1, flowIndex);
  if (p == 0) return FAIL;
  if (skipWs(p) != end) return FAIL;
  return entries;
}

/** Where the members are written. */
export function out(): usize {
  return OUT;
}
