import { describe, expect, it } from 'vitest';
import {
  parseMetadataBytes,
  parseMetadataText,
  sourceOf,
} from '../../../../src/lib/engine/inventory/index';
import { fixtureBytes, fixtureText, objectsOf } from './fixtures';

const codes = (r: { diagnostics: { code: string }[] }): string[] =>
  r.diagnostics.map((d) => d.code);
const names = (r: { objects: { metadata?: Record<string, unknown> }[] }): unknown[] =>
  r.objects.map((o) => o.metadata?.name);

function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let i = 0;
  if (bom) {
    out[i++] = endian === 'le' ? 0xff : 0xfe;
    out[i++] = endian === 'le' ? 0xfe : 0xff;
  }
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    out[i++] = endian === 'le' ? c & 0xff : c >> 8;
    out[i++] = endian === 'le' ? c >> 8 : c & 0xff;
  }
  return out;
}

describe('parseMetadataText / parseMetadataBytes on real dumps', () => {
  it('flattens a kubectl `kind: List` (YAML)', () => {
    const r = parseMetadataBytes(fixtureBytes('services_pods_list.yaml'), 'pods.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects).toHaveLength(11);
    expect(r.objects.every((o) => o.kind === 'Pod')).toBe(true);
    expect(names(r)).toContain('ingress-nginx-admission-create-jxzfd');
  });

  it('infers kind and apiVersion for items of a typed list that lack them (PodList)', () => {
    const file = 'semanticDiff-same-topologies-old1_bank_pod_list.json';
    const r = parseMetadataBytes(fixtureBytes(file), file);
    expect(r.diagnostics).toEqual([]);
    expect(names(r)).toEqual(['bank-ui', 'account-query', 'account-command']);
    expect(r.objects.map((o) => [o.kind, o.apiVersion])).toEqual([
      ['Pod', 'v1'],
      ['Pod', 'v1'],
      ['Pod', 'v1'],
    ]);
  });

  it('reads multi-document YAML and remembers where each document starts', () => {
    const r = parseMetadataBytes(fixtureBytes('k8s_ingress_test_services.yaml'), 'svc.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(names(r)).toEqual([
      'details',
      'ratings',
      'reviews',
      'productpage',
      'ingress-nginx-controller',
    ]);
    expect(r.objects.map((o) => sourceOf(o)?.line)).toEqual([1, 14, 28, 42, 56]);
    expect(sourceOf(r.objects[0] as object)?.file).toBe('svc.yaml');
  });

  it('reads UTF-8 YAML with a BOM, as bytes and as text', () => {
    const file =
      'online_boutique_multi_layer_from_live_cluster_test_onlineboutique-resources_all_services.yaml';
    const bytes = fixtureBytes(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const fromBytes = parseMetadataBytes(bytes, file);
    expect(fromBytes.diagnostics).toEqual([]);
    expect(fromBytes.objects).toHaveLength(24);
    const text = fixtureText(file);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(names(parseMetadataText(text, file))).toEqual(names(fromBytes));
  });

  it('reads UTF-16 LE and BE by BOM, and LE without BOM', () => {
    const text = fixtureText('k8s_ingress_test_services.yaml');
    const expected = names(parseMetadataText(text, 'x'));
    for (const [endian, bom] of [
      ['le', true],
      ['be', true],
      ['le', false],
    ] as const) {
      const r = parseMetadataBytes(utf16(text, endian, bom), 'utf16.yaml');
      expect(r.diagnostics).toEqual([]);
      expect(names(r)).toEqual(expected);
    }
  });

  it('reads a `kubectl cluster-info dump`: concatenated pretty JSON with container logs between', () => {
    const pods = objectsOf('services_pods_list.yaml');
    const services = objectsOf('services_services_list.yaml');
    // The API returns typed lists whose items carry no kind; kubectl prints them with 4 spaces.
    const strip = (o: object): object => {
      const { kind: _kind, apiVersion: _api, ...rest } = o as Record<string, unknown>;
      return rest;
    };
    const list = (kind: string, items: object[]): string =>
      JSON.stringify({ kind, apiVersion: 'v1', metadata: {}, items: items.map(strip) }, null, 4);
    const dump = [
      list('ServiceList', services),
      list('PodList', pods.slice(0, 4)),
      '==== START logs for container controller of pod ingress-nginx/ingress-nginx-controller-6d5f55986b-5twct ====',
      '{"level":"info","msg":"a JSON log line with { braces ["}',
      'I0127 18:07:22.000000       7 main.go:223] "Running in Kubernetes cluster" major="1" }}}',
      '==== END logs for container controller of pod ingress-nginx/ingress-nginx-controller-6d5f55986b-5twct ====',
      list('PodList', pods.slice(4)),
      '',
    ].join('\n');
    const r = parseMetadataText(dump, 'cluster-info.dump');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects).toHaveLength(16);
    expect(r.objects.filter((o) => o.kind === 'Service')).toHaveLength(5);
    expect(r.objects.filter((o) => o.kind === 'Pod')).toHaveLength(11);
    expect(names(r).slice(5)).toEqual(names({ objects: pods }));
  });

  it('reports a broken document of a cluster-info dump with its line and keeps the others', () => {
    const a = JSON.stringify({ kind: 'Namespace', metadata: { name: 'a' } }, null, 4);
    const bad = '{\n    "kind": "Namespace",\n    "metadata": {"name": }\n}';
    const c = JSON.stringify({ kind: 'Namespace', metadata: { name: 'c' } }, null, 4);
    const text = [a, bad, c].join('\n');
    const r = parseMetadataText(text, 'dump.json');
    expect(names(r)).toEqual(['a', 'c']);
    expect(codes(r)).toEqual(['NP-PARSE-JSON']);
    const badLine = a.split('\n').length + 3;
    expect(r.diagnostics[0]?.line).toBe(badLine);
    expect(r.diagnostics[0]?.file).toBe('dump.json');
    const trailingComma = '{"kind": "Namespace",\n "metadata": {"name": "x",}\n}';
    const r2 = parseMetadataText(`${a}\n${trailingComma}`, 'dump.json');
    expect(codes(r2)).toEqual(['NP-PARSE-JSON']);
    expect(r2.diagnostics[0]?.line).toBe(a.split('\n').length + 2);
  });

  it('reports a truncated JSON document', () => {
    const text = JSON.stringify({ kind: 'List', items: [{ kind: 'Pod' }] }, null, 2).slice(0, -5);
    const r = parseMetadataText(text, 't.json');
    expect(r.objects).toEqual([]);
    expect(codes(r)).toEqual(['NP-PARSE-JSON']);
    expect(r.diagnostics[0]?.line).toBe(1);
  });

  it('reads a JSON array of objects and nested Lists', () => {
    const text = JSON.stringify([
      { kind: 'Namespace', metadata: { name: 'one' } },
      {
        kind: 'List',
        items: [
          { kind: 'NamespaceList', items: [{ metadata: { name: 'two' } }] },
          { kind: 'Service', metadata: { name: 'three' } },
        ],
      },
    ]);
    const r = parseMetadataText(text, 'a.json');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => `${o.kind}/${String(o.metadata?.name)}`)).toEqual([
      'Namespace/one',
      'Namespace/two',
      'Service/three',
    ]);
  });

  it('reports bad YAML with its line and keeps the other documents', () => {
    const text = [
      'kind: Namespace',
      'metadata: {name: a}',
      '---',
      'kind: Namespace',
      'metadata:',
      '  name: b',
      ' bad: indentation',
      '---',
      'kind: Namespace',
      'metadata: {name: c}',
    ].join('\n');
    const r = parseMetadataText(text, 'ns.yaml');
    expect(names(r)).toEqual(['a', 'c']);
    expect(codes(r)).toEqual(['NP-PARSE-YAML']);
    expect(r.diagnostics[0]?.line).toBe(7);
  });

  it('loads YAML with the safe schema only: no custom or executable types', () => {
    const r = parseMetadataText('kind: Pod\nmetadata:\n  name: !!js/function "f() {}"\n', 'x.yaml');
    expect(r.objects).toEqual([]);
    expect(codes(r)).toEqual(['NP-PARSE-YAML']);
    expect(r.diagnostics[0]?.line).toBe(3);
  });

  it('rejects documents nested deeper than the limit (JSON and YAML)', () => {
    const deepJson = '['.repeat(500) + ']'.repeat(500);
    const json = parseMetadataText(
      `${deepJson}\n{"kind":"Namespace","metadata":{"name":"ok"}}`,
      'd.json',
    );
    expect(codes(json)).toEqual(['NP-TOO-DEEP']);
    expect(names(json)).toEqual(['ok']);
    let deepYaml = 'kind: Pod\n';
    for (let i = 0; i < 150; i++) deepYaml += `${' '.repeat(i)}a:\n`;
    expect(codes(parseMetadataText(deepYaml, 'd.yaml'))).toEqual(['NP-TOO-DEEP']);
  });

  it('flags files that are not manifests', () => {
    const file = 'onlineboutique_connlist_output.json';
    const r = parseMetadataBytes(fixtureBytes(file), file);
    expect(r.objects).toEqual([]);
    expect(codes(r)).toEqual(['NP-META-NOT-MANIFEST']);
    expect(codes(parseMetadataText('just some words\n', 'readme.txt'))).toEqual([
      'NP-META-NOT-MANIFEST',
    ]);
    expect(codes(parseMetadataText('', 'empty.yaml'))).toEqual(['NP-META-NOT-MANIFEST']);
  });

  it('warns about invalid UTF-8 but still reads the file', () => {
    const text = new TextEncoder().encode('kind: Namespace\nmetadata:\n  name: caf\u00e9\n');
    const bytes = new Uint8Array([...text.subarray(0, text.length - 3), 0xff, 0x0a]);
    const r = parseMetadataBytes(bytes, 'latin.yaml');
    expect(codes(r)).toEqual(['NP-ENCODING']);
    expect(r.objects[0]?.metadata?.name).toBe('caf\ufffd');
  });

  it('keeps `__proto__` keys as plain data without touching Object.prototype', () => {
    const yaml =
      'kind: Pod\nmetadata:\n  name: p\n  labels:\n    __proto__: polluted\n    app: x\n';
    const json = '{"kind":"Pod","metadata":{"name":"q","labels":{"__proto__":{"polluted":true}}}}';
    for (const r of [parseMetadataText(yaml, 'p.yaml'), parseMetadataText(json, 'q.json')]) {
      expect(r.diagnostics).toEqual([]);
      const labels = r.objects[0]?.metadata?.labels as object;
      expect(Object.prototype.hasOwnProperty.call(labels, '__proto__')).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
