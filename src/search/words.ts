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
 * The searchable words of a text, compact because every bullet keeps one (one typed array, not
 * one per field: at 100 000 axes each array per bullet costs megabytes). Word `i` has its index
 * term at `terms[i]`, and in `layout` its `[start, end)` offsets at `3i` and `3i + 1` and its
 * number in the corpus' term numbering at `3i + 2` (-1 outside the corpus). Stopwords are left out.
 */
export interface SearchableWords {
  terms: readonly string[];
  layout: Int32Array;
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

/** The compact form of a text's analysed words, numbered with the corpus' terms when given. */
export function searchableWords(
  tokens: readonly AnalysedToken[],
  termIds?: ReadonlyMap<string, number>,
): SearchableWords {
  const searchable = tokens.filter((token): token is AnalysedToken & { term: string } => token.term !== null);
  const layout = new Int32Array(searchable.length * 3);
  searchable.forEach((token, index) => {
    layout[3 * index] = token.start;
    layout[3 * index + 1] = token.end;
    layout[3 * index + 2] = termIds?.get(token.term) ?? -1;
  });
  return { terms: searchable.map((token) => token.term), layout };
}

/** The `[start, end)` spans of the words whose term is wanted. */
export function spansOf(
  { terms, layout }: SearchableWords,
  wanted: ReadonlySet<string>,
): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let index = 0; index < terms.length; index += 1) {
    if (wanted.has(terms[index] as string)) spans.push([layout[3 * index] ?? 0, layout[3 * index + 1] ?? 0]);
  }
  return spans;
}

/**
 * The same for a corpus text, by term number (`wanted`: the numbers of the wanted terms; a
 * negative number matches nothing): comparing numbers rather than hashing each word's term, which
 * was a fifth of a search at 10 000 axes when every matching bullet was highlighted. A word
 * without a number is not in the corpus and never matches.
 */
export function spansOfNumbers(
  { terms, layout }: SearchableWords,
  wanted: Int32Array,
): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let index = 0; index < terms.length; index += 1) {
    const id = layout[3 * index + 2] ?? -1;
    if (id >= 0 && wanted.includes(id)) spans.push([layout[3 * index] ?? 0, layout[3 * index + 1] ?? 0]);
  }
  return spans;
}
