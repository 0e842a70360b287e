import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { Speller } from '../../src/search/spelling.js';

/** The textbook edit distance, the whole matrix: what the speller's banded one must agree with. */
function levenshtein(a: string, b: string): number {
  const rows = Array.from({ length: b.length + 1 }, (_, row) =>
    Array.from({ length: a.length + 1 }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  for (let row = 1; row <= b.length; row += 1) {
    for (let column = 1; column <= a.length; column += 1) {
      const cells = rows as number[][];
      const above = cells[row - 1] as number[];
      const here = cells[row] as number[];
      here[column] = Math.min(
        (above[column - 1] ?? 0) + (a[column - 1] === b[row - 1] ? 0 : 1),
        (above[column] ?? 0) + 1,
        (here[column - 1] ?? 0) + 1,
      );
    }
  }
  return rows[b.length]?.[a.length] ?? 0;
}

describe('Speller.near', () => {
  const vocabulary = [
    'transport',
    'transports',
    'sport',
    'port',
    'emploi',
    'emplois',
    'police',
    'polices',
    'a',
    '',
  ];
  const speller = new Speller(vocabulary.map((word, index) => [word, index] as const));

  it.each<[string, number, Array<[string, number]>]>([
    ['transprot', 2, [['transport', 2]]],
    ['emploi', 0, [['emploi', 0]]],
    [
      'emploi',
      1,
      [
        ['emploi', 0],
        ['emplois', 1],
      ],
    ],
    ['polisse', 2, [['police', 2]]],
    [
      'sports',
      2,
      [
        ['sport', 1],
        ['port', 2],
      ],
    ],
    ['zzz', 1, []],
  ])('finds the words near %s within %i edits, with their distances', (word, max, expected) => {
    expect(speller.near(word, max).map(([found, , distance]) => [found, distance])).toEqual(expected);
  });

  it('gives each word its value', () => {
    expect(speller.near('sport', 0)).toEqual([['sport', 2, 0]]);
  });

  it('finds what MiniSearch’s fuzzyGet finds, with the same distances, in its order', () => {
    const letters = fc.constantFrom('a', 'b', 'c', 'é', 'e', 's');
    // Up to 40 characters: words of more than 32 take the row-by-row path, shorter ones the bit-parallel one.
    const wordArbitrary = fc
      .oneof(fc.array(letters, { maxLength: 9 }), fc.array(letters, { minLength: 28, maxLength: 40 }))
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(wordArbitrary, { minLength: 1, maxLength: 60 }),
        wordArbitrary,
        fc.integer({ min: 0, max: 3 }),
        (words, query, max) => {
          const map = new SearchableMap<number>();
          for (const [index, word] of words.entries()) map.set(word, index);
          const expected = [...map.fuzzyGet(query, max)].map(([word, [value, distance]]) => [
            word,
            value,
            distance,
          ]);
          // A SearchableMap lists its entries in the reverse of the order fuzzyGet finds them.
          const speller = new Speller([...map.entries()].reverse());
          expect(speller.near(query, max)).toEqual(expected);
          for (const [word, , distance] of speller.near(query, max))
            expect(distance).toBe(levenshtein(query, word));
        },
      ),
      { numRuns: 300 },
    );
  });
});
