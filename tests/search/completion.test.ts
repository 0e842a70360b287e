import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { WordCompleter } from '../../src/search/completion.js';
import type { VocabularyEntry } from '../../src/search/query.js';

const entry = (display: string, stem: string, count: number): VocabularyEntry => ({ display, stem, count });

/**
 * What the completer replaces, as the engine did it: walk the radix tree under the prefix, keep
 * per stem the first most frequent and shortest form, sort by frequency then collation.
 */
function walkTheTree(
  vocabulary: SearchableMap<VocabularyEntry>,
  offered: (word: string, entry: VocabularyEntry) => boolean,
  prefix: string,
  limit: number,
): string[] {
  const byStem = new Map<string, [string, VocabularyEntry]>();
  for (const [word, value] of vocabulary.atPrefix(prefix)) {
    if (word === prefix || !offered(word, value)) continue;
    const kept = byStem.get(value.stem)?.[1];
    const better =
      kept === undefined ||
      value.count > kept.count ||
      (value.count === kept.count && value.display.length < kept.display.length);
    if (better) byStem.set(value.stem, [word, value]);
  }
  return [...byStem.values()]
    .sort(([, a], [, b]) => b.count - a.count || a.display.localeCompare(b.display))
    .slice(0, limit)
    .map(([word]) => word);
}

describe('WordCompleter.complete', () => {
  const vocabulary = new SearchableMap<VocabularyEntry>();
  for (const [word, value] of [
    ['transport', entry('transport', 'transport', 4)],
    ['transports', entry('transports', 'transport', 9)],
    ['transition', entry('transition', 'transit', 2)],
    ['travail', entry('travail', 'travail', 2)],
    ['trajet', entry('trajet', 'trajet', 2)],
    ['tram', entry('tram', 'tram', 1)],
    ['les', entry('les', 'le', 50)],
    ['education', entry('Éducation', 'educ', 7)],
    ['educatif', entry('éducatif', 'educ', 7)],
  ] as const)
    vocabulary.set(word, value);
  const completer = new WordCompleter(vocabulary, (word) => word !== 'les');
  const words = (prefix: string, limit = 8) => completer.complete(prefix, limit).map((found) => found.word);

  it.each<[string, string, number, string[]]>([
    ['one form per stem, the most frequent', 'transp', 8, ['transports']],
    [
      'most frequent first, then in collation order',
      'tr',
      8,
      ['transports', 'trajet', 'transition', 'travail', 'tram'],
    ],
    ['equal counts: the shorter form of the stem', 'educ', 8, ['educatif']],
    ['not the word itself', 'tram', 8, []],
    ['not a word left out of the offer', 'le', 8, []],
    ['at most the limit', 'tr', 2, ['transports', 'trajet']],
    ['a negative limit is none', 'tr', -1, []],
    ['nothing under an unknown prefix', 'zz', 8, []],
    ['every word under the empty prefix', '', 3, ['transports', 'educatif', 'trajet']],
  ])('%s (%s)', (_behaviour, prefix, limit, expected) => {
    expect(words(prefix, limit)).toEqual(expected);
  });

  it('orders stems equal in frequency and collation as the vocabulary first meets them', () => {
    // Inserted a, é, b, aa: the tree walks b, é, aa, a. Stem s1's best form is é, s2's is b, but
    // s2 is met first (b), though its best form comes later in code-unit order than é.
    const tree = new SearchableMap<VocabularyEntry>();
    tree.set('a', entry('A', 's1', 1));
    tree.set('é', entry('A', 's1', 1));
    tree.set('b', entry('A', 's2', 1));
    tree.set('aa', entry('A', 's2', 1));
    const offered = (word: string) => word !== 'a';
    expect(new WordCompleter(tree, offered).complete('', 2).map((found) => found.word)).toEqual(
      walkTheTree(tree, offered, '', 2),
    );
    expect(walkTheTree(tree, offered, '', 2)).toEqual(['b', 'é']);
  });

  it('gives the display form and the entry of each completion', () => {
    expect(completer.complete('educa', 8)).toEqual([
      { word: 'educatif', entry: entry('éducatif', 'educ', 7) },
    ]);
  });

  it('counts only the words it may offer', () => {
    expect(completer.size).toBe(8);
  });

  it('completes as walking the radix tree did, on any vocabulary and prefix', () => {
    const word = fc.stringMatching(/^[a-eé]{0,6}$/u);
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            word,
            display: fc.constantFrom('A', 'b', 'É', 'e', 'ab', 'Ab', 'éa', 'zz'),
            stem: fc.constantFrom('s1', 's2', 's3', 's4'),
            count: fc.integer({ min: 1, max: 4 }),
            offered: fc.boolean(),
          }),
          { selector: (item) => item.word, maxLength: 40 },
        ),
        word,
        fc.integer({ min: 0, max: 5 }),
        (items, prefix, limit) => {
          const tree = new SearchableMap<VocabularyEntry>();
          const excluded = new Set<string>();
          for (const item of items) {
            tree.set(item.word, entry(item.display, item.stem, item.count));
            if (!item.offered) excluded.add(item.word);
          }
          const offered = (candidate: string) => !excluded.has(candidate);
          const found = new WordCompleter(tree, offered).complete(prefix, limit).map((item) => item.word);
          expect(found).toEqual(walkTheTree(tree, offered, prefix, limit));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
