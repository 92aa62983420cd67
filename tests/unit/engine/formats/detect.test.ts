import { describe, expect, it } from 'vitest';
import { detectFormat, detectFormatBytes } from '../../../../src/lib/engine/formats/index';
import { fixtureBytes, fixtureText, readAll } from './fixtures';

const FLOW_FIXTURES: [string, string][] = [
  ['hubble/hubble-otel_basic-sample-10-flows.json', 'hubble-jsonpb'],
  ['hubble/hubble-otel_basic-sample-400-icmpv4-flows.json', 'hubble-jsonpb'],
  ['hubble/hubble-otel_basic-sample-400-tcp-flows.json', 'hubble-jsonpb'],
  ['hubble/hubble-otel_basic-sample-5-dns-flows.json', 'hubble-jsonpb'],
  ['hubble/hubble-otel_basic-sample-5-http-flows.json', 'hubble-jsonpb'],
  ['hubble-legacy/bare-flows-from-10-flows.json', 'hubble-json-legacy'],
  ['calico-ee/flows-observability-clinic.log', 'calico-ee'],
  ['calico-ee/flows-synthetic-aggregated.log', 'calico-ee'],
  ['zeek/brimdata-zed_conn.log', 'zeek-tsv'],
  ['zeek/zeek-btest-baseline_opt.basic_conn.log', 'zeek-tsv'],
  ['zeek/zeek-docs_conn.json.log', 'zeek-json'],
  ['zeek/zed-docs_conn-iso8601.ndjson', 'zeek-json'],
  ['aws-vpc/awsdocs_vpcflow-v2-default.log', 'aws-vpc'],
  ['aws-vpc/awsdocs_vpcflow-v3-tcpflags.log', 'aws-vpc'],
  ['aws-vpc/awsdocs_vpcflow-v5-custom.log', 'aws-vpc'],
  ['gcp-vpc/entries-synthetic.jsonl', 'gcp-vpc'],
  ['gcp-vpc/gcloud-array-synthetic.json', 'gcp-vpc'],
  ['conntrack/vijayrod-demo_aks-conntrack-L.txt', 'conntrack'],
  ['conntrack/vijayrod-demo_aks-conntrack-session.txt', 'conntrack'],
  ['inspektor-gadget/advisor-testdata_connect-to-svc.input', 'ig-trace-network'],
  ['inspektor-gadget/advisor-testdata_connect-to-svc-duplicate.input', 'ig-trace-network'],
  ['inspektor-gadget/trace-network-example-README.json', 'ig-trace-network'],
  ['hubble-aggregated/aggregated-from-script.log', 'hubble-aggregated'],
  ['retina/docker-provider_network_flow_logs_test_3flows.jsonl', 'retina'],
  ['netobserv/console-plugin_mocks_loki_flow_records_has_dropped.json', 'netobserv-loki'],
  ['netobserv/flows-from-loki-mock.jsonl', 'netobserv-json'],
  ['azure-vnet/azure-docs_vnet-flow-log-v4-sample.json', 'azure-vnet'],
  ['antrea/flowlogger_logger_test_expected_lines.csv', 'antrea-flowlogger'],
  ['calico-goldmane/emitter-from-field-list.ndjson', 'calico-goldmane'],
  ['calico-goldmane/whisker-flows-from-field-list.json', 'calico-goldmane'],
  ['calico-goldmane/whisker-watch-from-field-list.sse', 'calico-goldmane'],
  ['aws-cloudwatch/get-log-events-from-awsdocs-v2.json', 'aws-cloudwatch'],
  ['aws-cloudwatch/filter-log-events-from-awsdocs-v2.jsonl', 'aws-cloudwatch'],
  ['zeek-dns/dns-from-field-list.log', 'zeek-dns'],
  ['zeek-dns/dns-from-field-list.json.log', 'zeek-dns'],
];

const METADATA_FIXTURES: [string, string][] = [
  [
    'kubectl-dumps/online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_ns_list.yaml',
    'k8s-yaml',
  ],
  ['kubectl-dumps/k8s_ingress_test_services.yaml', 'k8s-yaml'],
  ['kubectl-dumps/semanticDiff-same-topologies-old1_bank_ns_list.json', 'k8s-json'],
  ['kubectl-dumps/test_with_named_ports_ns_list.json', 'k8s-json'],
];

describe('detectFormat on every sample', () => {
  it.each(FLOW_FIXTURES)('%s → %s', (file, format) => {
    expect(detectFormat(fixtureText(file).slice(0, 64 * 1024))).toEqual({ format, kind: 'flows' });
  });

  it.each(METADATA_FIXTURES)('%s → %s metadata', (file, format) => {
    expect(detectFormat(fixtureText(file))).toEqual({ format, kind: 'metadata' });
  });

  it('sees the UTF-8 BOM of the IBM NCA dumps and still detects YAML', () => {
    const bytes = fixtureBytes(METADATA_FIXTURES[0]![0]);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(fixtureText(METADATA_FIXTURES[0]![0]).charCodeAt(0)).toBe(0xfeff);
  });
});

