import { describe, expect, it } from 'vitest';
import { keep } from '../../src/util/memo.js';

describe('keep', () => {
  it('adds to a memo that has room', () => {
    const memo = new Map([['a', 1]]);
    keep(memo, 'b', 2, 3);
    expect([...memo]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('empties a full memo before keeping the new value', () => {
    const memo = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    keep(memo, 'c', 3, 2);
    expect([...memo]).toEqual([['c', 3]]);
  });

  it('keeps null, which a memo may hold for "nothing found"', () => {
    const memo = new Map<string, number | null>();
    keep(memo, 'zzzz', null, 10);
    expect(memo.has('zzzz')).toBe(true);
  });
});
