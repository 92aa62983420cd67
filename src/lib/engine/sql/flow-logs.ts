/**
 * Recipes for the cloud and Calico flow logs: AWS VPC flow logs (formats/aws-vpc.ts: any field
 * order, given as the log format), GCP VPC flow logs (formats/gcp-vpc.ts: LogEntry JSON with GKE
 * details) and Calico Enterprise flow logs (formats/calico.ts: pre-aggregated JSON lines).
 */
import type { Dialect } from './dialects';
import {
  first,
  joinLabels,
  labelKey,
  labelValue,
  lastPos,
  nz,
  port,
  proto,
  secondsMs,
} from './exprs';
import type { Extract, FormatRecipe, Meta, RecipeOptions } from './extract';

/** The default (version 2) AWS format's fields, in order. */
export const AWS_V2_FIELDS =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'.split(
    ' ',
  );

/** `${version} ${srcaddr} …` or `version srcaddr …` → field names. */
export function parseAwsFields(format: string): string[] {
  return format
    .trim()
    .split(/\s+/)
    .map((f) => f.replace(/^\$\{(.*)\}$/, '$1'));
}

const NONE = 'CAST(NULL AS VARCHAR)';

const AWS_USED = [
  'srcaddr',
  'dstaddr',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'start',
  'end',
  'action',
  'tcp-flags',
  'flow-direction',
  'log-status',
];
const column = (field: string): string => `f_${field.replace(/-/g, '_')}`;

function awsExtract(d: Dialect, opts: RecipeOptions): Extract {
  const fields = opts.fields ?? AWS_V2_FIELDS;
  const has = (name: string): boolean => fields.includes(name);
  const get = (name: string): string => (has(name) ? column(name) : nullText(d));
  const values = Object.fromEntries(
    AWS_USED.filter(has).map((f) => [column(f), nz(d.at('words', fields.indexOf(f) + 1))]),
  );
  const p = 'l4_name';
  const icmp = `${p} IN ('ICMP', 'ICMPv6')`;
  const flags = d.bigint(get('tcp-flags'));
  const withFlags = fields.includes('tcp-flags')
    ? `${p} = 'TCP' AND ${flags} IS NOT NULL`
    : 'FALSE';
  const syn = `(${withFlags} AND ${d.bitAnd(flags, '2')} <> 0)`;
  const ack = `(${withFlags} AND ${d.bitAnd(flags, '16')} <> 0)`;
  const action = get('action');
  const dir = get('flow-direction');
  const status = get('log-status');
  const first0 = d.at('words', 1);
  return {
    source: 'text',
    hubble: false,
    stages: [{ words: d.splitWords() }, values, { l4_name: proto(d, get('protocol')) }],
    // Header lines name the fields; NODATA/SKIPDATA records carry no flow.
    where: `${first0} NOT IN ('version', '\${version}') AND COALESCE(${status}, '') NOT IN ('NODATA', 'SKIPDATA') AND ${first(get('pkt-srcaddr'), get('srcaddr'))} IS NOT NULL AND ${first(get('pkt-dstaddr'), get('dstaddr'))} IS NOT NULL`,
    srcIp: first(get('pkt-srcaddr'), get('srcaddr')),
    dstIp: first(get('pkt-dstaddr'), get('dstaddr')),
    srcPort: `CASE WHEN NOT ${icmp} THEN ${port(d, get('srcport'))} END`,
    dstPort: `CASE WHEN NOT ${icmp} THEN ${port(d, get('dstport'))} END`,
    proto: p,
    timeMs: secondsMs(d, get('start')),
    endMs: secondsMs(d, get('end')),
    isReply: `CASE WHEN ${syn} AND ${ack} THEN TRUE WHEN ${syn} THEN FALSE END`,
    initiator: `CASE WHEN ${syn} AND ${ack} THEN 'dst' WHEN ${syn} THEN 'src' END`,
    syn,
    ack,
    direction: `CASE WHEN ${dir} IN ('ingress', 'egress') THEN ${dir} END`,
    verdict: `CASE WHEN ${action} IS NULL THEN NULL WHEN ${action} = 'ACCEPT' THEN 'allowed' WHEN ${action} = 'REJECT' THEN 'denied' ELSE 'unknown' END`,
    src: {},
    dst: {},
  };
}

function nullText(d: Dialect): string {
  return NONE.replace('VARCHAR', d.types.string);
}

export const AWS_RECIPE: FormatRecipe = {
  id: 'aws-vpc',
  label: 'AWS VPC flow logs (default v2 or a custom format, v2–v5 fields)',
  extract: awsExtract,
};

