import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { CandidateIndex } from '../../src/search/candidates.js';
import type { WeightedTerms } from '../../src/search/scoring.js';

/** Each agreement's index terms, as `indexCorpus` gives them (stems, repeated as they occur). */
const agreements: string[][] = [
  ['transport', 'commun', 'quarti', 'transport', 'mobil'],
  ['cultur', 'resident', 'artist', 'quarti'],
  ['emploi', 'jeun', 'quarti', 'emploi', 'emploi', 'insert'],
  [],
  ['transport', 'securit', 'gar'],
];

/** The engine's MiniSearch configuration of old: one field of analysed terms, taken as they are. */
function miniSearchOf(documents: readonly string[][]): MiniSearch {
  const asAnalysed = { tokenize: (text: string) => text.split(' '), processTerm: (term: string) => term };
  const index = new MiniSearch({ fields: ['terms'], ...asAnalysed, searchOptions: asAnalysed });
  index.addAll(documents.map((terms, ordinal) => ({ id: ordinal, terms: terms.join(' ') })));
  return index;
}

describe('CandidateIndex.scores', () => {
  it.each<[string, WeightedTerms]>([
    ['one term', [['transport', 1]]],
    ['a frequent term', [['quarti', 1]]],
    [
      'weighted terms',
      [
        ['quarti', 0.5],
        ['emploi', 1],
        ['transport', 0.8],
      ],
    ],
    [
      'a term no agreement has',
      [
        ['inconnu', 1],
        ['cultur', 1],
      ],
    ],
  ])('gives each agreement the score MiniSearch gives it (%s)', (_, query) => {
    const weights = new Map(query);
    const expected = miniSearchOf(agreements).search(query.map(([term]) => term).join(' '), {
      boostTerm: (term) => weights.get(term) ?? 1,
    });
    expect(expected.length).toBeGreaterThan(0);

    const scores = CandidateIndex.build(agreements).scores(query);
    expect([...scores.keys()].sort()).toEqual(expected.map((result) => Number(result.id)).sort());
    for (const result of expected) expect(scores.get(Number(result.id))).toBeCloseTo(result.score, 10);
  });

  it('finds nothing for terms no agreement has, or for no terms', () => {
    const index = CandidateIndex.build(agreements);
    expect(index.scores([['inconnu', 1]]).size).toBe(0);
    expect(index.scores([]).size).toBe(0);
  });
});

/** What `top` must return, by sorting every agreement that matched. */
function bruteForceTop(
  index: CandidateIndex,
  documents: readonly string[][],
  query: WeightedTerms,
  share: (matched: readonly number[]) => number,
  depth: number,
): number[] {
  return [...index.scores(query)]
    .map(([ordinal, score]) => {
      const terms = new Set(documents[ordinal]);
      const matched = query.flatMap(([term], position) => (terms.has(term) ? [position] : []));
      return { ordinal, score, estimate: score * share(matched) };
    })
    .sort((a, b) => b.estimate - a.estimate || b.score - a.score || a.ordinal - b.ordinal)
    .slice(0, depth)
    .map((entry) => entry.ordinal);
}

