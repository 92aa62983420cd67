/**
 * evaluatePair on small scenarios, one SEMANTICS.md rule per test: isolation per direction,
 * defaulting, empty vs absent lists, peers AND/OR, ipBlock (IPv4/IPv6, except), named ports
 * with protocol, endPort, SCTP, additive policies, the ipBlock and hostNetwork switches.
 */
import ipaddr from 'ipaddr.js';
import { describe, expect, it, vi } from 'vitest';
import { parsedIp } from '../../../../src/lib/engine/model/address';
import { evaluatePair, type EvalPeer } from '../../../../src/lib/engine/evaluate/index';
import { asPeer, context, ipPeer, netpol, ns, pod } from './builders';

const web = pod('shop', 'web', { app: 'web' }, { ips: ['10.0.0.1'], hostIP: '192.168.0.10' });
const api = pod(
  'shop',
  'api',
  { app: 'api' },
  {
    ips: ['10.0.0.2', 'fd00::2'],
    hostIP: '192.168.0.11',
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'UDP' },
    ],
  },
);
const batch = pod('jobs', 'batch', { app: 'web' }, { ips: ['10.0.1.1'] });
const pods = [web, api, batch];
const namespaces = [ns('shop', { team: 'a' }), ns('jobs', { team: 'b' })];

const allowed = (
  policies: Parameters<typeof context>[1],
  src = web,
  dst = api,
  port = 8080,
  proto = 'TCP',
) =>
  evaluatePair(context(pods, policies, { namespaces }), asPeer(src), asPeer(dst), port, proto)
    .allowed;

describe('evaluatePair: isolation and defaulting', () => {
  it('allows everything when no policy selects either pod', () => {
    const v = evaluatePair(
      context(pods, [], { namespaces }),
      asPeer(web),
      asPeer(api),
      5432,
      'TCP',
    );
    expect(v).toEqual({
      allowed: true,
      egress: { allowed: true, isolated: false, allowedBy: [], isolatingPolicies: [] },
      ingress: { allowed: true, isolated: false, allowedBy: [], isolatingPolicies: [] },
    });
  });

  it('a policy with no rules and no policyTypes is an ingress default deny only', () => {
    const deny = netpol('shop', 'deny', { podSelector: { matchLabels: { app: 'api' } } });
    const v = evaluatePair(
      context(pods, [deny], { namespaces }),
      asPeer(web),
      asPeer(api),
      8080,
      'TCP',
    );
    expect(v.allowed).toBe(false);
    expect(v.ingress).toEqual({
      allowed: false,
      isolated: true,
      allowedBy: [],
      isolatingPolicies: ['shop/deny'],
    });
    expect(v.egress.isolated).toBe(false);
    expect(allowed([deny], api, web)).toBe(true);
  });

  it('egress: [] without policyTypes does not isolate egress; listing Egress does', () => {
    expect(allowed([netpol('shop', 'e', { egress: [] })], web, batch)).toBe(true);
    const v = evaluatePair(
      context(pods, [netpol('shop', 'e', { policyTypes: ['Egress'] })], { namespaces }),
      asPeer(web),
      asPeer(batch),
      80,
      'TCP',
    );
    expect(v.egress).toEqual({
      allowed: false,
      isolated: true,
      allowedBy: [],
      isolatingPolicies: ['shop/e'],
    });
    expect(v.ingress.isolated).toBe(false);
  });

  it('non-empty egress without policyTypes makes the policy egress-isolating too', () => {
    const p = netpol('shop', 'e', {
      podSelector: { matchLabels: { app: 'web' } },
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }] }],
    });
    expect(allowed([p], web, api)).toBe(true);
    expect(allowed([p], web, batch)).toBe(false);
    expect(allowed([p], batch, web)).toBe(false); // Ingress is in the defaulted policyTypes too
  });

  it('policies of another namespace never isolate a pod', () => {
    expect(allowed([netpol('jobs', 'deny-all', { policyTypes: ['Ingress', 'Egress'] })])).toBe(
      true,
    );
  });
});