const GKE_KINDS = ['DEPLOYMENT', 'DAEMONSET', 'STATEFULSET', 'CRONJOB', 'JOB', 'REPLICASET'];
const KIND_NAMES = ['Deployment', 'DaemonSet', 'StatefulSet', 'CronJob', 'Job', 'ReplicaSet'];

function gcpEndpoint(d: Dialect, pj: (p: string) => string, side: 'src' | 'dest'): Meta {
  const gke = `${side}_gke_details`;
  const pod = nz(pj(`${gke}.pod.pod_name`));
  const wType = `upper(replace(${nz(pj(`${gke}.pod.pod_workload.workload_type`))}, '_', ''))`;
  const kinds = GKE_KINDS.map((k, i) => `WHEN ${wType} = '${k}' THEN '${KIND_NAMES[i]}'`).join(' ');
  const namespace = nz(pj(`${gke}.pod.pod_namespace`));
  const svcName = nz(
    first(pj(`${gke}.service[0].service_name`), pj(`${gke}.service.service_name`)),
  );
  const svcNs = nz(
    first(pj(`${gke}.service[0].service_namespace`), pj(`${gke}.service.service_namespace`)),
  );
  const hasGke = `(${d.jsonHas(`$.jsonPayload.${gke}`)} OR ${d.jsonHas(`$.${gke}`)})`;
  return {
    namespace,
    pod,
    kind: `CASE WHEN ${pod} IS NOT NULL THEN 'pod' END`,
    workload_name: nz(pj(`${gke}.pod.pod_workload.workload_name`)),
    workload_kind: `CASE WHEN ${wType} IS NULL THEN NULL ${kinds} ELSE ${nz(pj(`${gke}.pod.pod_workload.workload_type`))} END`,
    node: `CASE WHEN ${hasGke} THEN ${nz(pj(`${side}_instance.vm_name`))} END`,
    service_name: svcName,
    service_namespace: `CASE WHEN ${svcName} IS NOT NULL THEN COALESCE(${svcNs}, ${namespace}, '') END`,
  };
}

function gcpExtract(d: Dialect): Extract {
  // A Cloud Logging entry carries the flow in jsonPayload; a bare payload is read as is.
  const pj = (p: string): string => first(d.json(`$.jsonPayload.${p}`), d.json(`$.${p}`));
  const rep = 'reporter_raw';
  return {
    source: 'json',
    hubble: false,
    stages: [{ reporter_raw: pj('reporter'), proto_raw: pj('connection.protocol') }],
    where: `${nz(pj('connection.src_ip'))} IS NOT NULL AND ${nz(pj('connection.dest_ip'))} IS NOT NULL`,
    srcIp: nz(pj('connection.src_ip')),
    dstIp: nz(pj('connection.dest_ip')),
    srcPort: port(d, pj('connection.src_port')),
    dstPort: port(d, pj('connection.dest_port')),
    proto: proto(d, 'proto_raw'),
    timeMs: d.isoMs(pj('start_time')),
    endMs: d.isoMs(pj('end_time')),
    reporter: `CASE WHEN ${rep} IN ('SRC', 'SRC_GATEWAY') THEN 'src' WHEN ${rep} IN ('DEST', 'DEST_GATEWAY') THEN 'dst' END`,
    src: gcpEndpoint(d, pj, 'src'),
    dst: gcpEndpoint(d, pj, 'dest'),
  };
}

export const GCP_RECIPE: FormatRecipe = {
  id: 'gcp-vpc',
  label: 'GCP VPC flow logs (Cloud Logging entries, with GKE details)',
  extract: gcpExtract,
};

const CALICO_KINDS: [string, string][] = [
  ['wep', 'pod'],
  ['hep', 'host'],
  ['ns', 'networkset'],
  ['net', 'world'],
];

/** Stages of one endpoint's columns (prefix `s` or `d`): read, then derived once. */
function calicoColumns(d: Dialect, side: 'source' | 'dest'): Record<string, string>[] {
  const p = side === 'source' ? 's' : 'd';
  const t = d.json(`$.${side}_type`);
  const kinds = CALICO_KINDS.map(([k, v]) => `WHEN ${t} = '${k}' THEN '${v}'`).join(' ');
  const labels = d.jsonArray(`$.${side}_labels.labels`);
  const hashes = d.filter(`${p}_pairs`, (x) => `${labelKey(d, x)} = 'pod-template-hash'`);
  return [
    {
      [`${p}_kind`]: `CASE ${kinds} END`,
      [`${p}_pairs`]: d.filter(labels, (x) => `${d.strpos(x, "'='")} > 1`),
      [`${p}_name`]: nz(d.json(`$.${side}_name`)),
      [`${p}_aggr`]: nz(d.json(`$.${side}_name_aggr`)),
    },
    { [`${p}_hash_label`]: d.last(hashes), [`${p}_base`]: first(`${p}_aggr`, `${p}_name`) },
    { [`${p}_needle`]: `concat('-', ${labelValue(d, `${p}_hash_label`)})` },
    { [`${p}_at`]: lastPos(d, `${p}_base`, `${p}_needle`) },
  ];
}

