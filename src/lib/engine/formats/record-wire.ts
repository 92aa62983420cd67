/**
 * A flow reader's events — records and DNS answers, in the order the reader gave them — packed
 * in batches to cross to another thread (a reader's stage on one thread, resolution and
 * aggregation on another): `createWireWriter` takes the events as ReadOptions' `onRecord` and
 * `onAnswers` get them, `take` hands the events so far over as a batch, and `createWireReader`
 * gives them back, in the same order, to the other side's `onRecord` and `onAnswers`. A writer's
 * batches are read in the order they were taken, each once, by one reader of its own (the pair
 * keeps state across batches: strings, shapes and objects sent once).
 *
 * What is read back equals what was written (tests/unit/engine/formats/record-wire.test.ts and
 * record-wire.property.test.ts): the same keys in the same order with the same values (numbers
 * as Object.is: -0 and NaN too), none added, `undefined`-valued keys kept, objects without a
 * prototype (the endpoints' labels) given back without one. The writer's objects must not change
 * once written, and the records read are for reading, not changing: objects inside them may be
 * shared between records (below). The consumers, addFlow and addAnswers, change none.
 *
 * The encoding, so that both sides do little (the reading side is the aggregating thread's,
 * the writing side the parsing one's):
 * - every object is written as a shape — its keys in order, with the kind of each value — and
 *   its values; a shape is sent once, then named by its number. Numbers go into a Float64Array;
 *   strings (each sent once, then by number), shape numbers and references into an Int32Array —
 *   both transferred, not copied; booleans, null and undefined are in the shape; an array's
 *   elements each with their kind. The reader sets the keys it knows (NAMED: the records', the
 *   endpoints'…) by name — a store site per key, each seeing few shapes — and any other by a key
 *   held in a variable (several times slower in V8).
 * - an object without a prototype (labels: one object per label set, shared by every record of
 *   that set) is sent once and then by its number: records that shared it share one on the
 *   reading side, and only those (resolution memoizes by the labels object,
 *   inventory/identity.ts).
 * - a plain object (an endpoint, a Service, TCP flags…) equal to one of the last RING written
 *   under the same key — the same keys in the same order, the same values (numbers as
 *   Object.is, objects without a prototype by identity, plain objects and arrays of strings by
 *   content) — is sent as that one's slot, and the reader gives the object it made for it:
 *   records whose endpoints are equal share one endpoint object on the reading side (of the
 *   200k capture's records, 72 % of the endpoints and 58 % of the Services repeat the last one
 *   written under their key), and so do records that shared one (while it is among the last
 *   RING under its key).
 * - what the columns do not describe (a value of another class — a Date, a Map —, a bigint, an
 *   array with holes or other members, objects nested deeper than MAX_DEPTH) goes whole in a
 *   side list for the structured clone, in order, by the clone's rules (within it, objects
 *   without a prototype come back with Object's).
 * The tables are bounded: once the strings, shapes or objects without a prototype sent reach
 * their limit (WireLimits), a `take` starts both sides' tables again.
 *
 * The split by stage (workspace/import.ts readStage) carries on it the events the Hubble
 * kernel's flow slots do not (formats/hubble-slot-wire.ts): the records of lines the kernel gives
 * up on, and DNS answers that come with them, in order with the slot lines. A read carried on
 * the wire alone measured slower than byte ranges — writing the records costs the parsing thread
 * about what aggregating them did (docs/SCALE.md, "Several cores on one machine").
 */
import type { FlowRecord } from '../model/flow';
import type { DnsAnswer } from '../model/names';
import type { ReadOptions } from './types';

/** Kinds of a value in a shape. */
const NUM = 0;
const STR = 1;
const TRUE = 2;
const FALSE = 3;
const UNDEF = 4;
const NULL = 5;
/** A plain object: a shape number and its values, or -1 - the ring slot of an equal one. */
const OBJ = 6;
/** An object without a prototype: its number, or NEW, a shape number and its values. */
const BARE = 7;
/** An array of strings: its length, then the strings. */
const STRS = 8;
/** A value of the side list (the structured clone). */
const CLONE = 9;
/** Any other array: its length, then each element's kind and value. */
const ARR = 10;

