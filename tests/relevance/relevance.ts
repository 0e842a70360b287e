import { readFileSync } from 'node:fs';
import type { SearchEngine } from '../../src/search/engine.js';

/** One query of a relevance set and the agreement a person expects first (null: nothing). */
export interface Judgement {
  query: string;
  expected: string | null;
  kind: string;
}

/** Reads a relevance set from `tests/relevance/`. */
export function readJudgements(name: 'queries' | 'holdout' | 'fresh'): Judgement[] {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as Judgement[];
}

/** Precision@1, mean reciprocal rank and the misses of a search function over a relevance set. */
export interface RelevanceReport {
  precisionAt1: number;
  mrr: number;
  misses: Array<{ query: string; expected: string | null; got: string[] }>;
}

/**
 * Scores a ranking function. A query expecting nothing counts as a hit only when the ranking is
 * empty; otherwise the hit is the expected id at rank 1, and MRR uses its rank.
 */
export function evaluate(
  rank: (query: string) => string[],
  judgements: readonly Judgement[],
): RelevanceReport {
  let hits = 0;
  let reciprocal = 0;
  const misses: RelevanceReport['misses'] = [];
  for (const { query, expected } of judgements) {
    const got = rank(query);
    if (expected === null) {
      if (got.length === 0) {
        hits += 1;
        reciprocal += 1;
      } else misses.push({ query, expected, got });
      continue;
    }
    const position = got.indexOf(expected);
    if (position === 0) hits += 1;
    else misses.push({ query, expected, got });
    if (position >= 0) reciprocal += 1 / (position + 1);
  }
  return { precisionAt1: hits / judgements.length, mrr: reciprocal / judgements.length, misses };
}

/** The engine's ranking as agreement ids. */
export function engineRanking(engine: SearchEngine): (query: string) => string[] {
  return (query) => engine.search(query).map((hit) => hit.convention.id);
}
