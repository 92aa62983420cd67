/**
 * NetworkPolicy ports as the API types them: a quoted "8050" is a port name (IntOrString), not
 * the number, and an unreadable port never widens a rule to every port. Built on the real
 * netpol-analyzer case `minimal_test_in_ns` (tests/fixtures/netpol-cases, see its SOURCES.md)
 * with its policy's port edited in the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInventory, parseMetadataText } from '../../../../src/lib/engine/inventory/index';
import {
  computeConnectivity,
  connectivityContext,
  formatConnlistText,
} from '../../../../src/lib/engine/evaluate/index';
import { validatePolicy } from '../../../../src/lib/engine/policy/validate';

const CASE = join(import.meta.dirname, '../../../fixtures/netpol-cases/tests/minimal_test_in_ns');
const WORKLOADS = readFileSync(join(CASE, 'namespace_and_deployments.yaml'), 'utf8');
const POLICY = readFileSync(join(CASE, 'netpol.yaml'), 'utf8');
const B_TO_A = 'hello-world/workload-b[Deployment] => hello-world/workload-a[Deployment]';

/** The case with `port: 8050` of its one ingress rule replaced by `replacement`. */
function withPort(replacement: string) {
  const policy = POLICY.replace('- port: 8050', `- port: ${replacement}`);
  const objects = [WORKLOADS, policy].flatMap(
    (t, i) => parseMetadataText(t, i === 0 ? 'workloads.yaml' : 'netpol.yaml').objects,
  );
  const { inventory, diagnostics } = buildInventory(objects, 'test');
  const conns = computeConnectivity(connectivityContext(inventory, { ipBlockMatchesPods: false }));
  const line = formatConnlistText(conns)
    .split('\n')
    .find((l) => l.startsWith(`${B_TO_A} :`));
  return { policy: inventory.networkPolicies[0]!, diagnostics, line };
}

describe('readNetworkPolicy: ports', () => {
  it('reads the number as the case has it', () => {
    const r = withPort('8050');
    expect(r.policy.spec.ingress?.[0]?.ports).toEqual([{ protocol: 'TCP', port: 8050 }]);
    expect(r.line).toBe(`${B_TO_A} : TCP 8050`);
    expect(r.diagnostics).toEqual([]);
  });

  it('keeps a quoted number as a port name, which allows nothing and fails validation', () => {
    const r = withPort('"8050"');
    expect(r.policy.spec.ingress?.[0]?.ports).toEqual([{ protocol: 'TCP', port: '8050' }]);
    expect(r.line).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      [
        'warning',
        "NetworkPolicy allow-hello-world-b-to-a-app: port '8050' is a string, so a port name, and matches no port",
      ],
    ]);
    expect(validatePolicy(r.policy).errors).toEqual([
      { path: 'spec.ingress[0].ports[0].port', message: "invalid port name '8050'" },
    ]);
  });

  it('drops a rule whose only port is unreadable instead of allowing every port', () => {
    const r = withPort('{number: 8050}');
    expect(r.policy.spec.ingress).toEqual([]);
    expect(r.line).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'NetworkPolicy allow-hello-world-b-to-a-app: unreadable port {"number":8050} dropped',
    ]);
  });
});

/** The case with the text `from` of its policy replaced by `to` (a malformed part). */
function edited(from: string, to: string) {
  const lf = POLICY.replace(/\r\n/g, '\n');
  const policy = lf.replace(from, to);
  expect(policy).not.toBe(lf);
  const objects = [WORKLOADS, policy].flatMap(
    (t, i) => parseMetadataText(t, i === 0 ? 'workloads.yaml' : 'netpol.yaml').objects,
  );
  const { inventory, diagnostics } = buildInventory(objects, 'test');
  const text = formatConnlistText(
    computeConnectivity(connectivityContext(inventory, { ipBlockMatchesPods: false })),
  );
  return { policy: inventory.networkPolicies[0]!, diagnostics, text };
}

const NS_SELECTOR = `    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: hello-world`;

describe('readNetworkPolicy: malformed parts are evaluated fail-closed', () => {
  it.each([
    [
      'an unknown operator',
      `    - namespaceSelector:
        matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: Inn
          values: [hello-world]`,
    ],
    ['a string selector', `    - namespaceSelector: "kubernetes.io/metadata.name=hello-world"`],
    ['matchLabels as a list', `    - namespaceSelector:\n        matchLabels: [hello-world]`],
    [
      'a label value Kubernetes rejects',
      `    - namespaceSelector:\n        matchLabels:\n          team: "<img src=x>"`,
    ],
    [
      'Exists with values',
      `    - podSelector:
        matchExpressions:
        - key: app
          operator: Exists
          values: [b-app]`,
    ],
  ])('a peer with %s allows nothing (it was read as "every namespace")', (_, peer) => {
    const r = edited(NS_SELECTOR, peer);
    expect(r.policy.spec.ingress).toEqual([]);
    expect(r.text).not.toContain(`${B_TO_A} :`);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/allows nothing/);
  });

  it('a rule whose from is not a list allows nothing (it was read as "from everywhere")', () => {
    const r = edited(`  - from:\n${NS_SELECTOR}`, `  - from: hello-world`);
    expect(r.policy.spec.ingress).toEqual([]);
    expect(r.text).not.toContain(`${B_TO_A} :`);
  });

  it('a malformed podSelector isolates every pod of the namespace and allows nothing', () => {
    const r = edited('  podSelector:\n    matchLabels:\n      app: a-app', '  podSelector: a-app');
    expect(r.policy.spec).toMatchObject({ podSelector: {}, ingress: [] });
    expect(r.text).not.toMatch(/=> hello-world\//);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/malformed spec.podSelector/);
  });
});