/** In the Int32 column where an event starts: DNS answers (then the answers, time and end). */
const ANSWERS = -1;
/** BARE: the object is new (its shape and values follow, it takes the next number). */
const NEW = -1;

/** Plain objects remembered per key (a ring of the last RING written). */
const RING = 4;
/** Objects nested deeper go whole to the side list (the structured clone keeps cycles). */
const MAX_DEPTH = 32;
/**
 * Limits of the tables kept across batches: strings, shapes, objects without a prototype. Once
 * one is reached, a `take` starts both sides' tables again.
 */
export interface WireLimits {
  strings: number;
  shapes: number;
  bares: number;
}
const LIMITS: WireLimits = { strings: 1 << 16, shapes: 1 << 12, bares: 1 << 14 };

/** A shape as sent: the keys in order, the kind of each value, whether it has no prototype. */
interface ShapeDef {
  keys: string[];
  kinds: number[];
  bare: boolean;
  /** A key named `__proto__` (of an object with a prototype): defined, not assigned. */
  proto: boolean;
}

/** Events of a reader, in order (structured-cloneable; `ints` and `nums` are transferred). */
export interface WireBatch {
  /** Events in the batch. */
  events: number;
  /** The tables start again before this batch. */
  reset: boolean;
  /** Strings and shapes first sent in this batch, in the order of their numbers. */
  strings: string[];
  shapes: ShapeDef[];
  ints: Int32Array;
  nums: Float64Array;
  /** Values the columns do not describe, in order. */
  side: unknown[];
  /**
   * Instead of events, lines of the Hubble kernel's flow slots (formats/hubble-slot-wire.ts):
   * the split by stage hands both kinds of batch over in one order (workspace/import.ts).
   */
  slots?: import('./hubble-slot-wire').SlotBatch;
}

export interface WireWriter {
  /** ReadOptions' `onRecord`. */
  record(r: FlowRecord): void;
  /** ReadOptions' `onAnswers`. */
  answers(answers: DnsAnswer[], time: number | null, end: number | undefined): void;
  /** Events written since the last `take`. */
  readonly pending: number;
  /**
   * The events since the last `take` as a batch, and the buffers to transfer with it (the
   * batch's own: the writer keeps no reference to them).
   */
  take(): { batch: WireBatch; transfer: ArrayBuffer[] };
}

export interface WireReader {
  /** Gives a batch's events in their order to `into`. */
  read(batch: WireBatch, into: Pick<ReadOptions, 'onRecord' | 'onAnswers'>): void;
}

/**
 * Keys the reader sets by name (a switch of named stores, each site seeing the few shapes the
 * formats give: many times cheaper than setting a key held in a variable): the records', the
 * endpoints', and those of the small objects they hold (Service, ICMP, TCP flags, L7, answers).
 * Any other key is set by its name in a variable.
 */
const NAMED = [
  // FlowRecord
  'format',
  'time',
  'timeEnd',
  'resolutionMs',
  'srcIp',
  'srcPort',
  'dstIp',
  'dstPort',
  'proto',
  'icmp',
  'direction',
  'reporter',
  'isReply',
  'initiator',
  'tcpFlags',
  'verdict',
  'verdictRaw',
  'bytes',
  'packets',
  'bytesRev',
  'packetsRev',
  'count',
  'src',
  'dst',
  'origDstIp',
  'origDstPort',
  'l7',
  'answers',
  'namesOnly',
  'policies',
  // EndpointMeta
  'namespace',
  'pod',
  'workloadKind',
  'workloadName',
  'labels',
  'service',
  'node',
  'kind',
  'identity',
  'cluster',
  'names',
  'aggregatedName',
  // Service, ICMP, TCP flags, L7, DnsAnswer
  'name',
  'port',
  'type',
  'code',
  'syn',
  'ack',
  'fin',
  'rst',
  'method',
  'url',
  'query',
  'rcode',
  'ips',
  'topic',
  'apiKey',
  'ip',
  'ttl',
] as const;
const NAMED_CODE: ReadonlyMap<string, number> = new Map(NAMED.map((k, i) => [k, i]));

