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
