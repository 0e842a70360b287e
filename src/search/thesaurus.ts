/**
 * The thesaurus compiled against the corpus: each key (a word, or a phrase keyed by its stems) to
 * the index terms its expansions stand for. Expansions the corpus does not use are dropped.
 *
 * @module
 */
import type SearchableMap from 'minisearch/SearchableMap';
import type { Thesaurus } from '../data/schema.js';
import { analyseWord, fold, stem, tokenize } from './analysis.js';
import { type PlannerContext, phraseKey, type VocabularyEntry } from './query.js';

/** Shortest stem through which inflected forms of a synonym key reach it. */
const MIN_SYNONYM_STEM = 4;

/**
 * Compiles the synonyms for the query planner. Single-word keys people type that the corpus does
 * not use are added to `vocabulary` (count 0), so they complete and correct like corpus words.
 */
export function compileThesaurus(
  thesaurus: Thesaurus,
  corpus: {
    indexTerms: ReadonlySet<string>;
    vocabulary: SearchableMap<VocabularyEntry>;
    ignoredStems: ReadonlySet<string>;
  },
): Pick<PlannerContext, 'synonymsByWord' | 'synonymsByPhrase' | 'longestPhrase' | 'phraseStarts'> {
  const { indexTerms, vocabulary, ignoredStems } = corpus;
  const toTerms = (phrases: readonly string[]): string[] => {
    const terms = new Set<string>();
    for (const phrase of phrases) {
      for (const token of tokenize(phrase)) {
        const term = analyseWord(token.text);
        if (term !== null && !ignoredStems.has(term) && indexTerms.has(term)) terms.add(term);
      }
    }
    return [...terms];
  };
  const synonymsByWord = new Map<string, string[]>();
  const synonymsByPhrase = new Map<string, string[]>();
  const phraseStarts = new Set<string>();
  let longestPhrase = 1;
  for (const [key, expansions] of Object.entries(thesaurus.synonyms)) {
    const stems = phraseKey(key);
    const terms = toTerms(expansions);
    if (stems.length === 0 || terms.length === 0) continue;
    if (stems.length > 1) {
      synonymsByPhrase.set(stems.join(' '), terms);
      phraseStarts.add(stems[0] ?? '');
      longestPhrase = Math.max(longestPhrase, stems.length);
      continue;
    }
    const tokens = tokenize(key);
    // "tout-petits" is a phrase whose other word is a stopword: it cannot be told apart from
    // "petits" alone, so it is left out rather than made a synonym of "petits".
    if (tokens.length !== 1) continue;
    const word = fold(tokens[0]?.text ?? '');
    synonymsByWord.set(word, terms);
    // Inflected forms reach the key through its stem, unless the stem is too short to mean
    // anything: "taxi" and "taxe" share "tax".
    const keyStem = stem(word);
    if (keyStem.length >= MIN_SYNONYM_STEM && !synonymsByWord.has(keyStem))
      synonymsByWord.set(keyStem, terms);
    // Count 0: a form the corpus uses is preferred when completions keep one form per stem.
    if (!vocabulary.has(word)) vocabulary.set(word, { display: key, stem: keyStem, count: 0 });
  }

  return { synonymsByWord, synonymsByPhrase, longestPhrase, phraseStarts };
}
