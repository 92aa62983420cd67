/**
 * The Hubble recipe (`hubble observe -o jsonpb`, exporter files): formats/hubble.ts and
 * formats/hubble-endpoint.ts in SQL — snake_case and camelCase keys, `is_reply`, TCP flags,
 * verdicts with policy drops as `denied`, and each endpoint's namespace, pod, workload, labels
 * (Cilium's own labels removed), kind and observing node.
 */
import { PROTOCOLS } from '../model/protocols';
import type { Dialect } from './dialects';
import { first, joinLabels, jsonBool, labelKey, labelValue, nz, port, proto } from './exprs';
import type { Extract, FormatRecipe, Meta } from './extract';

const WORLD = ['reserved:world', 'reserved:world-ipv4', 'reserved:world-ipv6'];

function transportField(d: Dialect, snake: string, camel: string): string {
  return first(
    ...PROTOCOLS.flatMap((t) => [
      d.json(`$.flow.l4.${t}.${snake}`),
      d.json(`$.flow.l4.${t}.${camel}`),
    ]),
  );
}

function protoOf(d: Dialect): string {
  const has = (k: string): string => d.jsonHas(`$.flow.l4.${k}`);
  return `CASE WHEN ${has('TCP')} THEN 'TCP' WHEN ${has('UDP')} THEN 'UDP' WHEN ${has('SCTP')} THEN 'SCTP' WHEN ${has('ICMPv4')} THEN 'ICMP' WHEN ${has('ICMPv6')} THEN 'ICMPv6' ELSE 'unknown' END`;
}

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace=';

/**
 * NOTE: Cilium prefixes labels with their source (`k8s:`, `reserved:`, …); only `k8s:` labels
 * are pod labels, less `io.kubernetes.pod.namespace` and `io.cilium.*` (cilium pkg/labels).
 */
function podLabels(d: Dialect, arr: string): string {
  const colon = (x: string): string => d.strpos(x, "':'");
  const eq = (x: string): string => d.strpos(x, "'='");
  const prefixed = (x: string): string =>
    `(${colon(x)} > 0 AND (${eq(x)} = 0 OR ${colon(x)} < ${eq(x)}))`;
  const body = (x: string): string =>
    `CASE WHEN NOT ${prefixed(x)} THEN ${x} WHEN substr(${x}, 1, 4) = 'k8s:' THEN substr(${x}, 5) END`;
  const bodies = d.filter(d.map(arr, body), (x) => `${x} IS NOT NULL`);
  const kept = d.filter(bodies, (x) => {
    const key = labelKey(d, x);
    return `${key} <> '' AND substr(${key}, 1, 10) <> 'io.cilium.' AND ${key} <> 'io.kubernetes.pod.namespace'`;
  });
  return joinLabels(
    d,
    d.map(kept, (x) => `concat(${labelKey(d, x)}, '=', ${labelValue(d, x)})`),
  );
}

/**
 * The namespace of an endpoint Cilium reports by its identity only (proxied traffic: labels, no
 * pod and no `namespace` field): the value of its `k8s:io.kubernetes.pod.namespace` label.
 */
function identityNamespace(d: Dialect, arr: string): string {
  const n = NAMESPACE_LABEL.length;
  const hit = d.last(d.filter(arr, (x) => `substr(${x}, 1, ${n}) = ${d.str(NAMESPACE_LABEL)}`));
  return nz(`substr(${hit}, ${n + 1})`);
}

/** The endpoint kind: a pod, else reserved labels (world wins), else the reserved identity. */
function kindOf(d: Dialect, ep: string, arr: string, pod: string): string {
  const world = d.size(d.filter(arr, (x) => `${x} IN (${WORLD.map((w) => `'${w}'`).join(', ')})`));
  const hostOrNode = d.last(
    d.filter(arr, (x) => `${x} IN ('reserved:host', 'reserved:remote-node')`),
  );
  const identity = d.bigint(d.json(`${ep}.identity`));
  return `CASE WHEN ${pod} IS NOT NULL THEN 'pod' WHEN COALESCE(${world}, 0) > 0 THEN 'world' WHEN ${hostOrNode} = 'reserved:host' THEN 'host' WHEN ${hostOrNode} = 'reserved:remote-node' THEN 'node' WHEN ${identity} = 1 THEN 'host' WHEN ${identity} IN (2, 9, 10) THEN 'world' WHEN ${identity} = 6 THEN 'node' END`;
}

/** Stage-1 columns of one endpoint (prefix `s` or `d`), read once from the line. */
function endpointColumns(d: Dialect, side: 'source' | 'destination'): Record<string, string> {
  const ep = `$.flow.${side}`;
  const p = side === 'source' ? 's' : 'd';
  return {
    [`${p}_pod_raw`]: nz(first(d.json(`${ep}.pod_name`), d.json(`${ep}.podName`))),
    [`${p}_labels_raw`]: d.jsonArray(`${ep}.labels`),
  };
}

