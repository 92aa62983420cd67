import { describe, expect, it } from 'vitest';
import { analyzeStreams, type AnalyzeInput } from '../../../src/lib/engine/pipeline';
import { queryCommunications } from '../../../src/lib/engine/aggregate/query';
import { SHOP } from './aggregate/builders';

function input(name: string, text: string, chunk = 64): AnalyzeInput {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    open: () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
          c.close();
        },
      }),
  };
}

/** Inspektor Gadget `trace network` events (the advisor's input format): web → Service api:80. */
function igOutgoing(pod: string, addr: string, port: number): string {
  return JSON.stringify({
    type: 'normal',
    k8s: { node: 'node-a', namespace: 'shop', podname: pod },
    pktType: 'OUTGOING',
    proto: 'tcp',
    port,
    dst: { kind: 'svc', addr, namespace: 'shop', name: 'api', podLabels: { app: 'api' } },
  });
}

const IG_FLOWS = [
  igOutgoing('web-5d8f7c9b6d-x2x4k', '10.96.0.50', 80),
  igOutgoing('web-5d8f7c9b6d-q9z7p', '10.96.0.50', 80),
  '{"type":"normal", this line is cut',
  igOutgoing('report-28900000-k7j2w', '10.96.0.50', 80),
].join('\n');

describe('analyzeStreams', () => {
  it('says once, when every flow input is read to its end, that the flows are read', async () => {
    // Each input's chunks given when asked for: `closed` when its last one has been taken.
    const closed = new Set<string>();
    const pulled = (name: string, text: string): AnalyzeInput => ({
      name,
      open: () => {
        const bytes = new TextEncoder().encode(text);
        let i = 0;
        return new ReadableStream<Uint8Array>({
          pull(c) {
            if (i >= bytes.length) {
              closed.add(name);
              return c.close();
            }
            c.enqueue(bytes.slice(i, (i += 64)));
          },
        });
      },
    });
    // Longer than what the sniff reads of a flow input: only the flow pass reads it to its end.
    const many = Array.from({ length: 300 }, () => IG_FLOWS).join('\n');
    const calls: string[][] = [];
    const r = await analyzeStreams(
      [pulled('a.json', many), pulled('shop.yaml', SHOP), pulled('b.json', many)],
      { onFlowsRead: () => calls.push([...closed].sort()) },
    );
    expect(calls).toEqual([['a.json', 'b.json', 'shop.yaml']]);
    expect(r.stats.initiations).toBe(2 * 300 * 3);
  });

  /** An `around` option that notes `before` and `after` the work it is given. */
  const noting =
    (seen: string[], before: string, after: string) =>
    <T>(work: () => T): T => {
      seen.push(before);
      const done = work();
      seen.push(after);
      return done;
    };

  it('builds the inventory inside aroundInventory, once, before the flows are read', async () => {
    const inputs = (): AnalyzeInput[] => [input('flows.json', IG_FLOWS), input('shop.yaml', SHOP)];
    const seen: string[] = [];
    const r = await analyzeStreams(inputs(), {
      aroundInventory: noting(seen, 'before', 'after'),
      onFlowsRead: () => seen.push('flows read'),
    });
    expect(seen).toEqual(['before', 'after', 'flows read']);
    expect(r.inventory.pods).toHaveLength(5);
    expect(r).toEqual(await analyzeStreams(inputs()));
  });

  it('builds the inventory inside aroundBuild, once for every dump, within aroundInventory', async () => {
    const inputs = (): AnalyzeInput[] => [
      input('flows.json', IG_FLOWS),
      input('a.yaml', SHOP),
      input('b.yaml', SHOP.replace(/namespace: shop/g, 'namespace: shop2')),
    ];
    const seen: string[] = [];
    const r = await analyzeStreams(inputs(), {
      aroundInventory: noting(seen, 'inventory', 'inventory built'),
      aroundBuild: noting(seen, 'build', 'built'),
      onFlowsRead: () => seen.push('flows read'),
    });
    expect(seen).toEqual(['inventory', 'build', 'built', 'inventory built', 'flows read']);
    expect(r.inventory.pods).toHaveLength(10);
    expect(r).toEqual(await analyzeStreams(inputs()));
  });

  it('reads metadata first whatever the order, then streams flows: Service port → targetPort', async () => {
    const r = await analyzeStreams([input('flows.json', IG_FLOWS), input('shop.yaml', SHOP)]);
    expect(r.files).toEqual([
      { name: 'flows.json', format: 'ig-trace-network', kind: 'flows', lines: 4, records: 3 },
      {
        name: 'shop.yaml',
        format: 'k8s-yaml',
        kind: 'metadata',
        lines: expect.any(Number),
        records: 0,
      },
    ]);
    expect(r.inventory.pods).toHaveLength(5);
    expect(r.stats).toEqual({ initiations: 3, replies: 0, undetermined: 0 });
    expect(
      r.aggregates.map((a) => [a.client, a.server, a.port, a.protocol, a.flows, a.via]),
    ).toEqual([
      [
        { type: 'workload', kind: 'CronJob', namespace: 'shop', name: 'report' },
        { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'api' },
        8080,
        'TCP',
        1,
        ['shop/api'],
      ],
      [
        { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'web' },
        { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'api' },
        8080,
        'TCP',
        2,
        ['shop/api'],
      ],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['NP-PARSE-JSON', 'flows.json', 3],
    ]);
  });

  it('gives the query what it needs: the Service entity sees both its callers', async () => {
    const r = await analyzeStreams([input('shop.yaml', SHOP), input('flows.json', IG_FLOWS, 7)]);
    const comms = queryCommunications({
      aggregates: r.aggregates,
      inventory: r.inventory,
      entity: 'Service',
    });
    expect(
      comms.map(
        (c) =>
          `${c.workload.name} ${c.direction} ${c.peer.type === 'workload' ? c.peer.name : ''} ${c.port} ${c.flows}`,
      ),
    ).toEqual([
      'api ingress report 8080 1',
      'api ingress web 8080 2',
      'api-headless ingress report 8080 1',
      'api-headless ingress web 8080 2',
    ]);
  });

  it('keeps going past a file it cannot recognise, with a diagnostic', async () => {
    const r = await analyzeStreams(
      [input('notes.txt', 'hello\nworld\n'), input('flows.json', IG_FLOWS)],
      {
        cluster: 'prod',
      },
    );
    expect(r.files.map((f) => [f.name, f.kind])).toEqual([
      ['notes.txt', 'unknown'],
      ['flows.json', 'flows'],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.file])).toContainEqual([
      'NP-FORMAT-UNKNOWN',
      'notes.txt',
    ]);
    expect(r.inventory.cluster).toBe('prod');
    // Without a dump the pod rolls up by its name; the ClusterIP stays an address on its Service port.
    const web = r.aggregates.filter((a) => a.client.type === 'workload' && a.client.name === 'web');
    expect(web.map((a) => [a.cluster, a.client, a.server, a.port])).toEqual([
      [
        'prod',
        { type: 'workload', kind: 'Deployment', namespace: 'shop', name: 'web' },
        { type: 'ip', ip: '10.96.0.50' },
        80,
      ],
    ]);
  });

  it('reports progress per file and phase', async () => {
    const seen = new Set<string>();
    await analyzeStreams([input('shop.yaml', SHOP), input('flows.json', IG_FLOWS)], {
      onProgress: (p) => seen.add(`${p.file}:${p.phase}`),
    });
    expect([...seen].sort()).toEqual(['flows.json:flows', 'flows.json:sniff', 'shop.yaml:sniff']);
  });
});
