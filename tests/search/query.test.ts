import fc from 'fast-check';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { fold, stem } from '../../src/search/analysis.js';
import { type PlannerContext, planQuery, type VocabularyEntry } from '../../src/search/query.js';
import { Speller } from '../../src/search/spelling.js';

const CORPUS_WORDS = ['transports', 'transport', 'police', 'emploi', 'education', 'culture', 'securite'];

/** A small corpus's planner context, with its own (empty) readings. */
function context(): PlannerContext {
  const vocabulary = new SearchableMap<VocabularyEntry>();
  for (const word of CORPUS_WORDS) vocabulary.set(word, { display: word, stem: stem(word), count: 1 });
  return {
    indexTerms: new Set(CORPUS_WORDS.map(stem)),
    vocabulary,
    speller: new Speller([...vocabulary.entries()].reverse()),
    synonymsByWord: new Map([['metro', [stem('transports')]]]),
    synonymsByPhrase: new Map(),
    longestPhrase: 1,
    phraseStarts: new Set(),
    ignoredStems: new Set(),
    readings: new Map(),
  };
}

describe('planQuery', () => {
  it('reads a word once per folded form, each plan keeping the word as typed', () => {
    const planner = context();
    const first = planQuery('Transports', planner);
    const second = planQuery('transports', planner);
    expect(planner.readings.size).toBe(1);
    expect(first.concepts.map((concept) => concept.source)).toEqual(['Transports']);
    expect(second.concepts.map((concept) => concept.source)).toEqual(['transports']);
    expect(second.concepts[0]?.terms).toBe(first.concepts[0]?.terms);
  });

  it('remembers that a word reads as nothing', () => {
    const planner = context();
    expect(planQuery('zzzz', planner).unknown).toEqual(['zzzz']);
    expect(planner.readings.get('zzzz')).toBeNull();
    expect(planQuery('ZZZZ', planner).unknown).toEqual(['ZZZZ']);
  });

  it('empties its readings once they hold 10 000 words', () => {
    const planner = context();
    const words = Array.from({ length: 10_001 }, (_, index) => `mot${index.toString(36)}x`);
    planQuery(words.join(' '), planner);
    expect(planner.readings.size).toBe(1);
    expect(planner.readings.has(fold(words.at(-1) as string))).toBe(true);
  });

  it('plans as a fresh reader would, whatever was read before', () => {
    const word = fc.constantFrom(
      ...CORPUS_WORDS,
      'Transports',
      'polise',
      'educaton',
      'trans',
      'cult',
      'métro',
      'meteo',
      'xyz',
      'les',
    );
    const query = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 6 }), (queries) => {
        const shared = context();
        for (const text of queries) expect(planQuery(text, shared)).toEqual(planQuery(text, context()));
      }),
      { numRuns: 300 },
    );
  });
});
