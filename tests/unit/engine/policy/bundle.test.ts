/**
 * The namespace bundle on a real-looking namespace with a Deployment, a StatefulSet, a CronJob
 * and a Job (tests/fixtures/namespace/bookinfo-kinds, provenance in its SOURCES.md): every
 * top-level workload gets a policy whatever entity type is scoped, the app's bundle (the worker
 * API in Node) equals the CLI's byte for byte, and replayed through the project's evaluator it
 * allows every captured communication of the namespace and isolates every pod; in every dialect
 * it would break the same rows, and the app's file is the CLI's `--dialect` output.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { api } from '../../../../workers/engine-api';
import { main } from '../../../../src/cli/main';
import type { CliIo } from '../../../../src/cli/io';
import { ENTITY_TYPES, type NetworkPolicy } from '$lib/engine/model/k8s';
import {
  analyzedNamespace,
  BUNDLE_POLICY_NAMES,
  NAMESPACE_FILES,
} from '../../../fixtures/namespace/bookinfo-kinds';
import { evaluatePair } from '$lib/engine/evaluate/index';
import { namespaceBundle, uncoveredWorkloads, verifyBundle } from '$lib/engine/policy/bundle';
import { DIALECTS } from '$lib/engine/policy/dialects/index';
import { defaultDecisions, setIncluded } from '$lib/engine/policy/decisions';

const FILES = NAMESPACE_FILES;
const analyzed = analyzedNamespace;

async function cliBundle(...more: string[]): Promise<string> {
  let out = '';
  const io: CliIo = { out: (t) => void (out += t), err: () => undefined };
  const code = await main(
    [
      'generate',
      '--metadata',
      FILES[0]!,
      '--flows',
      FILES[1]!,
      FILES[2]!,
      '--namespace',
      'bookinfo',
      ...more,
    ],
    io,
  );
  expect(code).toBe(0);
  return out;
}

describe('namespace bundle', () => {
  it('covers every top-level workload of the namespace, each kind, plus the default-deny', async () => {
    const input = { ...(await analyzed()), namespace: 'bookinfo' };
    const bundle = namespaceBundle(input);
    expect(bundle.workloads.map((w) => `${w.kind} ${w.name}`)).toEqual([
      'StatefulSet details-v1',
      'Deployment productpage-v1',
      'Deployment ratings-v1',
      'CronJob reviews-v1',
      'Deployment reviews-v2',
      'Job reviews-v3',
    ]);
    expect(bundle.policies.map((p) => p.metadata.name)).toEqual(BUNDLE_POLICY_NAMES);
    expect(uncoveredWorkloads(input.inventory, input.communications, bundle.policies)).toEqual([]);
    // Without its workload's own policy, a workload with traffic is reported as cut off.
    const withoutJob = bundle.policies.filter((p) => p.metadata.name !== 'reviews-v3-job');
    expect(uncoveredWorkloads(input.inventory, input.communications, withoutJob)).toEqual([
      { kind: 'Job', namespace: 'bookinfo', name: 'reviews-v3' },
    ]);
  });

  it('allows every captured communication with a resolved peer and isolates every pod', async () => {
    const input = { ...(await analyzed()), namespace: 'bookinfo' };
    const bundle = namespaceBundle(input);
    const v = verifyBundle(input, bundle);
    expect(v.total).toBe(input.communications.length);
    expect(v.total).toBeGreaterThan(10);
    expect(v.unknown).toBe(0);
    // Denied: only the unresolved IP peers, which the default decisions leave out.
    const denied = input.communications.filter((c) => v.deniedKeys.includes(c.key));
    expect(denied.filter((c) => c.peer.type !== 'ip')).toEqual([]);
    expect(v.allowed).toBe(input.communications.filter((c) => c.peer.type !== 'ip').length);
    // Every pod of the namespace is isolated both ways: an address nothing allows is denied.
    const ctx = {
      pods: input.inventory.pods,
      namespaces: input.inventory.namespaces,
      policies: bundle.policies,
      ipBlockMatchesPods: false,
    };
    const pods = input.inventory.pods.filter((p) => p.namespace === 'bookinfo');
    expect(pods).toHaveLength(6);
    for (const pod of pods) {
      const self = { kind: 'pod' as const, pod };
      const outside = { kind: 'ip' as const, ip: '192.0.2.7' };
      expect(evaluatePair(ctx, outside, self, 9080, 'TCP').allowed).toBe(false);
      expect(evaluatePair(ctx, self, outside, 443, 'TCP').allowed).toBe(false);
    }
  });

  it('says what it would break in every dialect, as the k8s bundle does', async () => {
    const base = { ...(await analyzed()), namespace: 'bookinfo' };
    // One workload leaves out one of its rows: the bundle then breaks it.
    const row = base.communications.find(
      (c) => c.peer.type === 'workload' && c.workload.namespace === 'bookinfo',
    )!;
    const decisions = [setIncluded([row.key], false)(defaultDecisions(row.workload))];
    const input = { ...base, decisions };
    const bundle = namespaceBundle(input);
    const k8s = verifyBundle(input, bundle);
    expect(k8s.broken.map((b) => b.workload)).toContainEqual(row.workload);
    for (const dialect of DIALECTS.slice(1)) {
      const v = verifyBundle(input, bundle, Infinity, dialect);
      expect([dialect.id, v.deniedKeys, v.broken, v.allowed]).toEqual([
        dialect.id,
        k8s.deniedKeys,
        k8s.broken,
        k8s.allowed,
      ]);
    }
  });

  it('the app (worker API) downloads the same bundle as the CLI, from every entity type', async () => {
    api.useDatabase(`bundle-test-${Date.now()}`);
    for (const [i, path] of FILES.entries()) {
      const file = new File([new Uint8Array(readFileSync(path))], path.split('/').pop()!);
      const row = await api.importFile(file, { id: `f${i}`, cluster: 'kind' });
      expect(row.status).toBe('done');
    }
    const yamls = new Set<string>();
    for (const entity of ENTITY_TYPES) {
      const view = await api.namespacePolicy({ cluster: 'kind', entity, namespace: 'bookinfo' });
      expect(view.errors).toEqual([]);
      expect(view.fileName).toBe('bookinfo-namespace-k8s.yaml');
      expect(view.bundle?.uncovered).toEqual([]);
      yamls.add(view.yaml);
    }
    expect(yamls.size).toBe(1);
    const [yaml] = [...yamls];
    expect(yaml).toBe(await cliBundle());
    expect((loadAll(yaml!) as NetworkPolicy[]).length).toBe(7);
    // In every other dialect too: the app's file is the CLI's --dialect output.
    for (const dialect of DIALECTS.slice(1)) {
      const view = await api.namespacePolicy({
        cluster: 'kind',
        entity: 'all',
        namespace: 'bookinfo',
        dialect: dialect.id,
      });
      expect(view.errors).toEqual([]);
      expect(view.fileName).toBe(`bookinfo-namespace-${dialect.id}.yaml`);
      expect(view.yaml).toBe(await cliBundle('--dialect', dialect.id));
    }
  });
});
