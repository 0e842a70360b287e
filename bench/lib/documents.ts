/**
 * The documents the competitors index: the engine's own split (`documentsOf` of
 * `src/search/documents.ts`: one document per bullet, one per agreement with its ministries,
 * title, summary and lead-ins, goals and dates) and the same French analysis, so the comparison is
 * between engines and not between inputs.
 *
 * @module
 */
import type { Convention, Thesaurus } from '../../src/data/schema.js';
import { fold, isStopword, stem, tokenize } from '../../src/search/analysis.js';
import {
  documentsOf as documentsOfAgreement,
  FIELD_BOOSTS,
  FIELDS,
  type ScoredDocument,
} from '../../src/search/documents.js';

/** Fields of a document with the engine's boosts, used as the competitors' weights. */
export const FIELD_WEIGHTS = FIELD_BOOSTS;

export { FIELDS };

/** One indexed document: a bullet (`text`) or an agreement (the other fields). */
export type BenchDocument = Pick<ScoredDocument, 'id' | 'conventionId' | (typeof FIELDS)[number]>;

/** The documents of the agreements, split as the engine splits them. */
export function documentsOf(conventions: readonly Convention[]): BenchDocument[] {
  return conventions.flatMap((convention) => documentsOfAgreement(convention));
}

/**
 * The French analysis of the engine as a function from text to terms: elision and tokenisation,
 * folding, stopwords, Snowball stem, and the thesaurus' ignored words (which the engine drops
 * from its index and its queries alike). Stems are cached per folded word, as any encoder would.
 */
export function frenchAnalyzer(thesaurus: Thesaurus): (text: string) => string[] {
  const cache = new Map<string, string | null>();
  const ignored = new Set(thesaurus.ignoredWords.map((word) => stem(fold(word))));
  const termOf = (word: string): string | null => {
    const folded = fold(word);
    let term = cache.get(folded);
    if (term === undefined) {
      const stemmed = isStopword(folded) ? null : stem(folded);
      term = stemmed === null || ignored.has(stemmed) ? null : stemmed;
      cache.set(folded, term);
    }
    return term;
  };
  return (text) => {
    const terms: string[] = [];
    for (const token of tokenize(text)) {
      const term = termOf(token.text);
      if (term !== null) terms.push(term);
    }
    return terms;
  };
}

/** A document whose fields hold analysed terms joined by spaces, for engines that take strings. */
export function analysedDocument(
  document: BenchDocument,
  analyse: (text: string) => string[],
): BenchDocument {
  const analysed: BenchDocument = { id: document.id, conventionId: document.conventionId };
  for (const field of FIELDS) {
    const value = document[field];
    if (value !== undefined) analysed[field] = analyse(value).join(' ');
  }
  return analysed;
}

/** Agreement ids in the order of their best matching document, each once. */
export function agreementsInOrder(
  documentIds: Iterable<string>,
  conventionOf: (id: string) => string | undefined,
): string[] {
  const seen = new Set<string>();
  for (const id of documentIds) {
    const convention = conventionOf(id);
    if (convention !== undefined) seen.add(convention);
  }
  return [...seen];
}