/** Sets `o[key]` (`code`: its index in NAMED, else OTHER) by a named store where it can. */
function set(o: Record<string, unknown>, code: number, key: string, v: unknown): void {
  switch (code) {
    case 0:
      o.format = v;
      return;
    case 1:
      o.time = v;
      return;
    case 2:
      o.timeEnd = v;
      return;
    case 3:
      o.resolutionMs = v;
      return;
    case 4:
      o.srcIp = v;
      return;
    case 5:
      o.srcPort = v;
      return;
    case 6:
      o.dstIp = v;
      return;
    case 7:
      o.dstPort = v;
      return;
    case 8:
      o.proto = v;
      return;
    case 9:
      o.icmp = v;
      return;
    case 10:
      o.direction = v;
      return;
    case 11:
      o.reporter = v;
      return;
    case 12:
      o.isReply = v;
      return;
    case 13:
      o.initiator = v;
      return;
    case 14:
      o.tcpFlags = v;
      return;
    case 15:
      o.verdict = v;
      return;
    case 16:
      o.verdictRaw = v;
      return;
    case 17:
      o.bytes = v;
      return;
    case 18:
      o.packets = v;
      return;
    case 19:
      o.bytesRev = v;
      return;
    case 20:
      o.packetsRev = v;
      return;
    case 21:
      o.count = v;
      return;
    case 22:
      o.src = v;
      return;
    case 23:
      o.dst = v;
      return;
    case 24:
      o.origDstIp = v;
      return;
    case 25:
      o.origDstPort = v;
      return;
    case 26:
      o.l7 = v;
      return;
    case 27:
      o.answers = v;
      return;
    case 28:
      o.namesOnly = v;
      return;
    case 29:
      o.policies = v;
      return;
    case 30:
      o.namespace = v;
      return;
    case 31:
      o.pod = v;
      return;
    case 32:
      o.workloadKind = v;
      return;
    case 33:
      o.workloadName = v;
      return;
    case 34:
      o.labels = v;
      return;
    case 35:
      o.service = v;
      return;
    case 36:
      o.node = v;
      return;
    case 37:
      o.kind = v;
      return;
    case 38:
      o.identity = v;
      return;
    case 39:
      o.cluster = v;
      return;
    case 40:
      o.names = v;
      return;
    case 41:
      o.aggregatedName = v;
      return;
    case 42:
      o.name = v;
      return;
    case 43:
      o.port = v;
      return;
    case 44:
      o.type = v;
      return;
    case 45:
      o.code = v;
      return;
    case 46:
      o.syn = v;
      return;
    case 47:
      o.ack = v;
      return;
    case 48:
      o.fin = v;
      return;
    case 49:
      o.rst = v;
      return;
    case 50:
      o.method = v;
      return;
    case 51:
      o.url = v;
      return;
    case 52:
      o.query = v;
      return;
    case 53:
      o.rcode = v;
      return;
    case 54:
      o.ips = v;
      return;
    case 55:
      o.topic = v;
      return;
    case 56:
      o.apiKey = v;
      return;
    case 57:
      o.ip = v;
      return;
    case 58:
      o.ttl = v;
      return;
    default:
      o[key] = v;
  }
}

/** The ring of keys not in NAMED. */
const OTHER = NAMED.length;

/** A node of the writer's shape tree: the keys and kinds so far; `id` once sent as a shape. */
interface ShapeNode {
  id: number;
  keys: string[];
  kinds: number[];
  /** The last key's index in NAMED (OTHER: none). */
  code: number;
  /** The string last written at this node (the last key's value) and its number. */
  lastString: string | null;
  lastStringId: number;
  /** The next nodes by key and kind: the first few in arrays, any further in a map. */
  nextKeys: string[];
  nextKinds: number[];
  next: ShapeNode[];
  more: Map<string, ShapeNode> | null;
}

/** Next nodes of a node kept in its arrays (a linear search); those beyond, in its map. */
const NEXT_IN_ARRAYS = 8;

function shapeNode(keys: string[], kinds: number[]): ShapeNode {
  const last = keys[keys.length - 1];
  return {
    id: -1,
    keys,
    kinds,
    code: last === undefined ? OTHER : (NAMED_CODE.get(last) ?? OTHER),
    lastString: null,
    lastStringId: -1,
    nextKeys: [],
    nextKinds: [],
    next: [],
    more: null,
  };
}