function calicoEndpoint(d: Dialect, side: 'source' | 'dest', reporter: string): Meta {
  const p = side === 'source' ? 's' : 'd';
  const [kind, pairs, name, aggr, base, at] = ['kind', 'pairs', 'name', 'aggr', 'base', 'at'].map(
    (c) => `${p}_${c}`,
  ) as [string, string, string, string, string, string];
  // NOTE: `<deployment>-<pod-template-hash>` names a Deployment's ReplicaSet (see formats/calico.ts).
  const guess = `(${kind} = 'pod' AND ${base} IS NOT NULL AND ${p}_hash_label IS NOT NULL AND ${at} > 1)`;
  const node = nz(d.json('$.host'));
  const ownSide = side === 'source' ? `COALESCE(${reporter}, '') <> 'dst'` : `${reporter} = 'dst'`;
  const meta: Meta = {
    namespace: nz(d.json(`$.${side}_namespace`)),
    kind,
    aggregated_name: aggr,
    labels: joinLabels(
      d,
      d.map(pairs, (x) => `concat(${labelKey(d, x)}, '=', ${labelValue(d, x)})`),
    ),
    pod: `CASE WHEN ${kind} = 'pod' THEN ${name} END`,
    workload_kind: `CASE WHEN ${guess} THEN 'Deployment' END`,
    workload_name: `CASE WHEN ${guess} THEN substr(${base}, 1, ${at} - 1) END`,
    node: `CASE WHEN ${ownSide} THEN ${node} END`,
  };
  if (side === 'dest') {
    const svc = nz(d.json('$.dest_service_name'));
    meta.service_name = svc;
    meta.service_namespace = `CASE WHEN ${svc} IS NOT NULL THEN COALESCE(${nz(d.json('$.dest_service_namespace'))}, ${meta.namespace}, '') END`;
  }
  return meta;
}

function calicoExtract(d: Dialect): Extract {
  const rep = d.json('$.reporter');
  const reporter = 'reporter_raw';
  const action = 'action_raw';
  const n = 'num_flows_raw';
  const time = 'start_ms';
  const [s, t] = [calicoColumns(d, 'source'), calicoColumns(d, 'dest')];
  const stages = s.map((cols, i) => ({ ...cols, ...t[i] }));
  stages[0] = {
    ...stages[0],
    reporter_raw: `CASE WHEN ${rep} IN ('src', 'dst') THEN ${rep} END`,
    action_raw: nz(d.json('$.action')),
    num_flows_raw: d.double(d.json('$.num_flows')),
    start_ms: secondsMs(d, first(d.json('$.start_time'), d.json('$.startTime'))),
    proto_raw: d.json('$.proto'),
  };
  return {
    source: 'json',
    hubble: false,
    stages,
    where: `(${time} IS NOT NULL OR ${d.jsonHas('$.source_ip')} OR ${d.jsonHas('$.dest_ip')} OR ${d.jsonHas('$.source_namespace')} OR ${d.jsonHas('$.dest_namespace')} OR ${d.jsonHas('$.source_type')} OR ${d.jsonHas('$.dest_type')})`,
    srcIp: nz(d.json('$.source_ip')),
    dstIp: nz(d.json('$.dest_ip')),
    srcPort: port(d, d.json('$.source_port')),
    dstPort: port(d, d.json('$.dest_port')),
    proto: proto(d, 'proto_raw'),
    timeMs: time,
    endMs: secondsMs(d, first(d.json('$.end_time'), d.json('$.endTime'))),
    isReply: 'FALSE',
    initiator: `'src'`,
    reporter,
    direction: `CASE WHEN ${rep} = 'src' THEN 'egress' WHEN ${rep} = 'dst' THEN 'ingress' END`,
    verdict: `CASE WHEN ${action} IS NULL THEN NULL WHEN ${action} = 'allow' THEN 'allowed' WHEN ${action} = 'deny' THEN 'denied' ELSE 'unknown' END`,
    count: `CASE WHEN ${n} > 0 THEN ${n} ELSE 1 END`,
    src: calicoEndpoint(d, 'source', reporter),
    dst: calicoEndpoint(d, 'dest', reporter),
  };
}

export const CALICO_RECIPE: FormatRecipe = {
  id: 'calico-ee',
  label: 'Calico Enterprise / Calico Cloud flow logs',
  extract: calicoExtract,
};
