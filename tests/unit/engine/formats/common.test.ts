import { describe, expect, it } from 'vitest';
import {
  labelsFromPairs,
  normalizeProto,
  parseIsoTime,
  secondsToMs,
  toPort,
} from '../../../../src/lib/engine/formats/common';

describe('protocol normalisation', () => {
  it('maps names and IANA numbers, keeps unknown ones', () => {
    expect([6, 17, 132, 1, 58].map(normalizeProto)).toEqual([
      'TCP',
      'UDP',
      'SCTP',
      'ICMP',
      'ICMPv6',
    ]);
    expect(
      ['tcp', 'UDP', 'icmp6', 'ipv6-icmp', 'IcMp', '6', '47', 'gre', ''].map(normalizeProto),
    ).toEqual(['TCP', 'UDP', 'ICMPv6', 'ICMPv6', 'ICMP', 'TCP', '47', 'GRE', 'unknown']);
    expect(normalizeProto(undefined)).toBe('unknown');
  });
});

describe('time parsing', () => {
  it('reads RFC 3339 with nanoseconds and offsets to epoch ms', () => {
    expect(parseIsoTime('2021-06-16T16:52:13.136834446Z')).toBe(
      Date.UTC(2021, 5, 16, 16, 52, 13, 136),
    );
    expect(parseIsoTime('2021-06-16T16:52:13Z')).toBe(Date.UTC(2021, 5, 16, 16, 52, 13));
    expect(parseIsoTime('2021-06-16T18:52:13.5+02:00')).toBe(
      Date.UTC(2021, 5, 16, 16, 52, 13, 500),
    );
    expect(parseIsoTime('2021-06-16T16:52:13.1-01:30')).toBe(
      Date.UTC(2021, 5, 16, 18, 22, 13, 100),
    );
    expect(parseIsoTime('not a time')).toBeNull();
    expect(parseIsoTime('2021-13-45T99:99:99Z')).toBeNaN();
    // A date that does not exist, or a year below 100, is invalid (not 1 March, not 1950).
    expect(parseIsoTime('2021-02-30T00:00:00Z')).toBeNaN();
    expect(parseIsoTime('0050-06-16T16:52:13Z')).toBeNaN();
    expect(parseIsoTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoTime('2021-06-16 16:52:13')).toBe(Date.UTC(2021, 5, 16, 16, 52, 13));
    expect(parseIsoTime(12)).toBeNull();
  });

  it('reads epoch seconds from numbers and strings; masked values give null', () => {
    expect(secondsToMs(1521911721.255387)).toBe(1521911721255);
    expect(secondsToMs('1418530010')).toBe(1418530010000);
    expect(secondsToMs('XXXXXXXXXX.XXXXXX')).toBeNull();
    expect(secondsToMs('-')).toBeNull();
  });

  it('accepts ports 0–65535 only', () => {
    // Absent is undefined; present but not a port is NaN, which the reader reports.
    expect([0, 65535, '443', 65536, -1, 1.5, 'x', '-', undefined].map(toPort)).toEqual([
      0,
      65535,
      443,
      NaN,
      NaN,
      NaN,
      NaN,
      undefined,
      undefined,
    ]);
  });
});

describe('labels', () => {
  it('builds a prototype-free map from k=v pairs', () => {
    const l = labelsFromPairs([
      'app=web',
      '__proto__=bad',
      'constructor=c',
      'novalue',
      '=x',
      'a=b=c',
    ]);
    expect(Object.getPrototypeOf(l)).toBeNull();
    expect({ ...l }).toEqual({ app: 'web', ['__proto__']: 'bad', constructor: 'c', a: 'b=c' });
  });
});