describe('evaluatePair: rules', () => {
  const onApi = { podSelector: { matchLabels: { app: 'api' } } };

  it('ingress: [] denies, [{}] allows all protocols, an absent or empty from allows every source', () => {
    expect(allowed([netpol('shop', 'p', { ...onApi, ingress: [] })])).toBe(false);
    expect(
      allowed([netpol('shop', 'p', { ...onApi, ingress: [{}] })], web, api, 7070, 'SCTP'),
    ).toBe(true);
    const emptyFrom = netpol('shop', 'p', {
      ...onApi,
      ingress: [{ from: [], ports: [{ port: 8080 }] }],
    });
    expect(allowed([emptyFrom], batch)).toBe(true);
    expect(
      evaluatePair(context(pods, [emptyFrom]), ipPeer('203.0.113.9'), asPeer(api), 8080, 'TCP')
        .allowed,
    ).toBe(true);
  });

  it('ports: the protocol defaults to TCP, and empty ports allow every port', () => {
    const p = netpol('shop', 'p', { ...onApi, ingress: [{ ports: [{ port: 8080 }] }] });
    expect(allowed([p])).toBe(true);
    expect(allowed([p], web, api, 8080, 'UDP')).toBe(false);
    expect(allowed([p], web, api, 8081)).toBe(false);
    expect(
      allowed([netpol('shop', 'p', { ...onApi, ingress: [{ ports: [] }] })], web, api, 1, 'UDP'),
    ).toBe(true);
    expect(
      allowed(
        [netpol('shop', 'p', { ...onApi, ingress: [{ ports: [{ protocol: 'UDP' }] }] })],
        web,
        api,
        9,
        'UDP',
      ),
    ).toBe(true);
  });

  it('a podSelector peer selects only in the policy namespace; namespaceSelector {} in all', () => {
    const sameNs = netpol('shop', 'p', {
      ...onApi,
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
    });
    expect(allowed([sameNs], web)).toBe(true);
    expect(allowed([sameNs], batch)).toBe(false);
    const anyNs = netpol('shop', 'p', {
      ...onApi,
      ingress: [
        { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] },
      ],
    });
    expect(allowed([anyNs], batch)).toBe(true);
  });

  it('namespaceSelector AND podSelector in one peer; two peers are ORed', () => {
    const and = netpol('shop', 'p', {
      ...onApi,
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { team: 'b' } },
              podSelector: { matchLabels: { app: 'db' } },
            },
          ],
        },
      ],
    });
    expect(allowed([and], batch)).toBe(false);
    const or = netpol('shop', 'p', {
      ...onApi,
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { team: 'b' } } },
            { podSelector: { matchLabels: { app: 'db' } } },
          ],
        },
      ],
    });
    expect(allowed([or], batch)).toBe(true);
    expect(allowed([or], web)).toBe(false);
  });

  it('namespaces are selectable by kubernetes.io/metadata.name even when the dump lacks it', () => {
    const p = netpol('shop', 'p', {
      ...onApi,
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'jobs' } } }],
        },
      ],
    });
    expect(allowed([p], batch)).toBe(true);
    expect(allowed([p], web)).toBe(false);
    // A namespace that only pods mention exists with its name label.
    const stray = pod('tools', 'dbg', {});
    const q = netpol('shop', 'q', {
      ...onApi,
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } },
          ],
        },
      ],
    });
    expect(
      evaluatePair(context([...pods, stray], [q]), asPeer(stray), asPeer(api), 1, 'TCP').allowed,
    ).toBe(true);
  });

  it('named ports resolve on the destination pod with the rule protocol', () => {
    const rule = (port: string, protocol?: string) =>
      netpol('shop', 'p', {
        ...onApi,
        ingress: [{ ports: [protocol ? { port, protocol } : { port }] }],
      });
    expect(allowed([rule('http')], web, api, 8080)).toBe(true);
    expect(allowed([rule('http')], web, api, 80)).toBe(false);
    expect(allowed([rule('metrics')], web, api, 9090, 'TCP')).toBe(false);
    expect(allowed([rule('metrics', 'UDP')], web, api, 9090, 'UDP')).toBe(true);
    expect(allowed([rule('missing')], web, api, 8080)).toBe(false);
  });

  it('an egress named port resolves on the peer pod, never towards an IP', () => {
    const p = netpol('shop', 'e', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 'http' }] }],
    });
    expect(allowed([p], web, api, 8080)).toBe(true);
    expect(allowed([p], web, batch, 8080)).toBe(false);
    expect(
      evaluatePair(context(pods, [p]), asPeer(web), ipPeer('8.8.8.8'), 8080, 'TCP').allowed,
    ).toBe(false);
  });

  it('endPort is an inclusive range; SCTP is a protocol like the others', () => {
    const p = netpol('shop', 'p', {
      ...onApi,
      ingress: [
        {
          ports: [
            { port: 32000, endPort: 32768 },
            { port: 7070, protocol: 'SCTP' },
          ],
        },
      ],
    });
    expect([31999, 32000, 32768, 32769].map((port) => allowed([p], web, api, port))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(allowed([p], web, api, 7070, 'SCTP')).toBe(true);
    expect(allowed([p], web, api, 7070, 'TCP')).toBe(false);
  });

  it('policies add up; allowedBy names each allowing policy and rule', () => {
    const a = netpol('shop', 'a', {
      ...onApi,
      ingress: [{ ports: [{ port: 80 }] }, { ports: [{ port: 8080 }] }],
    });
    const b = netpol('shop', 'b', {
      ...onApi,
      ingress: [{ ports: [{ port: 443 }, { port: 8080 }] }],
    });
    const v = evaluatePair(
      context(pods, [a, b], { namespaces }),
      asPeer(web),
      asPeer(api),
      8080,
      'tcp',
    );
    expect(v.ingress.allowedBy).toEqual([
      { policy: 'shop/a', rule: 1 },
      { policy: 'shop/b', rule: 0 },
    ]);
    expect(allowed([a, b], web, api, 443)).toBe(true);
    const denied = evaluatePair(context(pods, [a, b]), asPeer(web), asPeer(api), 22, 'TCP');
    expect(denied.ingress.isolatingPolicies).toEqual(['shop/a', 'shop/b']);
  });

  it('protocols other than TCP/UDP/SCTP pass only rules without ports', () => {
    const ports = netpol('shop', 'p', { ...onApi, ingress: [{ ports: [{ port: 8080 }] }] });
    const open = netpol('shop', 'p', { ...onApi, ingress: [{}] });
    expect(allowed([ports], web, api, 0, 'ICMP')).toBe(false);
    expect(allowed([open], web, api, 0, 'ICMP')).toBe(true);
  });
});

