import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildInventory,
  indexInventory,
  isKnownServerPort,
  parseMetadataBytes,
  parseMetadataText,
  resolveEndpoint,
  resolveServerPort,
  type K8sObject,
} from '../../../../src/lib/engine/inventory/index';

const KINDS = [
  'Pod',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'Node',
  'Namespace',
  'NetworkPolicy',
  'Deployment',
  'ReplicaSet',
  'Job',
  'CronJob',
  'List',
];

/** Objects of known kinds whose fields are arbitrary JSON: the readers must cope with any shape. */
const object = fc.record({
  kind: fc.constantFrom(...KINDS),
  apiVersion: fc.option(fc.constantFrom('v1', 'networking.k8s.io/v1', 'x/v1'), { nil: undefined }),
  metadata: fc.oneof(
    fc.anything(),
    fc.record({
      name: fc.string(),
      namespace: fc.anything(),
      labels: fc.anything(),
      ownerReferences: fc.anything(),
    }),
  ),
  spec: fc.anything(),
  status: fc.anything(),
  items: fc.anything(),
  subsets: fc.anything(),
  endpoints: fc.anything(),
});

describe('bad input is normal input', () => {
  it('parseMetadataText never throws and always returns arrays', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseMetadataText(s, 'f');
        expect(Array.isArray(r.objects) && Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('parseMetadataBytes never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        expect(() => parseMetadataBytes(b, 'f')).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('buildInventory and resolution never throw on objects of any shape', () => {
    fc.assert(
      fc.property(fc.array(object, { maxLength: 8 }), fc.string(), (objs, ip) => {
        const parsed = parseMetadataText(JSON.stringify(objs), 'f.json').objects;
        const { inventory } = buildInventory([...(objs as K8sObject[]), ...parsed], 'c');
        const idx = indexInventory(inventory);
        const r = resolveEndpoint(idx, ip, { namespace: 'default', pod: ip }, 0);
        resolveServerPort(idx, r, 80, 'TCP');
        isKnownServerPort(idx, ip, 8081, 'udp');
      }),
      { numRuns: 300 },
    );
  });
});
