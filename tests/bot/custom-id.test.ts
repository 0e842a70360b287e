import { describe, expect, it } from 'vitest';
import {
  answerArgument,
  type ControlState,
  decodeControl,
  encodeControl,
  fitsControl,
  readAnswerArgument,
} from '../../src/bot/custom-id.js';

const owner = '300000000000000001';
const colleague = '30000000000000000002';

const state = (text: string, argument = '1'): ControlState => ({
  command: 'convention',
  action: 'page',
  owner,
  argument,
  text,
});

describe('encodeControl', () => {
  it('keeps the query whole, separators included, within the 100 characters of a custom_id', () => {
    const id = encodeControl(state('emploi | culture'));
    expect(id.length).toBeLessThanOrEqual(100);
    expect(decodeControl(id)).toEqual(state('emploi | culture'));
  });

  it('refuses a query that does not fit rather than cutting it into another query', () => {
    const long = `${'transports '.repeat(7)}culture`;
    expect(fitsControl(state(long))).toBe(false);
    expect(() => encodeControl(state(long))).toThrow(RangeError);
  });

  it('fits a query of exactly the room left', () => {
    const head = `1|c|p|${owner}|1|`;
    const exact = 'x'.repeat(100 - head.length);
    expect(fitsControl(state(exact))).toBe(true);
    expect(encodeControl(state(exact))).toBe(`${head}${exact}`);
    expect(fitsControl(state(`${exact}x`))).toBe(false);
  });
});

describe('decodeControl', () => {
  it('reads a page with the colleague the answer is addressed to', () => {
    expect(decodeControl(`1|c|p|${owner}|2.${colleague}|emploi`)).toEqual(state('emploi', `2.${colleague}`));
  });

  it.each([
    ['a third number', `1|c|p|${owner}|1.2.3|emploi`],
    ['a dot without a number', `1|c|p|${owner}|1.|emploi`],
    ['letters', `1|c|p|${owner}|a|emploi`],
  ])('refuses an argument with %s', (_, id) => {
    expect(decodeControl(id)).toBe('malformed');
  });
});

describe('answerArgument', () => {
  it.each([
    [{}, ''],
    [{ page: 3 }, '3'],
    [{ target: colleague }, colleague],
    [{ page: 0, target: colleague }, `0.${colleague}`],
  ])('writes %j as "%s", which reads back the same', (parts, written) => {
    expect(answerArgument(parts)).toBe(written);
    expect(readAnswerArgument(written)).toEqual(parts);
  });

  it('reads the arguments of controls already posted: a page, a colleague alone, nothing', () => {
    expect(readAnswerArgument('4')).toEqual({ page: 4 });
    expect(readAnswerArgument(colleague)).toEqual({ target: colleague });
    expect(readAnswerArgument('')).toEqual({});
  });

  it('refuses what is neither a page nor a user id', () => {
    expect(readAnswerArgument('123456')).toBeUndefined();
    expect(readAnswerArgument(`${colleague}.${colleague}`)).toBeUndefined();
    expect(readAnswerArgument('1.2')).toBeUndefined();
  });
});
