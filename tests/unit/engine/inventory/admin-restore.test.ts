/**
 * Admin policies coming back from a session file (restoreInventory → admin-restore.ts): what
 * the dump reader built comes back unchanged; a policy with a malformed kind, tier, priority or
 * subject selector is left out alone, with a sentence, and the rest of the inventory stays; a
 * malformed rule (selector, CIDR, port, action) is kept and read fail-closed, as a dump's is.
 */
import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../../../src/lib/engine/inventory/build';
import { parseMetadataText } from '../../../../src/lib/engine/inventory/parse';
import { restoreInventory } from '../../../../src/lib/engine/inventory/restore';
import type { AdminPolicy } from '../../../../src/lib/engine/model/admin-policy';

const MANIFESTS = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-b}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
  - name: from-b
    action: Deny
    from: [{namespaces: {matchExpressions: [{key: team, operator: In, values: [b]}]}}]
    ports: [{portNumber: {protocol: UDP, port: 53}}, {namedPort: http}, {portRange: {start: 8000, end: 8080}}]
---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: egress}
spec:
  tier: Baseline
  priority: 3
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}}
  egress:
  - action: Accept
    to: [{networks: [10.0.0.0/8]}, {domainNames: [example.com]}, {nodes: {}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  egress: [{action: Deny, to: [{pods: {namespaceSelector: {}, podSelector: {}}}]}]
`;

function fromDump(): AdminPolicy[] {
  const built = buildInventory(parseMetadataText(MANIFESTS, 'admin.yaml').objects, 'c');
  return built.inventory.adminPolicies!;
}

/** The dump's three policies by name (fresh copies). */
function named(): Record<'deny' | 'cnp' | 'banp', AdminPolicy> {
  const all = clone(fromDump());
  const by = (name: string) => all.find((p) => p.name === name)!;
  return { deny: by('deny-b'), cnp: by('egress'), banp: by('default') };
}

/** A stored inventory (as a session file carries it) with these admin policies. */
function restore(adminPolicies: unknown) {
  const r = restoreInventory({
    cluster: 'c',
    namespaces: [{ name: 'a', labels: {} }],
    adminPolicies,
  });
  expect(r).not.toBeNull();
  return r!;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('admin policies restored from a session file', () => {
  it('gives back what the dump reader built, unchanged', () => {
    const policies = fromDump();
    expect(policies).toHaveLength(3);
    const r = restore(clone(policies));
    expect(r.problems).toEqual([]);
    expect(r.dropped).toBe(0);
    expect(r.inventory.adminPolicies).toEqual(policies);
  });

  it('leaves out only a policy whose subject selector is malformed, and says so', () => {
    const { deny, cnp, banp } = named();
    const bad = {
      ...deny,
      name: 'wide',
      // A number as a label value: what is left of the selector ({}) would select every namespace.
      subject: { namespaces: { matchLabels: { team: 5 } } },
    };
    const r = restore([bad, cnp, banp]);
    expect(r.inventory.adminPolicies!.map((p) => p.name)).toEqual(['egress', 'default']);
    expect(r.inventory.namespaces).toEqual([{ name: 'a', labels: {} }]);
    expect(r.dropped).toBe(1);
    expect(r.problems).toEqual([
      'admin network policy "wide": subject namespaces is not a valid label selector; the policy was left out',
    ]);
  });

  it('leaves out a policy whose kind, name, tier or priority does not hold', () => {
    const { deny } = named();
    const r = restore([
      { ...deny, kind: 'NetworkPolicy' },
      { ...deny, name: 7 },
      { ...deny, tier: 'Baseline' },
      { ...deny, priority: 1001 },
      { ...deny, priority: '5' },
      { ...deny, ingress: 'all' },
      'not a policy',
      deny,
    ]);
    expect(r.inventory.adminPolicies).toEqual([deny]);
    expect(r.dropped).toBe(7);
    expect(r.problems).toHaveLength(7);
    expect(r.problems[2]).toBe(
      'admin network policy "deny-b": tier "Baseline" does not fit its kind; the policy was left out',
    );
    expect(r.problems[3]).toBe(
      'admin network policy "deny-b": invalid priority 1001; the policy was left out',
    );
  });

  it('keeps a malformed rule, marked invalid (fail-closed), with a sentence for each fault', () => {
    const { deny } = named();
    const rule = deny.ingress[0]!;
    const r = restore([
      {
        ...deny,
        egress: [{ ...rule, name: 'cidr', peers: [{ networks: ['999.1.1.1/8'] }] }],
        ingress: [
          {
            ...rule,
            peers: [{ namespaces: { matchExpressions: [{ key: 'team', operator: 'Is' }] } }],
          },
          { ...rule, name: 'port', ports: [{ protocol: 'TCP', port: 70000 }] },
          { ...rule, name: 'action', action: 'Allow-all' },
          { ...rule, name: 'two-fields', peers: [{ namespaces: {}, pods: {} }] },
          rule,
        ],
      },
    ]);
    const { ingress, egress } = r.inventory.adminPolicies![0]!;
    expect(egress[0]!.invalid).toBe(true);
    expect(ingress.map((x) => x.invalid === true)).toEqual([true, true, true, true, false]);
    // An unknown action is read as Deny, as the dump reader reads it.
    expect(ingress[2]!.action).toBe('Deny');
    expect(ingress[4]).toEqual(rule);
    expect(r.dropped).toBe(0);
    expect(r.problems).toEqual([
      'admin network policy "deny-b": in rule "from-b": 1 malformed matchExpressions in namespaces; the rule is read fail-closed',
      'admin network policy "deny-b": in rule "port": port {"protocol":"TCP","port":70000} is not a port, a range or a named port; the rule is read fail-closed',
      'admin network policy "deny-b": in rule "action": unrecognized action "Allow-all"; the rule is read fail-closed',
      'admin network policy "deny-b": in rule "two-fields": exactly one field must be set in a rule peer; the rule is read fail-closed',
      'admin network policy "deny-b": in rule "cidr": invalid CIDR address; the rule is read fail-closed',
    ]);
  });

  it('copies only what the model defines (no stray fields, no prototype keys)', () => {
    const { deny } = named();
    const r = restore([
      JSON.parse(
        JSON.stringify({ ...deny, extra: { huge: 'x' } }).replace('{', '{"__proto__":{"a":1},'),
      ),
    ]);
    const p = r.inventory.adminPolicies![0]!;
    expect(Object.keys(p)).not.toContain('extra');
    expect(Object.keys(p)).not.toContain('__proto__');
    expect(({} as { a?: number }).a).toBeUndefined();
  });

  it('a dump: a subject selector of the wrong types selects no pod (not every pod)', () => {
    const built = buildInventory(
      parseMetadataText(
        `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: wide}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {team: [a, b]}}}
  egress: [{action: Deny, to: [{namespaces: {}}]}]
`,
        'anp.yaml',
      ).objects,
      'c',
    );
    expect(built.inventory.adminPolicies![0]!.subject).toBeNull();
    expect(built.diagnostics.map((d) => d.message)).toContain(
      'admin network policy "wide": subject namespaces is not a valid label selector',
    );
  });
});
