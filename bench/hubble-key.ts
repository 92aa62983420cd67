/**
 * The aggregation key of a Hubble line for the "distinct key first" bounds (bench/key-bound.ts,
 * bench/first-sight.ts; docs/SCALE.md): every member `hubbleRecord` reads but the times, `l4`
 * reduced to its protocol and server port, the client port and flags only when `is_reply` does
 * not decide, and the second of the time.
 */
export type Obj = Record<string, unknown>;
type Ports = { source_port?: number; destination_port?: number; flags?: Obj };

/** The key's parts: the flags and the client port only when `is_reply` does not decide. */
export function keyParts(f: {
  src: unknown;
  dst: unknown;
  ip: unknown;
  svc: unknown;
  l4: unknown;
  reply: unknown;
  rest: unknown[];
  sec: number;
}): unknown[] {
  const l4 = (f.l4 ?? {}) as Record<string, Ports>;
  const proto = Object.keys(l4)[0] ?? '';
  const p = l4[proto] ?? {};
  const decided = f.reply === false;
  const flags = decided ? 0 : (p.flags?.SYN ? 1 : 0) | (p.flags?.ACK ? 2 : 0);
  const client = decided ? 0 : (p.source_port ?? -1);
  const parts = [f.src, f.dst, f.ip, f.svc, proto, p.destination_port ?? -1, client, flags];
  return [...parts, String(f.reply), ...f.rest, f.sec];
}

/** The same key from JSON.parse (endpoints by their identity fields), for counting. */
export function parsedKey(text: string): unknown[] {
  const o = JSON.parse(text) as Obj;
  const f = o.flow as Obj;
  const ep = (e: unknown) => {
    const x = (e ?? {}) as Obj;
    return JSON.stringify([x.ID, x.namespace, x.pod_name, x.labels, x.workloads]);
  };
  const ipObj = (f.IP ?? {}) as Obj;
  const time = String(f.time ?? o.time);
  const rest = [f.verdict, f.traffic_direction, f.drop_reason_desc, o.node_name];
  return keyParts({
    src: ep(f.source),
    dst: ep(f.destination),
    ip: `${String(ipObj.source)}>${String(ipObj.destination)}`,
    svc: JSON.stringify(f.destination_service ?? null),
    l4: f.l4,
    reply: f.is_reply,
    rest,
    sec: Math.floor(Date.parse(time.slice(0, 23) + 'Z') / 1000),
  });
}