describe('CandidateIndex.top', () => {
  // Forty terms, so that a query may hold more than 32 (the positions then take two words of bits).
  const vocabulary = Array.from({ length: 40 }, (_, index) => `t${index}`);
  const documentsArbitrary = fc.array(
    fc.array(fc.constantFrom(...vocabulary), { maxLength: 30, size: 'max' }),
    {
      minLength: 1,
      maxLength: 40,
      size: 'max',
    },
  );
  const queryArbitrary = fc.uniqueArray(
    fc.tuple(fc.constantFrom(...vocabulary, 'absent'), fc.double({ min: 0.1, max: 1, noNaN: true })),
    { minLength: 1, maxLength: 41, size: 'max', selector: ([term]) => term },
  );

  it('keeps the agreements with the best estimates, best first, as sorting them all would, query after query', () => {
    fc.assert(
      fc.property(
        documentsArbitrary,
        fc.array(fc.tuple(queryArbitrary, fc.integer({ min: 1, max: 50 }), fc.boolean()), {
          minLength: 1,
          maxLength: 3,
        }),
        (documents, queries) => {
          // One index answers every query in turn; each answer is checked against a fresh index,
          // so nothing a query leaves behind goes unnoticed.
          const index = CandidateIndex.build(documents);
          for (const [query, depth, coarse] of queries) {
            // A constant share ties every agreement of equal score: the order must still be the full one.
            // A share that depends on which positions matched, not only on how many: a share kept
            // for the wrong set of positions would give other estimates.
            const share = (matched: readonly number[]) =>
              coarse
                ? 0.5
                : matched.reduce((sum, position) => sum + ((position * 7) % 11) + 1, 0) / (11 * query.length);
            const expected = bruteForceTop(CandidateIndex.build(documents), documents, query, share, depth);
            expect(index.top(query, share, depth)).toEqual(expected);
            const selected = [...index.select(query, share, depth)];
            expect(selected.sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
          }
        },
      ),
    );
  });

  it('lets an agreement met later enter on a tie it wins, though its score only equals the floor', () => {
    // Equal scores; agreement 1 is met first (through "y"), agreement 0 then ties and wins on its ordinal.
    const index = CandidateIndex.build([['x'], ['y']]);
    const query: WeightedTerms = [
      ['y', 1],
      ['x', 1],
    ];
    const scores = index.scores(query);
    expect(scores.get(0)).toBe(scores.get(1));
    expect(index.top(query, () => 1, 1)).toEqual([0]);
  });

  it.each([Number.NaN, 2.5, -1])('refuses a depth of %d, naming it', (depth) => {
    const index = CandidateIndex.build(agreements);
    expect(() => index.top([['quarti', 1]], () => 1, depth)).toThrow(
      new RangeError(`depth must be a whole number or Infinity, got ${depth}`),
    );
    expect(() => index.select([['quarti', 1]], () => 1, depth)).toThrow(
      new RangeError(`depth must be a whole number or Infinity, got ${depth}`),
    );
  });

  it('gives the share the positions, in the query, of the terms the agreement has', () => {
    // Past 32 terms the positions take a second word of bits.
    const many = Array.from({ length: 40 }, (_, position) => `t${position}`);
    const index = CandidateIndex.build([['t0', 't33', 't39'], ['t5'], ['t31', 't32']]);
    const seen: number[][] = [];
    const ordinals = index.top(
      many.map((term) => [term, 1] as const),
      (matched) => {
        seen.push([...matched]);
        return 1;
      },
      10,
    );
    expect(ordinals.sort()).toEqual([0, 1, 2]);
    expect(seen.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual([[0, 33, 39], [5], [31, 32]]);
  });

  it('gives the positions of this query only, after a query that used the same words of bits', () => {
    const index = CandidateIndex.build([['t0', 't40']]);
    const positions = (query: WeightedTerms) => {
      let seen: readonly number[] = [];
      index.top(
        query,
        (matched) => {
          seen = [...matched];
          return 1;
        },
        1,
      );
      return seen;
    };
    const all = Array.from({ length: 41 }, (_, position) => [`t${position}`, 1] as const);
    const onlyFirst = all.map(
      ([term], position) => [position === 0 ? term : `absent${position}`, 1] as const,
    );
    expect(positions(all)).toEqual([0, 40]);
    expect(positions(onlyFirst)).toEqual([0]);
  });

  it('counts a repeated query term once', () => {
    const index = CandidateIndex.build(agreements);
    const once = index.scores([['transport', 1]]);
    const twice = index.scores([
      ['transport', 1],
      ['transport', 1],
    ]);
    expect(twice).toEqual(once);
  });

  it('starts each query afresh: what a previous query added does not remain', () => {
    const used = CandidateIndex.build(agreements);
    used.top(
      [
        ['quarti', 1],
        ['emploi', 1],
      ],
      () => 1,
      5,
    );
    const fresh = CandidateIndex.build(agreements);
    const query: WeightedTerms = [['transport', 1]];
    expect(used.scores(query)).toEqual(fresh.scores(query));
    expect(used.top(query, () => 1, 5)).toEqual(fresh.top(query, () => 1, 5));
  });

  it('keeps nothing when the depth is zero, and everything when it is infinite', () => {
    const index = CandidateIndex.build(agreements);
    const query: WeightedTerms = [['quarti', 1]];
    expect(index.top(query, () => 1, 0)).toEqual([]);
    expect(index.top(query, () => 1, Number.POSITIVE_INFINITY).sort()).toEqual([0, 1, 2]);
    expect([...index.select(query, () => 1, 0)]).toEqual([]);
    expect([...index.select(query, () => 1, Number.POSITIVE_INFINITY)].sort()).toEqual([0, 1, 2]);
  });

  it('asks the share once per set of matched terms, and not at all when every agreement is kept', () => {
    const index = CandidateIndex.build([['a'], ['a', 'b'], ['a'], ['b'], ['a', 'b']]);
    const query: WeightedTerms = [
      ['a', 1],
      ['b', 1],
    ];
    const asked: number[][] = [];
    const share = (matched: readonly number[]) => {
      asked.push([...matched]);
      return matched.length / 2;
    };
    expect(index.select(query, share, 2)).toHaveLength(2);
    expect(asked.sort((x, y) => x.length - y.length || (x[0] ?? 0) - (y[0] ?? 0))).toEqual([
      [0],
      [1],
      [0, 1],
    ]);
    asked.length = 0;
    expect([...index.select(query, share, 5)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(asked).toEqual([]);
  });
});