describe('evaluatePair: addresses', () => {
  const fromBlock = (cidr: string, except?: string[]) =>
    netpol('shop', 'p', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ ipBlock: except ? { cidr, except } : { cidr } }] }],
    });
  const fromIp = (policy: ReturnType<typeof fromBlock>, ip: string) =>
    evaluatePair(context(pods, [policy]), ipPeer(ip), asPeer(api), 8080, 'TCP').allowed;

  it('ipBlock with except (IPv4)', () => {
    const p = fromBlock('203.0.113.0/24', ['203.0.113.128/25']);
    expect(fromIp(p, '203.0.113.5')).toBe(true);
    expect(fromIp(p, '203.0.113.200')).toBe(false);
    expect(fromIp(p, '198.51.100.1')).toBe(false);
  });

  it('ipBlock with except (IPv6); a block matches only its own family', () => {
    const p = fromBlock('2001:db8::/32', ['2001:db8:ff::/48']);
    expect(fromIp(p, '2001:db8:1::7')).toBe(true);
    expect(fromIp(p, '2001:db8:ff::7')).toBe(false);
    expect(fromIp(fromBlock('0.0.0.0/0'), '2001:db8:1::7')).toBe(false);
    expect(fromIp(fromBlock('::/0'), '203.0.113.5')).toBe(false);
  });

  it("reads an IP peer from the text's parsedIp, made when the rows' query classified it", () => {
    // A fresh worker's first verification parsed every peer IP of 10,000 rows a second time.
    const p = fromBlock('203.0.113.0/24');
    const [inside, outside] = ['203.0.113.77', '198.51.100.77'];
    expect([parsedIp(inside), parsedIp(outside)].every((x) => x !== null)).toBe(true);
    expect(fromIp(p, '203.0.113.1')).toBe(true); // the policy's block read (and remembered)
    const made = vi.spyOn(ipaddr, 'IPv4');
    try {
      expect([fromIp(p, inside), fromIp(p, outside)]).toEqual([true, false]);
      expect(made).not.toHaveBeenCalled();
    } finally {
      made.mockRestore();
    }
    // An IPv4-mapped IPv6 peer is its IPv4 address, as parseIpLenient reads it.
    expect(fromIp(p, '::ffff:203.0.113.78')).toBe(true);
  });

  it('an invalid cidr or except grants nothing', () => {
    expect(fromIp(fromBlock('203.0.113.0/33'), '203.0.113.5')).toBe(false);
    expect(fromIp(fromBlock('203.0.113.0/24', ['nonsense']), '203.0.113.5')).toBe(false);
  });

  it('ipBlock matches pods by IP only when ipBlockMatchesPods is on', () => {
    const p = fromBlock('10.0.0.0/24');
    const run = (on: boolean) =>
      evaluatePair(
        context(pods, [p], { ipBlockMatchesPods: on }),
        asPeer(web),
        asPeer(api),
        8080,
        'TCP',
      ).allowed;
    expect(run(false)).toBe(false);
    expect(run(true)).toBe(true);
    // An IP that belongs to a pod is that pod.
    expect(fromIp(p, '10.0.0.1')).toBe(false);
    expect(
      evaluatePair(
        context(pods, [p], { ipBlockMatchesPods: true }),
        ipPeer('10.0.0.1'),
        asPeer(api),
        1,
        'TCP',
      ).allowed,
    ).toBe(true);
  });

  it('selector peers never match external addresses', () => {
    const p = netpol('shop', 'p', {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: {} }] }],
    });
    expect(fromIp(p, '203.0.113.5')).toBe(false);
  });

  it('a pod can always reach itself, and its own node can always reach it', () => {
    const deny = netpol('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const self = evaluatePair(context(pods, [deny]), asPeer(api), asPeer(api), 8080, 'TCP');
    expect(self.allowed).toBe(true);
    expect(self.ingress.isolated).toBe(true);
    expect(fromIp(deny, '192.168.0.11')).toBe(true);
    expect(fromIp(deny, '192.168.0.10')).toBe(false);
  });
});

