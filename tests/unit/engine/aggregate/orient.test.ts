import { describe, expect, it } from 'vitest';
import { byPorts, observedAt, orientFlow } from '../../../../src/lib/engine/aggregate/orient';
import { EMPTY_INDEX, SHOP, fixtureText, flow, hubbleLine, indexFromYaml } from './builders';

/** Lines of the real 10-flow Hubble sample (GKE + Istio bookinfo, Cilium ~1.10: no is_reply). */
const TEN = fixtureText('hubble-gke-10', 'hubble-otel_basic-sample-10-flows.json')
  .trim()
  .split('\n');

describe('orientFlow: what the record says', () => {
  it('drops replies whatever else the record says', () => {
    expect(orientFlow(EMPTY_INDEX, flow({ isReply: true, initiator: 'src' }))).toBe('reply');
  });

  it('follows a known initiator', () => {
    expect(orientFlow(EMPTY_INDEX, flow({ initiator: 'src', srcPort: 80, dstPort: 50000 }))).toBe(
      'forward',
    );
    expect(orientFlow(EMPTY_INDEX, flow({ initiator: 'dst', srcPort: 50000, dstPort: 80 }))).toBe(
      'reverse',
    );
  });

  it('takes is_reply:false as the forward direction', () => {
    expect(orientFlow(EMPTY_INDEX, flow({ isReply: false, srcPort: 9080, dstPort: 40000 }))).toBe(
      'forward',
    );
  });
});

describe('orientFlow: Hubble events without is_reply (real sample lines)', () => {
  it('counts a TO_ENDPOINT SYN (line 9: 10.0.1.4:58698 → 10.0.2.16:9080)', () => {
    const r = hubbleLine(TEN[8]!);
    expect(r.tcpFlags).toEqual({ syn: true });
    expect(r.isReply).toBeUndefined();
    expect(orientFlow(EMPTY_INDEX, r)).toBe('forward');
  });

  it('drops the SYN-ACK answering it (line 10, marked reply)', () => {
    expect(orientFlow(EMPTY_INDEX, hubbleLine(TEN[9]!))).toBe('reply');
  });

  it('drops ACK-only events: DESIGN counts only SYN without ACK', () => {
    // Line 3: prometheus 10.0.1.4:58698 → reviews 10.0.2.16:15090, PSH+ACK, no reply marker.
    const r = hubbleLine(TEN[2]!);
    expect(r.tcpFlags).toEqual({ ack: true });
    expect(orientFlow(EMPTY_INDEX, r)).toBe('undetermined');
  });

  it('counts UDP only towards a known server port', () => {
    const base = { format: 'hubble-jsonpb', proto: 'UDP', initiator: 'unknown' as const };
    expect(orientFlow(EMPTY_INDEX, flow({ ...base, srcPort: 33960, dstPort: 53 }))).toBe('forward');
    expect(orientFlow(EMPTY_INDEX, flow({ ...base, srcPort: 53, dstPort: 33960 }))).toBe(
      'undetermined',
    );
    expect(orientFlow(EMPTY_INDEX, flow({ ...base, srcPort: 40001, dstPort: 40002 }))).toBe(
      'undetermined',
    );
  });
});

describe('orientFlow: other formats without an initiator', () => {
  const aws = { format: 'aws-vpc', initiator: 'unknown' as const };

  it('reads TCP flags: SYN opens, SYN+ACK answers', () => {
    const syn = flow({ ...aws, srcPort: 443, dstPort: 50000, tcpFlags: { syn: true } });
    expect(orientFlow(EMPTY_INDEX, syn)).toBe('forward');
    const synAck = flow({
      ...aws,
      srcPort: 443,
      dstPort: 50000,
      tcpFlags: { syn: true, ack: true },
    });
    expect(orientFlow(EMPTY_INDEX, synAck)).toBe('reply');
  });

  it('falls back to ports when the flags have no SYN', () => {
    const r = flow({ ...aws, srcPort: 443, dstPort: 50000, tcpFlags: { ack: true, fin: true } });
    expect(orientFlow(EMPTY_INDEX, r)).toBe('reverse');
  });

  it('ICMP: echo request opens, echo reply answers, errors are not initiations', () => {
    const icmp = (type: number) => flow({ ...aws, proto: 'ICMP', icmp: { type, code: 0 } });
    expect(orientFlow(EMPTY_INDEX, icmp(8))).toBe('forward');
    expect(orientFlow(EMPTY_INDEX, icmp(0))).toBe('reply');
    expect(orientFlow(EMPTY_INDEX, icmp(3))).toBe('undetermined');
    expect(
      orientFlow(EMPTY_INDEX, flow({ ...aws, proto: 'ICMPv6', icmp: { type: 128, code: 0 } })),
    ).toBe('forward');
  });
});

describe('byPorts', () => {
  it('a well-known port faces an ephemeral one', () => {
    expect(byPorts(EMPTY_INDEX, flow({ srcPort: 51234, dstPort: 443 }))).toBe('forward');
    expect(byPorts(EMPTY_INDEX, flow({ srcPort: 5432, dstPort: 40000 }))).toBe('reverse');
  });

  it('a container port from the dump counts as a server port', () => {
    // web (10.1.0.11) listens on 3100: a dump makes it the server even against a lower port.
    const r = flow({ srcIp: '10.1.0.21', srcPort: 2000, dstIp: '10.1.0.11', dstPort: 3100 });
    expect(byPorts(indexFromYaml(SHOP), r)).toBe('forward');
    expect(byPorts(EMPTY_INDEX, r)).toBe('reverse');
  });

  it('both or neither known: the lower port is the server; equal ports keep the record', () => {
    expect(byPorts(EMPTY_INDEX, flow({ srcPort: 40000, dstPort: 45000 }))).toBe('reverse');
    expect(byPorts(EMPTY_INDEX, flow({ srcPort: 45000, dstPort: 40000 }))).toBe('forward');
    expect(byPorts(EMPTY_INDEX, flow({ srcPort: 80, dstPort: 443 }))).toBe('reverse');
    expect(byPorts(EMPTY_INDEX, flow({ srcPort: 123, dstPort: 123 }))).toBe('forward');
    expect(byPorts(EMPTY_INDEX, flow({ srcPort: undefined, dstPort: 40000 }))).toBe('forward');
  });
});

describe('observedAt', () => {
  it('maps Hubble traffic_direction to the observing end of the connection', () => {
    expect(observedAt(flow({ direction: 'egress' }), 'forward')).toBe('client');
    expect(observedAt(flow({ direction: 'ingress' }), 'forward')).toBe('server');
    expect(observedAt(flow({ direction: 'unknown' }), 'forward')).toBeNull();
  });

  it('prefers the reporter and follows a reversed orientation', () => {
    expect(observedAt(flow({ reporter: 'dst', direction: 'egress' }), 'forward')).toBe('server');
    expect(observedAt(flow({ reporter: 'src' }), 'reverse')).toBe('server');
    expect(observedAt(flow({ direction: 'ingress' }), 'reverse')).toBe('client');
  });
});
