/**
 * The fixed query mix: every query of the three relevance sets, in a seeded order so that any
 * prefix of it (when a slow engine has to stop early) is a fair sample of the whole.
 *
 * @module
 */
import { type Judgement, readJudgements } from '../../tests/relevance/relevance.js';
import { mulberry32 } from './corpus.js';

/** The relevance sets, by file name. */
export const RELEVANCE_SETS = ['queries', 'holdout', 'fresh'] as const;

/** A relevance set's name. */
export type RelevanceSet = (typeof RELEVANCE_SETS)[number];

/** Every judgement of every set, by set. */
export function judgementsBySet(): Record<RelevanceSet, Judgement[]> {
  return {
    queries: readJudgements('queries'),
    holdout: readJudgements('holdout'),
    fresh: readJudgements('fresh'),
  };
}

/** A copy of `items` in a seeded random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

/** The search mix: the queries of the three sets, shuffled with a fixed seed. */
export function searchMix(): string[] {
  const { queries, holdout, fresh } = judgementsBySet();
  return shuffled(
    [...queries, ...holdout, ...fresh].map((judgement) => judgement.query),
    1,
  );
}

/**
 * The autocomplete mix: what a person has typed part-way through each query of the search mix
 * (the first 60 % of its characters, so usually a word cut in the middle), and the empty field
 * Discord sends when the option gets the focus.
 */
export function completionMix(): string[] {
  return ['', ...searchMix().map((query) => query.slice(0, Math.max(1, Math.ceil(query.length * 0.6))))];
}
