/**
 * The format registry is the one list: labels, families, parsers, capabilities and detection
 * rules come from it, and every format detection can name is in it with what reading it needs.
 */
import { describe, expect, it } from 'vitest';
import { FLOW_FAMILIES_TEXT, formatLabel } from '../../../../src/lib/engine/formats/catalogue';
import { detectFormat } from '../../../../src/lib/engine/formats/index';
import { createLineParser } from '../../../../src/lib/engine/formats/parsers';
import { FORMATS, formatDescriptor } from '../../../../src/lib/engine/formats/registry';
import { createSink } from '../../../../src/lib/engine/formats/diagnostics';
import { fixtureText } from './fixtures';

const TEXT_SAMPLES = [
  'hubble/hubble-otel_basic-sample-10-flows.json',
  'calico-ee/flows-observability-clinic.log',
  'zeek/brimdata-zed_conn.log',
  'aws-vpc/awsdocs_vpcflow-v3-tcpflags.log',
  'conntrack/vijayrod-demo_aks-conntrack-L.txt',
  'antrea/flowlogger_logger_test_expected_lines.csv',
  'azure-vnet/azure-docs_vnet-flow-log-v4-sample.json',
  'kubectl-dumps/k8s_ingress_test_services.yaml',
];

describe('the format registry', () => {
  it('has one descriptor per id, a label for each, and a parser for every text flow format', () => {
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(FORMATS.length);
    for (const f of FORMATS) {
      expect(formatDescriptor(f.id)).toBe(f);
      expect(formatLabel(f.id)).toBe(f.label);
      const binary = f.id === 'pcap' || f.id === 'pcapng' || f.id === 'netpolish-aggregate';
      expect(f.parser !== undefined).toBe(f.kind === 'flows' && !binary);
    }
    expect(formatLabel('not-a-format')).toBe('not-a-format');
  });

  it('knows every format detection names, and its parser reads the sample', () => {
    const ctx = { sink: createSink('t'), dropReplies: false, replies: 0, emit: () => {} };
    for (const sample of TEXT_SAMPLES) {
      const { format } = detectFormat(fixtureText(sample));
      expect(format, sample).not.toBeNull();
      const d = formatDescriptor(format!);
      expect(d, sample).toBeDefined();
      if (d!.kind === 'flows') expect(createLineParser(d!.id, ctx), sample).not.toBeNull();
    }
  });

  it('lists the families once each, in registry order (the help text and the import panel)', () => {
    expect(FLOW_FAMILIES_TEXT).toBe(
      'Hubble (incl. exporter aggregates), Retina/ACNS, Calico Enterprise, Calico Goldmane/Whisker, Zeek conn.log and dns.log, AWS VPC (incl. CloudWatch), GCP VPC, Azure VNet flow logs, OpenShift NetObserv, Antrea flow logs, conntrack, Inspektor Gadget, pcap/pcapng, the netpolish aggregate file',
    );
  });

  it('detection reads its rules from the descriptors: every text format has one, ranks distinct', () => {
    for (const f of FORMATS) {
      const binary = f.id === 'pcap' || f.id === 'pcapng' || f.id === 'netpolish-aggregate';
      expect(f.sniff !== undefined, f.id).toBe(!binary);
    }
    for (const stage of ['line', 'text', 'json', 'keys'] as const) {
      const ranks = FORMATS.flatMap((f) => (f.sniff?.[stage] ? [f.sniff[stage].rank] : []));
      expect(new Set(ranks).size, stage).toBe(ranks.length);
    }
    // A format's own rule decides: take Antrea's line rule out and its sample is unknown.
    const antrea = formatDescriptor('antrea-flowlogger')!;
    const sample = fixtureText('antrea/flowlogger_logger_test_expected_lines.csv');
    expect(detectFormat(sample).format).toBe('antrea-flowlogger');
    const rule = antrea.sniff!.line!;
    const test = rule.test;
    rule.test = () => null;
    try {
      expect(detectFormat(sample).format).toBeNull();
    } finally {
      rule.test = test;
    }
  });

  it('orients by events exactly the Hubble formats', () => {
    expect(FORMATS.filter((f) => f.capabilities.orientation === 'events').map((f) => f.id)).toEqual(
      ['hubble-jsonpb', 'hubble-json-legacy', 'hubble-aggregated'],
    );
  });
});
