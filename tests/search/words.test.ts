import { describe, expect, it } from 'vitest';
import { analyseTokens, searchableWords, spansOf, spansOfNumbers } from '../../src/search/words.js';

describe('spansOfNumbers', () => {
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
  ])('finds the words of %j as spansOf finds them by term', (wanted, words) => {
    // "compris" stems to a term the numbering lacks: its word has no number, like "absent".
    const ids = Int32Array.from(wanted, (term) => termIds.get(term) ?? -1);
    const byNumber = spansOfNumbers(numbered, ids);
    expect(byNumber).toEqual(spansOf(plain, new Set(wanted)));
    expect(byNumber.map(([start, end]) => text.slice(start, end))).toEqual(words);
  });
});