/** The node after `node` for `key` with a value of `kind`. */
function step(node: ShapeNode, key: string, kind: number): ShapeNode {
  const keys = node.nextKeys;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === key && node.nextKinds[i] === kind) return node.next[i] as ShapeNode;
  }
  const name = `${kind}:${key}`;
  const known = node.more?.get(name);
  if (known !== undefined) return known;
  const n = shapeNode([...node.keys, key], [...node.kinds, kind]);
  if (keys.length < NEXT_IN_ARRAYS) {
    keys.push(key);
    node.nextKinds.push(kind);
    node.next.push(n);
  } else (node.more ??= new Map()).set(name, n);
  return n;
}

/**
 * A plain object as written, to tell an equal one: its keys and values in order (a plain
 * object's value as its Seen, an array of strings as a copy).
 */
class Seen {
  constructor(
    readonly keys: string[],
    readonly values: unknown[],
  ) {}
}

/** The object `o` (plain) has the keys and values of `seen`, in the same order. */
function sameAs(o: Record<string, unknown>, seen: Seen): boolean {
  const keys = seen.keys;
  const values = seen.values;
  let i = 0;
  for (const key in o) {
    if (keys[i] !== key || !sameValue(o[key], values[i])) return false;
    i++;
  }
  return i === keys.length;
}

/**
 * The slot of the ring whose Seen has the keys and values of `o` (plain), in the same order, or
 * -1; `first`: the slot to try first (the last one hit or written: most hits are there).
 */
function match(o: Record<string, unknown>, ring: (Seen | null)[], first: number): number {
  for (let k = 0; k < RING; k++) {
    const slot = (first + k) & (RING - 1);
    const seen = ring[slot];
    if (seen == null) continue;
    if (sameAs(o, seen)) return slot;
  }
  return -1;
}

/** `v` written now equals `w` as a Seen holds it (numbers as Object.is). */
function sameValue(v: unknown, w: unknown): boolean {
  if (v === w) return v !== 0 || 1 / (v as number) === 1 / (w as number);
  if (typeof v !== 'object' || v === null) return v !== v && w !== w;
  if (w instanceof Seen) return isPlain(v) && sameAs(v as Record<string, unknown>, w);
  return Array.isArray(w) && sameStrings(v, w as string[]);
}

/** `v` (an object) is an array of strings equal to `w`. */
function sameStrings(v: object, w: string[]): boolean {
  if (!Array.isArray(v) || v.length !== w.length || !isArray(v) || !isStrings(v)) return false;
  for (let i = 0; i < w.length; i++) if (v[i] !== w[i]) return false;
  return true;
}

/** An object of Object.prototype. */
function isPlain(v: object): boolean {
  return Object.getPrototypeOf(v) === Object.prototype;
}

/** An array of Array.prototype without holes or other members (as the columns give it). */
function isArray(v: unknown[]): boolean {
  return Object.getPrototypeOf(v) === Array.prototype && Object.keys(v).length === v.length;
}

/** The array's elements are all strings. */
function isStrings(v: unknown[]): boolean {
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
}

/** A column twice as long, with the values so far. */
function doubled<T extends Int32Array | Float64Array>(a: T): T {
  const more = new (a.constructor as new (n: number) => T)(a.length * 2);
  more.set(a);
  return more;
}

const FIRST_INTS = 1 << 12;
const FIRST_NUMS = 1 << 10;

class Writer implements WireWriter {
  constructor(private readonly limits: WireLimits) {}

  private events = 0;
  private ints = new Int32Array(FIRST_INTS);
  private nums = new Float64Array(FIRST_NUMS);
  private ip = 0;
  private np = 0;
  private side: unknown[] = [];
  private newStrings: string[] = [];
  private newShapes: ShapeDef[] = [];
  private reset = false;
  // Kept across batches (until a reset).
  private strings = new Map<string, number>();
  private plainRoot = shapeNode([], []);
  private bareRoot = shapeNode([], []);
  private elementRoot = shapeNode([], []);
  private shapes = 0;
  private bares = new Map<object, number>();
  // Kept across batches.
  private readonly rings: (Seen | null)[][] = Array.from({ length: OTHER + 1 }, () =>
    new Array<Seen | null>(RING).fill(null),
  );
  private readonly ringNext = new Int32Array(OTHER + 1);
  /** Per ring, the slot last hit or written. */
  private readonly ringLast = new Int32Array(OTHER + 1);
  /** The Seen of the last plain object `member` wrote. */
  private seen: Seen | null = null;

