import { describe, expect, it } from 'vitest';
import { accountingText } from '../../../../src/lib/engine/aggregate/accounting';

const zero = {
  events: 0,
  counted: 0,
  bothEnds: 0,
  replies: 0,
  undetermined: 0,
  unreadable: 0,
  skipped: 0,
};

describe('accountingText', () => {
  it('says one event and one reply in the singular', () => {
    expect(accountingText({ ...zero, events: 1, counted: 1 })).toBe(
      '1 event: 1 counted, 0 replies, 0 undetermined, 0 unreadable',
    );
    expect(accountingText({ ...zero, events: 2, counted: 1, replies: 1 })).toBe(
      '2 events: 1 counted, 1 reply, 0 undetermined, 0 unreadable',
    );
  });
});
