/**
 * Golden policy cases (tests/fixtures/policy/<case>/case.json): loading the metadata through the
 * real inventory builder, expanding client → server connections into both ends'
 * communications, and turning the case's decisions into Decisions.
 */
import { readFileSync } from 'node:fs';
import { buildInventory } from '../../../../src/lib/engine/inventory/build';
import { parseMetadataText } from '../../../../src/lib/engine/inventory/parse';
import type {
  Communication,
  Peer,
  WorkloadRef,
} from '../../../../src/lib/engine/model/communication';
import type { EntityType, Inventory } from '../../../../src/lib/engine/model/k8s';
import { cidrContainsIp } from '../../../../src/lib/engine/model/address';
import {
  type Decisions,
  defaultDecisions,
  setIncluded,
} from '../../../../src/lib/engine/policy/decisions';
import type { IpAlias } from '../../../../src/lib/engine/policy/generate';
import { comm } from './builders';
import { workloadKey } from '../../../../src/lib/engine/model/ids';

export interface GoldenCase {
  description: string;
  metadata: string[];
  entityType: EntityType;
  namespace: string;
  /** `Kind/ns/name`; absent = the whole namespace. */
  workload?: string;
  aliases?: IpAlias[];
  connections: { client: string; server: string; port: number; protocol: string }[];
  /** `*` applies to every workload; then `Kind/ns/name` entries; `include`/`exclude` name rows as `<direction> <peer> <port>/<proto>`. */
  decisions?: Record<string, Partial<Decisions> & { include?: string[]; exclude?: string[] }>;
}

export const sameRef = (a: WorkloadRef, b: WorkloadRef) =>
  a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

export function parseRef(s: string): WorkloadRef {
  const [kind = '', namespace = '', name = ''] = s.split('/');
  return { kind, namespace, name };
}

function endpoint(s: string, aliases: IpAlias[]): Peer {
  if (s.startsWith('ip:')) {
    const ip = s.slice(3);
    const alias = aliases.find((a) => cidrContainsIp(a.cidr, ip))?.name ?? null;
    return { type: 'ip', ip, class: 'external', alias };
  }
  if (s.startsWith('node:')) {
    const [name = '', ip = ''] = s.slice(5).split('@');
    return { type: 'node', name, ip };
  }
  return { type: 'workload', ...parseRef(s) };
}

/** Each connection seen from both ends: the client's egress and the server's ingress. */
export function communicationsOf(c: GoldenCase): Communication[] {
  const aliases = c.aliases ?? [];
  return c.connections.flatMap(({ client, server, port, protocol }) => {
    const src = endpoint(client, aliases);
    const dst = endpoint(server, aliases);
    const out: Communication[] = [];
    if (src.type === 'workload') out.push(comm(parseRef(client), 'egress', dst, port, protocol));
    if (dst.type === 'workload') out.push(comm(parseRef(server), 'ingress', src, port, protocol));
    return out;
  });
}

export function rowName(c: Communication): string {
  const p = c.peer;
  const peer =
    p.type === 'workload'
      ? workloadKey(p)
      : p.type === 'node'
        ? `node:${p.name}@${p.ip}`
        : `ip:${p.ip}`;
  return `${c.direction} ${peer} ${c.port}/${c.protocol}`;
}

export function decisionsOf(c: GoldenCase, comms: Communication[]): Decisions[] {
  const refs = new Map(comms.map((x) => [workloadKey(x.workload), x.workload]));
  return [...refs.entries()].map(([id, w]) => {
    const spec = { ...c.decisions?.['*'], ...c.decisions?.[id] };
    const { include = [], exclude = [], ...rest } = spec;
    const mine = comms.filter((x) => workloadKey(x.workload) === id);
    const keys = (names: string[]) =>
      names.map((n) => {
        const found = mine.find((x) => rowName(x) === n);
        if (!found) throw new Error(`case decision names no row: ${n}`);
        return found.key;
      });
    const base: Decisions = { ...defaultDecisions(w), ...rest, workload: w };
    return setIncluded(keys(exclude), false)(setIncluded(keys(include), true)(base));
  });
}

export function loadCase(dir: URL): { c: GoldenCase; inventory: Inventory } {
  const c = JSON.parse(readFileSync(new URL('case.json', dir), 'utf8')) as GoldenCase;
  const objects = c.metadata.flatMap(
    (f) => parseMetadataText(readFileSync(new URL(f, dir), 'utf8'), f).objects,
  );
  return { c, inventory: buildInventory(objects, 'golden').inventory };
}