describe('evaluatePair: hostNetwork pods', () => {
  const node = pod(
    'kube-system',
    'agent',
    { app: 'agent' },
    { hostNetwork: true, ips: ['192.168.0.10'], hostIP: '192.168.0.10' },
  );
  const all = [...pods, node];
  const onApi = { podSelector: { matchLabels: { app: 'api' } } };
  const bySelector = netpol('shop', 's', {
    ...onApi,
    ingress: [
      { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'agent' } } }] },
    ],
  });
  const byBlock = netpol('shop', 'b', {
    ...onApi,
    ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/24' } }] }],
  });
  const run = (policy: typeof byBlock, mode?: 'node' | 'pod', src = node, dst = api) =>
    evaluatePair(
      context(all, [policy], { hostNetwork: mode }),
      asPeer(src),
      asPeer(dst),
      8080,
      'TCP',
    ).allowed;

  it('by default (node) selectors ignore them and ipBlocks of the node IP match them', () => {
    expect(run(bySelector)).toBe(false);
    expect(run(byBlock)).toBe(true);
  });

  it('in node mode a policy never isolates them', () => {
    const deny = netpol('kube-system', 'deny', { policyTypes: ['Ingress', 'Egress'] });
    expect(run(deny, 'node', web, node)).toBe(true);
    expect(run(deny, 'pod', web, node)).toBe(false);
  });

  it('in pod mode they are pods like any other', () => {
    expect(run(bySelector, 'pod')).toBe(true);
    expect(run(byBlock, 'pod')).toBe(false);
  });

  it('one set of policies replayed many times answers per destination and per mode', () => {
    const egress = netpol('shop', 'e', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ ports: [{ port: 'http' }] }, { ports: [{ port: 53, protocol: 'UDP' }] }],
    });
    const deny = netpol('kube-system', 'deny', { policyTypes: ['Ingress', 'Egress'] });
    const policies = [egress, deny];
    const from = (mode: 'node' | 'pod', dst: EvalPeer, port: number, proto = 'TCP') =>
      evaluatePair(
        context(all, policies, { namespaces, hostNetwork: mode }),
        asPeer(web),
        dst,
        port,
        proto,
      ).allowed;
    expect([
      from('node', asPeer(api), 8080),
      from('node', asPeer(batch), 8080),
      from('node', ipPeer('8.8.8.8'), 8080),
      from('node', ipPeer('8.8.8.8'), 53, 'UDP'),
      from('node', asPeer(api), 8080),
      from('node', asPeer(node), 53, 'UDP'),
      from('pod', asPeer(node), 53, 'UDP'),
      from('node', asPeer(node), 53, 'UDP'),
    ]).toEqual([true, false, false, true, true, true, false, true]);
  });
});