function endpoint(d: Dialect, side: 'source' | 'destination'): Meta {
  const ep = `$.flow.${side}`;
  const p = side === 'source' ? 's' : 'd';
  const svc =
    side === 'source'
      ? ['source_service', 'sourceService']
      : ['destination_service', 'destinationService'];
  const pod = `${p}_pod_raw`;
  const labels = `${p}_labels_raw`;
  const namespace = first(nz(d.json(`${ep}.namespace`)), identityNamespace(d, labels));
  const node = 'node_raw';
  // "cluster/node" → node; only endpoints with an ID are local to the observing node.
  const nodeName = `CASE WHEN ${d.strpos(node, "'/'")} > 0 THEN substr(${node}, ${d.strpos(node, "'/'")} + 1) ELSE ${node} END`;
  const svcName = nz(first(...svc.map((s) => d.json(`$.flow.${s}.name`))));
  const svcNs = nz(first(...svc.map((s) => d.json(`$.flow.${s}.namespace`))));
  return {
    namespace,
    pod,
    workload_kind: nz(d.json(`${ep}.workloads[0].kind`)),
    workload_name: nz(d.json(`${ep}.workloads[0].name`)),
    labels: podLabels(d, labels),
    kind: kindOf(d, ep, labels, pod),
    node: `CASE WHEN ${d.jsonHas(`${ep}.ID`)} THEN ${nodeName} END`,
    service_name: svcName,
    service_namespace: `CASE WHEN ${svcName} IS NOT NULL THEN COALESCE(${svcNs}, ${namespace}, '') END`,
  };
}

const VERDICTS: [string, string][] = [
  ['FORWARDED', 'allowed'],
  ['TRACED', 'allowed'],
  ['TRANSLATED', 'allowed'],
  ['ERROR', 'error'],
  ['AUDIT', 'audit'],
  ['REDIRECTED', 'redirected'],
];

function verdictOf(d: Dialect): string {
  const v = d.json('$.flow.verdict');
  const desc = first(d.json('$.flow.drop_reason_desc'), d.json('$.flow.dropReasonDesc'));
  const named = VERDICTS.map(([k, w]) => `WHEN ${v} = '${k}' THEN '${w}'`).join(' ');
  return `CASE WHEN ${v} IS NULL THEN NULL WHEN ${v} = 'DROPPED' THEN (CASE WHEN substr(${desc}, 1, 7) = 'POLICY_' THEN 'denied' ELSE 'dropped' END) ${named} ELSE 'unknown' END`;
}

export const HUBBLE_RECIPE: FormatRecipe = {
  id: 'hubble-jsonpb',
  label: 'Hubble flows (hubble observe -o jsonpb, exporter files)',
  extract(d: Dialect): Extract {
    const isReply = 'is_reply_raw';
    const dir = first(d.json('$.flow.traffic_direction'), d.json('$.flow.trafficDirection'));
    const time = first(d.isoMs(d.json('$.flow.time')), d.isoMs(d.json('$.time')));
    return {
      source: 'json',
      hubble: true,
      stages: [
        {
          proto_raw: protoOf(d),
          sport_raw: transportField(d, 'source_port', 'sourcePort'),
          dport_raw: transportField(d, 'destination_port', 'destinationPort'),
          is_reply_raw: `CASE WHEN ${jsonBool(d, '$.flow.is_reply', '$.flow.isReply')} = TRUE OR ${d.json('$.flow.reply')} = 'true' THEN TRUE ELSE ${jsonBool(d, '$.flow.is_reply', '$.flow.isReply')} END`,
          node_raw: nz(
            first(
              d.json('$.flow.node_name'),
              d.json('$.flow.nodeName'),
              d.json('$.node_name'),
              d.json('$.nodeName'),
            ),
          ),
          ...endpointColumns(d, 'source'),
          ...endpointColumns(d, 'destination'),
        },
      ],
      // formats/hubble.ts: a flow needs an IP or an L4 object (ARP and the like are skipped).
      where: `(${d.jsonHas('$.flow.IP')} OR ${d.jsonHas('$.flow.l4')})`,
      srcIp: nz(d.json('$.flow.IP.source')),
      dstIp: nz(d.json('$.flow.IP.destination')),
      srcPort: port(d, 'sport_raw'),
      dstPort: port(d, 'dport_raw'),
      proto: proto(d, 'proto_raw'),
      timeMs: time,
      isReply,
      initiator: `CASE WHEN ${isReply} THEN 'dst' WHEN NOT ${isReply} THEN 'src' END`,
      syn: `COALESCE(${d.json('$.flow.l4.TCP.flags.SYN')} = 'true', FALSE)`,
      ack: `COALESCE(${d.json('$.flow.l4.TCP.flags.ACK')} = 'true', FALSE)`,
      icmpType: `CASE WHEN ${d.jsonHas('$.flow.l4.ICMPv4')} OR ${d.jsonHas('$.flow.l4.ICMPv6')} THEN COALESCE(${d.bigint(first(d.json('$.flow.l4.ICMPv4.type'), d.json('$.flow.l4.ICMPv6.type')))}, 0) END`,
      direction: `CASE WHEN ${dir} = 'INGRESS' THEN 'ingress' WHEN ${dir} = 'EGRESS' THEN 'egress' END`,
      verdict: verdictOf(d),
      src: endpoint(d, 'source'),
      dst: endpoint(d, 'destination'),
    };
  },
};