  get pending(): number {
    return this.events;
  }

  record(r: FlowRecord): void {
    const o = r as unknown as Record<string, unknown>;
    const at = this.ip;
    this.int(0);
    let node = this.plainRoot;
    for (const key in o) node = this.member(node, key, o[key], 0);
    this.ints[at] = this.shapeId(node, false);
    this.events++;
  }

  answers(answers: DnsAnswer[], time: number | null, end: number | undefined): void {
    this.int(ANSWERS);
    this.element(answers, 0);
    this.element(time, 0);
    this.element(end, 0);
    this.events++;
  }

  /** Writes a value that is no object's member (an array's element, an event's): kind first. */
  private element(v: unknown, depth: number): void {
    const at = this.ip;
    this.int(0);
    // A member of key '' of a tree of its own, whose nodes tell the kind. Written once the
    // member is: writing it may give `ints` a longer array (`this.ints[at] = this.member(…)`
    // would take the array before the member is written, and write the kind into the old one).
    const kind = this.member(this.elementRoot, '', v, depth).kinds[0] as number;
    this.ints[at] = kind;
  }

  take(): { batch: WireBatch; transfer: ArrayBuffer[] } {
    const batch: WireBatch = {
      events: this.events,
      reset: this.reset,
      strings: this.newStrings,
      shapes: this.newShapes,
      ints: this.ints,
      nums: this.nums,
      side: this.side,
    };
    this.reset = false;
    if (
      this.strings.size >= this.limits.strings ||
      this.shapes >= this.limits.shapes ||
      this.bares.size >= this.limits.bares
    ) {
      // Both sides start their tables again at the next batch (the rings hold no numbers).
      this.reset = true;
      this.strings = new Map();
      this.plainRoot = shapeNode([], []);
      this.bareRoot = shapeNode([], []);
      // (Its nodes hold the numbers of the strings last written there.)
      this.elementRoot = shapeNode([], []);
      this.shapes = 0;
      this.bares = new Map();
    }
    // The next batch's columns sized for as many values as this one's.
    this.ints = new Int32Array(Math.max(FIRST_INTS, this.ip + (this.ip >> 2)));
    this.nums = new Float64Array(Math.max(FIRST_NUMS, this.np + (this.np >> 2)));
    this.events = 0;
    this.ip = 0;
    this.np = 0;
    this.side = [];
    this.newStrings = [];
    this.newShapes = [];
    return {
      batch,
      transfer: [batch.ints.buffer as ArrayBuffer, batch.nums.buffer as ArrayBuffer],
    };
  }

  private int(v: number): void {
    if (this.ip === this.ints.length) this.ints = doubled(this.ints);
    this.ints[this.ip++] = v;
  }

  private num(v: number): void {
    if (this.np === this.nums.length) this.nums = doubled(this.nums);
    this.nums[this.np++] = v;
  }

  private stringId(s: string): number {
    let id = this.strings.get(s);
    if (id === undefined) {
      id = this.strings.size;
      this.strings.set(s, id);
      this.newStrings.push(s);
    }
    return id;
  }

  /** The shape's number, sent with this batch when it is new. */
  private shapeId(node: ShapeNode, bare: boolean): number {
    if (node.id < 0) {
      node.id = this.shapes++;
      this.newShapes.push({
        keys: node.keys,
        kinds: node.kinds,
        bare,
        proto: !bare && node.keys.includes('__proto__'),
      });
    }
    return node.id;
  }

