import { describe, expect, it } from 'vitest';
import {
  allConns,
  connsOf,
  formatConns,
  intersectConns,
  isAllConns,
  noConns,
  unionConns,
} from '../../../../src/lib/engine/evaluate/conn-set';

describe('connection sets', () => {
  it('prints as netpol-analyzer: protocols sorted, ranges merged, All/No Connections', () => {
    const c = unionConns(
      unionConns(
        connsOf('UDP', [[9090, 9090]]),
        connsOf('TCP', [
          [8081, 8081],
          [8080, 8080],
        ]),
      ),
      connsOf('SCTP', [[7070, 7070]]),
    );
    expect(formatConns(c)).toBe('SCTP 7070,TCP 8080-8081,UDP 9090');
    expect(
      formatConns(
        unionConns(
          connsOf('TCP', [
            [8080, 8080],
            [9090, 9090],
          ]),
          connsOf('UDP', [[53, 53]]),
        ),
      ),
    ).toBe('TCP 8080,9090,UDP 53');
    expect(formatConns(allConns())).toBe('All Connections');
    expect(formatConns(noConns())).toBe('No Connections');
    expect(formatConns(connsOf('TCP', [[1, 65535]]))).toBe('TCP 1-65535');
  });

  it('port 1..65535 on all three protocols is All Connections; ports outside are clipped', () => {
    const every = ['SCTP', 'TCP', 'UDP'].reduce(
      (acc, p) => unionConns(acc, connsOf(p as 'TCP', [[0, 70000]])),
      noConns(),
    );
    expect(isAllConns(every)).toBe(true);
  });

  it('intersects per protocol', () => {
    const a = connsOf('TCP', [[80, 90]]);
    const b = unionConns(connsOf('TCP', [[85, 100]]), connsOf('UDP', [[85, 100]]));
    expect(formatConns(intersectConns(a, b))).toBe('TCP 85-90');
    expect(formatConns(intersectConns(allConns(), b))).toBe('TCP 85-100,UDP 85-100');
  });
});
