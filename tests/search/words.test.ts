import { describe, expect, it } from 'vitest';
import { analyseTokens, searchableWords, spansOf } from '../../src/search/words.js';

describe('spansOf', () => {
  const text = 'Développer les transports en commun, transports scolaires compris';
  const termIds = new Map([
    ['developp', 0],
    ['transport', 1],
    ['commun', 2],
    ['scolair', 3],
    ['compris', 4],
  ]);
  const numbered = searchableWords(analyseTokens(text, new Set()), termIds);
  const plain = searchableWords(analyseTokens(text, new Set()));

  it.each([
    [['transport'], ['transports', 'transports']],
    [
      ['commun', 'scolair'],
      ['commun', 'scolaires'],
    ],
    [['absent'], []],
    [[], []],
  ])('finds the words of %j the same way by number as by term', (wanted, words) => {
    const ids = Int32Array.from(wanted, (term) => termIds.get(term) ?? -1);
    const byNumber = spansOf(numbered, new Set(wanted), ids);
    expect(byNumber).toEqual(spansOf(plain, new Set(wanted)));
    expect(byNumber.map(([start, end]) => text.slice(start, end))).toEqual(words);
  });
});