  /**
   * Writes the value `v` of `key` of an object at `depth`; gives the shape node after it. A
   * plain object's Seen is left in `seen`.
   */
  private member(node: ShapeNode, key: string, v: unknown, depth: number): ShapeNode {
    // typeof in comparisons: V8 turns each into a type check (a switch calls a builtin).
    if (typeof v === 'string') {
      const next = step(node, key, STR);
      // Most strings are the one last written at the same place (format, verdict, kind…).
      if (next.lastString === v) this.int(next.lastStringId);
      else {
        const id = this.stringId(v);
        next.lastString = v;
        next.lastStringId = id;
        this.int(id);
      }
      return next;
    }
    if (typeof v === 'number') {
      this.num(v);
      return step(node, key, NUM);
    }
    if (typeof v === 'object') {
      if (v === null) return step(node, key, NULL);
      if (depth < MAX_DEPTH) {
        if (!(v instanceof Object) && Object.getPrototypeOf(v) === null) {
          this.bare(v as Record<string, unknown>, depth + 1);
          return step(node, key, BARE);
        }
        if (Array.isArray(v)) {
          if (isArray(v)) {
            this.int(v.length);
            if (isStrings(v)) {
              for (let i = 0; i < v.length; i++) this.int(this.stringId(v[i] as string));
              return step(node, key, STRS);
            }
            for (let i = 0; i < v.length; i++) this.element(v[i], depth + 1);
            return step(node, key, ARR);
          }
        } else if (isPlain(v)) {
          const next = step(node, key, OBJ);
          this.plain(next.code, v as Record<string, unknown>, depth + 1);
          return next;
        }
      }
    } else if (v === true) return step(node, key, TRUE);
    else if (v === false) return step(node, key, FALSE);
    else if (v === undefined) return step(node, key, UNDEF);
    this.side.push(v);
    return step(node, key, CLONE);
  }

  /** A plain object, value of a key of index `code`: as an equal one of its ring, or written. */
  private plain(code: number, o: Record<string, unknown>, depth: number): void {
    const ring = this.rings[code] as (Seen | null)[];
    const slot = match(o, ring, this.ringLast[code] as number);
    if (slot >= 0) {
      this.ringLast[code] = slot;
      this.int(-1 - slot);
      this.seen = ring[slot] as Seen;
      return;
    }
    const at = this.ip;
    this.int(0);
    let node = this.plainRoot;
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const key in o) {
      const v = o[key];
      node = this.member(node, key, v, depth);
      keys.push(key);
      const kind = node.kinds[node.kinds.length - 1];
      values.push(kind === OBJ ? this.seen : kind === STRS ? [...(v as string[])] : v);
    }
    this.ints[at] = this.shapeId(node, false);
    const seen = new Seen(keys, values);
    // Its slot taken after its values' (the reader fills its rings in the same order).
    const next = this.ringNext[code] as number;
    this.ringNext[code] = next + 1;
    ring[next & (RING - 1)] = seen;
    this.ringLast[code] = next & (RING - 1);
    this.seen = seen;
  }

  /** An object without a prototype: its number, or NEW and it written (and numbered). */
  private bare(o: Record<string, unknown>, depth: number): void {
    const id = this.bares.get(o);
    if (id !== undefined) return this.int(id);
    // Numbered before its values (it may hold itself).
    this.bares.set(o, this.bares.size);
    this.int(NEW);
    const at = this.ip;
    this.int(0);
    let node = this.bareRoot;
    // A loop of its own: V8 keeps a `for in` that met an object in dictionary mode (as
    // objects without a prototype are) on its slow path.
    for (const key in o) node = this.member(node, key, o[key], depth);
    this.ints[at] = this.shapeId(node, true);
  }
}

/** A writer; `limits` (tests) in place of the tables' usual limits. */
export function createWireWriter(limits: WireLimits = LIMITS): WireWriter {
  return new Writer(limits);
}

/** A shape as the reader keeps it: with each key's index in NAMED (OTHER: none). */
interface ReadShape {
  keys: string[];
  codes: Int32Array;
  kinds: Int32Array;
  bare: boolean;
  proto: boolean;
}

function readShape(def: ShapeDef): ReadShape {
  return {
    keys: def.keys,
    codes: Int32Array.from(def.keys, (k) => NAMED_CODE.get(k) ?? OTHER),
    kinds: Int32Array.from(def.kinds),
    bare: def.bare,
    proto: def.proto,
  };
}

