import { beforeAll, describe, expect, it } from 'vitest';
import { compactQuery, withoutRepeatedWords } from '../../src/search/compact.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { readJudgements } from '../relevance/relevance.js';
import { realEngine } from '../support/fakes.js';

let engine: SearchEngine;
beforeAll(async () => {
  engine = await realEngine();
});

const QUERIES = (['queries', 'holdout', 'fresh'] as const).flatMap((name) =>
  readJudgements(name).map((judgement) => judgement.query),
);

/** What an answer shows of a search: the agreements in order, their scores and the words in bold. */
const results = (query: string) =>
  engine.search(query).map((hit) => ({ id: hit.convention.id, score: hit.score, terms: hit.terms }));

describe('compactQuery', () => {
  it('drops stopwords, elided articles, punctuation and the command prefix, and keeps the other words as typed', () => {
    expect(compactQuery('/convention sujet: Quel ministère s’occupe de l’Éducation, au juste ?')).toBe(
      'ministère Éducation juste',
    );
  });

  it('keeps words the corpus does not know, since they decide whether a guess is trusted', () => {
    expect(compactQuery('la météo de demain')).toBe('météo demain');
  });

  it('gives the same results as the full query for every query of the relevance sets', () => {
    const different = QUERIES.filter((query) => {
      expect(compactQuery(query).length).toBeLessThanOrEqual(query.length);
      return JSON.stringify(results(compactQuery(query))) !== JSON.stringify(results(query));
    });
    expect(different).toEqual([]);
  });

  it('reads its own output unchanged', () => {
    for (const query of QUERIES) expect(compactQuery(compactQuery(query))).toBe(compactQuery(query));
  });
});

describe('withoutRepeatedWords', () => {
  it('keeps the first of the words written the same, accents and case aside', () => {
    expect(withoutRepeatedWords('emploi Emploi jeunes emploi éducation education')).toBe(
      'emploi jeunes éducation',
    );
  });
});