describe('detectFormat rules', () => {
  it('recognises concatenated pretty JSON documents (kubectl cluster-info dump)', () => {
    const dump =
      '{\n    "kind": "NodeList",\n    "apiVersion": "v1",\n    "items": []\n}\n{\n    "kind": "EventList",\n    "items": []\n}\n';
    expect(detectFormat(dump)).toEqual({ format: 'k8s-json', kind: 'metadata' });
  });

  it('recognises a minified dump larger than the head by its keys', () => {
    const head = `{"apiVersion":"v1","items":[{"kind":"Pod","metadata":{"name":"${'x'.repeat(5000)}`;
    expect(detectFormat(head)).toEqual({ format: 'k8s-json', kind: 'metadata' });
  });

  it('skips a pasted shell prompt before JSON lines', () => {
    const line = fixtureText('hubble/hubble-otel_basic-sample-10-flows.json').split('\n')[0];
    expect(detectFormat(`$ hubble observe -o jsonpb\n${line}\n`).format).toBe('hubble-jsonpb');
  });

  it('judges a JSON value by the value where its line begins, after other lines too', () => {
    // The value names no format; its text has the key names a dump too large for the head is
    // recognised by. Read where its line begins, it is what it is (unknown); read from the
    // head's start (the prompt), no value would be found and the keys would make it a dump.
    const value = '{\n  "note": {"apiVersion": 1, "items": 2}\n}\n';
    const unknown = { format: null, kind: 'unknown' };
    expect(detectFormat(value)).toEqual(unknown);
    expect(detectFormat(`$ cat note.json\n${value}`)).toEqual(unknown);
    expect(detectFormat(`\n\n$ cat note.json\r\n\n${value}`)).toEqual(unknown);
    expect(detectFormat(value.slice(0, -3))).toEqual({ format: 'k8s-json', kind: 'metadata' });
  });

  it('does not take YAML with inline `{}` for JSON', () => {
    expect(
      detectFormat('apiVersion: v1\nkind: List\nitems:\n- metadata:\n    labels: {}\n').format,
    ).toBe('k8s-yaml');
  });

  it('calls anything else unknown, and names Parquet and tar as unsupported', () => {
    expect(detectFormat('hello world\nthis is not a capture\n')).toEqual({
      format: null,
      kind: 'unknown',
    });
    expect(detectFormat('[{"src":"a","dst":"b","conn":"All Connections"}]')).toEqual({
      format: null,
      kind: 'unknown',
    });
    expect(detectFormat('')).toEqual({ format: null, kind: 'unknown' });
    expect(detectFormat('PAR1\u0015\u0004')).toEqual({ format: null, kind: 'unknown' });
  });
});

describe('readInput detection of binary inputs', () => {
  it('reads pcap and pcapng as binary captures, never as text', async () => {
    for (const [f, format] of [
      ['pcap/zeek-traces_dns_tm1t.pcap', 'pcap'],
      ['pcap/zeek-traces_tcp_retransmit-timeout.pcapng', 'pcapng'],
    ]) {
      const { result } = await readAll(fixtureBytes(f ?? ''));
      expect(result).toMatchObject({ format, kind: 'flows', records: 1 });
      expect(result.diagnostics).toEqual([]);
    }
  });

  it('reports tar and zip as unsupported, and a broken Parquet file as unreadable', async () => {
    const tar = new Uint8Array(1024);
    tar.set(new TextEncoder().encode('ustar'), 257);
    for (const bytes of [tar, new Uint8Array([0x50, 0x4b, 3, 4, 0])]) {
      const { result } = await readAll(bytes);
      expect(result.diagnostics.map((d) => d.code)).toEqual(['NP-FORMAT-UNSUPPORTED']);
    }
    const { result } = await readAll(new TextEncoder().encode('PAR1xxxxxxxx'));
    expect(result).toMatchObject({ format: 'netpolish-aggregate', kind: 'flows', records: 0 });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NP-FILE-UNREADABLE']);
  });
});

describe('detectFormatBytes', () => {
  it('names captures by magic and decodes UTF-16 text before detecting', () => {
    expect(detectFormatBytes(fixtureBytes('pcap/zeek-traces_http_get.pcap').slice(0, 512))).toEqual(
      { format: 'pcap', kind: 'flows' },
    );
    expect(
      detectFormatBytes(fixtureBytes('pcap/zeek-traces_redis_start-with-server.pcapng')),
    ).toEqual({ format: 'pcapng', kind: 'flows' });
    expect(detectFormatBytes(new TextEncoder().encode('PAR1....'))).toEqual({
      format: 'netpolish-aggregate',
      kind: 'flows',
    });
    const text = fixtureText('aws-vpc/awsdocs_vpcflow-v2-default.log');
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) le[2 + i * 2] = text.charCodeAt(i);
    expect(detectFormatBytes(le)).toEqual({ format: 'aws-vpc', kind: 'flows' });
    const bom = fixtureBytes(
      'kubectl-dumps/online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_ns_list.yaml',
    );
    expect(detectFormatBytes(bom)).toEqual({ format: 'k8s-yaml', kind: 'metadata' });
  });
});