class Reader implements WireReader {
  private strings: string[] = [];
  private shapes: ReadShape[] = [];
  private bares: object[] = [];
  private readonly rings: unknown[][] = Array.from({ length: OTHER + 1 }, () =>
    new Array<unknown>(RING).fill(null),
  );
  private readonly ringNext = new Int32Array(OTHER + 1);
  // The batch being read.
  private ints: Int32Array = new Int32Array(0);
  private nums: Float64Array = new Float64Array(0);
  private side: unknown[] = [];
  private ip = 0;
  private np = 0;
  private sp = 0;

  read(batch: WireBatch, into: Pick<ReadOptions, 'onRecord' | 'onAnswers'>): void {
    if (batch.reset) {
      this.strings = [];
      this.shapes = [];
      this.bares = [];
    }
    for (const s of batch.strings) this.strings.push(s);
    for (const s of batch.shapes) this.shapes.push(readShape(s));
    this.ints = batch.ints;
    this.nums = batch.nums;
    this.side = batch.side;
    this.ip = 0;
    this.np = 0;
    this.sp = 0;
    for (let e = 0; e < batch.events; e++) {
      const head = this.ints[this.ip++] as number;
      if (head === ANSWERS) {
        const answers = this.element() as DnsAnswer[];
        const time = this.element() as number | null;
        const end = this.element() as number | undefined;
        into.onAnswers?.(answers, time, end);
      } else into.onRecord(this.fill({}, head) as unknown as FlowRecord);
    }
  }

  /** The values of an object of shape number `id`, set on `o` in their order. */
  private fill(o: Record<string, unknown>, id: number): Record<string, unknown> {
    const shape = this.shapes[id] as ReadShape;
    const keys = shape.keys;
    const codes = shape.codes;
    const kinds = shape.kinds;
    for (let i = 0; i < kinds.length; i++) {
      const code = codes[i] as number;
      const kind = kinds[i] as number;
      // The common kinds here, the others through value() (a call fewer: 280 -> 246 ns a record).
      const v =
        kind === STR
          ? this.strings[this.ints[this.ip++] as number]
          : kind === NUM
            ? this.nums[this.np++]
            : this.value(kind, code);
      if (code === OTHER && shape.proto && keys[i] === '__proto__') {
        Object.defineProperty(o, '__proto__', {
          value: v,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      } else set(o, code, keys[i] as string, v);
    }
    return o;
  }

  /** The next value that is no object's member (an array's element, an event's). */
  private element(): unknown {
    const kind = this.ints[this.ip++] as number;
    return this.value(kind, OTHER);
  }

  /** The next value, of `kind`, of a key of index `code`. */
  private value(kind: number, code: number): unknown {
    switch (kind) {
      case NUM:
        return this.nums[this.np++];
      case STR:
        return this.strings[this.ints[this.ip++] as number];
      case TRUE:
        return true;
      case FALSE:
        return false;
      case UNDEF:
        return undefined;
      case NULL:
        return null;
      case OBJ: {
        const id = this.ints[this.ip++] as number;
        const ring = this.rings[code] as unknown[];
        if (id < 0) return ring[-1 - id];
        const o = this.fill({}, id);
        const next = this.ringNext[code] as number;
        this.ringNext[code] = next + 1;
        ring[next & (RING - 1)] = o;
        return o;
      }
      case BARE: {
        const id = this.ints[this.ip++] as number;
        if (id !== NEW) return this.bares[id];
        // Numbered before its values, as the writer numbers it.
        const o = Object.create(null) as Record<string, unknown>;
        this.bares.push(o);
        return this.fill(o, this.ints[this.ip++] as number);
      }
      case STRS: {
        const n = this.ints[this.ip++] as number;
        const a: string[] = [];
        for (let i = 0; i < n; i++) a.push(this.strings[this.ints[this.ip++] as number] as string);
        return a;
      }
      case ARR: {
        const n = this.ints[this.ip++] as number;
        const a: unknown[] = [];
        for (let i = 0; i < n; i++) a.push(this.element());
        return a;
      }
      default:
        // CLONE
        return this.side[this.sp++];
    }
  }
}

export function createWireReader(): WireReader {
  return new Reader();
}
