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
  /** The number of each term in the corpus' term numbering: corpus texts only. */
  ids?: Int32Array;
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

/** The compact form of a text's analysed words; with the corpus' term numbers, for its own texts. */
export function searchableWords(
  tokens: readonly AnalysedToken[],
  termIds?: ReadonlyMap<string, number>,
): SearchableWords {
  const searchable = tokens.filter((token): token is AnalysedToken & { term: string } => token.term !== null);
  const offsets = new Uint32Array(searchable.length * 2);
  searchable.forEach((token, index) => {
    offsets[2 * index] = token.start;
    offsets[2 * index + 1] = token.end;
  });
  const terms = searchable.map((token) => token.term);
  if (termIds === undefined) return { terms, offsets };
  return { terms, offsets, ids: Int32Array.from(terms, (term) => termIds.get(term) ?? -1) };
}

/**
 * The `[start, end)` spans of the words whose term is wanted. With the wanted terms' numbers too
 * (`wantedIds`, -1 for a term the corpus does not have), a corpus text compares numbers: every
 * matching bullet of every returned agreement is highlighted, and hashing each of its words was a
 * fifth of a search at 10 000 axes.
 */
export function spansOf(
  { terms, offsets, ids }: SearchableWords,
  wanted: ReadonlySet<string>,
  wantedIds?: Int32Array,
): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let index = 0; index < terms.length; index += 1) {
    const id = ids?.[index] ?? -1;
    // A word or a wanted term without a number (-1) is not in the corpus: numbers cannot match it.
    const found =
      ids !== undefined && wantedIds !== undefined
        ? id >= 0 && wantedIds.includes(id)
        : wanted.has(terms[index] as string);
    if (found) spans.push([offsets[2 * index] ?? 0, offsets[2 * index + 1] ?? 0]);
  }
  return spans;
}
