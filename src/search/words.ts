/**
 * The searchable words of a text with their offsets, computed once for every text of the corpus
 * so that highlighting a bullet is a look-up, not a second analysis.
 *
 * @module
 */
import { analyseWord, tokenize } from './analysis.js';

/** A word of a corpus text with its offsets and its index term (null: not searchable). */
export interface AnalysedToken {
  start: number;
  end: number;
  term: string | null;
}

/**
 * The searchable words of a text, compact because every bullet keeps one: the index term of each
 * and its `[start, end)` offsets at `2i` and `2i + 1`. Stopwords are left out.
 */
export interface SearchableWords {
  terms: readonly string[];
  offsets: Uint32Array;
}

/** A text's words with their index terms, for texts that are not scored (goals, or any text). */
export function analyseTokens(text: string, ignoredStems: ReadonlySet<string>): AnalysedToken[] {
  return tokenize(text).map((token) => {
    const term = analyseWord(token.text);
    return {
      start: token.start,
      end: token.end,
      term: term === null || ignoredStems.has(term) ? null : term,
    };
  });
}

/** The compact form of a text's analysed words. */
export function searchableWords(tokens: readonly AnalysedToken[]): SearchableWords {
  const searchable = tokens.filter((token): token is AnalysedToken & { term: string } => token.term !== null);
  const offsets = new Uint32Array(searchable.length * 2);
  searchable.forEach((token, index) => {
    offsets[2 * index] = token.start;
    offsets[2 * index + 1] = token.end;
  });
  return { terms: searchable.map((token) => token.term), offsets };
}

/** The `[start, end)` spans of the words whose term is wanted. */
export function spansOf(
  { terms, offsets }: SearchableWords,
  wanted: ReadonlySet<string>,
): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  terms.forEach((term, index) => {
    if (wanted.has(term)) spans.push([offsets[2 * index] ?? 0, offsets[2 * index + 1] ?? 0]);
  });
  return spans;
}
