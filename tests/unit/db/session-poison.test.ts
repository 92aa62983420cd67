/**
 * A crafted or stale session file (the attack sweep's "poisoned session"): rows of the wrong
 * shape are left out or normalised (restoreInventory, restoreAggregate), a decision row cannot
 * stand in for another workload or claim a future time, the preview writes nothing, and a
 * decision here that is newer than the file's is kept unless the user lets the file win.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDb } from '$lib/db/schema';
import { loadDecisions, saveDecisions } from '$lib/db/decisions';
import { decisionId } from '$lib/engine/restore/decisions';
import { importSession, parseSession } from '$lib/db/session';
import { defaultDecisions, setGeneral } from '$lib/engine/policy/decisions';

const W = { kind: 'Deployment', namespace: 'bookinfo', name: 'productpage-v1' };
const HEADER = { format: 'netpolish-session', version: 1, exportedAt: '2030-01-01T00:00:00Z' };
const line = (table: string, row: unknown) => JSON.stringify({ table, row });
const session = (...rows: string[]) =>
  new Blob([[JSON.stringify(HEADER), ...rows].join('\n')], { type: 'text/plain' });
let n = 0;
const fresh = () => openDb(`session-poison-${Date.now()}-${n++}`);

const allowAll = (updatedAt: number) =>
  line('decisions', {
    id: decisionId('kind', W),
    cluster: 'kind',
    value: setGeneral('ingress', 'all')(defaultDecisions(W)),
    updatedAt,
  });

describe('a poisoned session file', () => {
  it('leaves out rows of the wrong shape and keeps the rest normalised', () => {
    const parsed = parseSession(
      [
        JSON.stringify(HEADER),
        line('imports', { id: 'i1', cluster: 'kind', status: 'done', name: 'x.json' }),
        line('inventories', {
          importId: 'i1',
          cluster: 'kind',
          inventory: {
            cluster: 'kind',
            pods: 'every pod',
            namespaces: [{ name: 'bookinfo', labels: { a: 1, b: 'ok' } }, 7],
            networkPolicies: [
              {
                metadata: { name: 'open', namespace: 'bookinfo' },
                spec: { podSelector: {}, ingress: [{ from: [{ podSelector: 'everything' }] }] },
              },
            ],
          },
        }),
        line('aggregates', {
          importId: 'i1',
          key: 'x',
          cluster: 'kind',
          client: { type: 'ip', ip: '999.1.1.1' },
          server: { type: 'ip', ip: '10.0.0.1' },
          port: 80,
          protocol: 'TCP',
          flows: 1,
          buckets: [],
        }),
        line('aggregates', {
          importId: 'i1',
          key: 'forged-key',
          cluster: 'kind',
          client: { type: 'ip', ip: '10.0.0.2' },
          server: { type: 'ip', ip: '10.0.0.1' },
          port: 80,
          protocol: 'TCP',
          flows: 1,
          firstSeen: 8.64e16,
          buckets: [],
        }),
        line('decisions', {
          ...JSON.parse(allowAll(1)).row,
          id: 'kind|Deployment/bookinfo/ratings',
        }),
      ].join('\n'),
    );
    expect(parsed.skipped).toBe(2);
    expect(parsed.dropped).toBe(2);
    const inv = parsed.inventories[0]!.inventory;
    expect(inv.pods).toEqual([]);
    expect(inv.namespaces).toEqual([{ name: 'bookinfo', labels: { b: 'ok' } }]);
    // The malformed peer allows nothing (fail-closed), it is not read as "from everywhere".
    expect(inv.networkPolicies[0]!.spec.ingress).toEqual([]);
    const a = parsed.aggregates[0]!;
    expect(a.key).toBe('kind|ip:10.0.0.2|ip:10.0.0.1|80/TCP');
    expect(a.firstSeen).toBeNull();
  });

  it('leaves out only a malformed admin policy, and says so on its import', () => {
    const policy = (name: string, subject: unknown) => ({
      kind: 'AdminNetworkPolicy',
      name,
      tier: 'Admin',
      priority: 5,
      subject,
      ingress: [],
      egress: [{ name: 'deny', action: 'Deny', peers: [{ namespaces: {} }] }],
    });
    const parsed = parseSession(
      [
        JSON.stringify(HEADER),
        line('imports', { id: 'i1', cluster: 'kind', status: 'done', name: 'x.json' }),
        line('inventories', {
          importId: 'i1',
          cluster: 'kind',
          inventory: {
            cluster: 'kind',
            namespaces: [{ name: 'bookinfo', labels: {} }],
            // A label value that is a number: what is left ({}) would select every namespace.
            adminPolicies: [
              policy('wide', { namespaces: { matchLabels: { team: 5 } } }),
              policy('deny', { namespaces: {} }),
            ],
          },
        }),
      ].join('\n'),
    );
    expect(parsed.skipped).toBe(0);
    const inv = parsed.inventories[0]!.inventory;
    expect(inv.adminPolicies!.map((p) => p.name)).toEqual(['deny']);
    expect(inv.namespaces).toHaveLength(1);
    const message =
      'admin network policy "wide": subject namespaces is not a valid label selector; the policy was left out';
    expect(parsed.problems).toEqual([message]);
    expect(parsed.imports[0]!.diagnostics).toContainEqual({
      code: 'NP-ADMIN-POLICY',
      severity: 'error',
      message,
      file: 'x.json',
      line: null,
    });
  });

  it('previews without writing, keeps a newer decision here, and lets the file win when asked', async () => {
    const db = fresh();
    const mine = setGeneral('ingress', 'block')(defaultDecisions(W));
    await saveDecisions(db, 'kind', mine);
    // The file's allow-all claims the year 9999: it is clamped to the export time (2030)…
    const file = session(allowAll(Date.UTC(9999, 0, 1)));
    const preview = await importSession(db, file, { apply: false });
    expect(preview.decisions).toEqual({ added: 0, newer: 1, olderKept: 0, olderReplaced: 0 });
    expect(await loadDecisions(db, 'kind', W)).toEqual(mine);
    // …and a decision made here after the export is newer than it: kept.
    const later = await db.decisions.get(decisionId('kind', W));
    await db.decisions.put({ ...later!, updatedAt: Date.UTC(2031, 0, 1) });
    const merged = await importSession(db, file, { apply: true });
    expect(merged.decisions).toEqual({ added: 0, newer: 0, olderKept: 1, olderReplaced: 0 });
    expect((await loadDecisions(db, 'kind', W)).ingressDefault).toBe('block');
    const forced = await importSession(db, file, { apply: true, fileWins: true });
    expect(forced.decisions.olderReplaced).toBe(1);
    expect((await loadDecisions(db, 'kind', W)).ingressDefault).toBe('all');
  });
});
