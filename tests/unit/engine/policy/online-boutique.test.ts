/**
 * Online Boutique: upstream ships its own least-privilege NetworkPolicies. Generated from one
 * communication per connection those policies allow (with upstream's general rules), our policies
 * must allow exactly the same connections: both sets go through the evaluator's connectivity
 * report over the release manifests' workloads, and the two reports must be equal.
 */
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  computeConnectivity,
  connectivityContext,
  connlistRows,
} from '../../../../src/lib/engine/evaluate/index';
import type { Inventory, NetworkPolicy } from '../../../../src/lib/engine/model/k8s';
import { generateNamespacePolicies } from '../../../../src/lib/engine/policy/generate';
import { communicationsOf, decisionsOf, loadCase } from './golden-case';

const dir = new URL('../../../fixtures/policy/online-boutique/', import.meta.url);

function report(inventory: Inventory, policies: NetworkPolicy[]) {
  const ctx = connectivityContext(
    { ...inventory, networkPolicies: policies },
    { ipBlockMatchesPods: false },
  );
  return connlistRows(computeConnectivity(ctx));
}

describe('Online Boutique against upstream policies', () => {
  it('allows exactly the connections upstream allows', () => {
    const { c, inventory } = loadCase(dir);
    const upstream = loadAll(
      readFileSync(new URL('online-boutique_network-policies.yaml', dir), 'utf8'),
    ) as NetworkPolicy[];
    const communications = communicationsOf(c);
    const { policies } = generateNamespacePolicies({
      namespace: 'default',
      entityType: 'Deployment',
      inventory,
      communications,
      decisions: decisionsOf(c, communications),
    });
    const theirs = report(inventory, upstream);
    expect(theirs.length).toBeGreaterThan(20);
    expect(theirs).toContainEqual({
      src: 'default/checkoutservice[Deployment]',
      dst: 'default/paymentservice[Deployment]',
      conn: 'TCP 50051',
    });
    expect(report(inventory, policies)).toEqual(theirs);
  });
});
