import type SearchableMap from 'minisearch/SearchableMap';
import { keep } from '../util/memo.js';
import { analyseWord, fold, isStopword, stem, type Token, tokenize } from './analysis.js';
import type { Speller } from './spelling.js';

/** How a query word was understood. */
export type Resolution = 'exact' | 'synonym' | 'prefix' | 'correction';

/** One idea of the query ("police", "transports en commun") and the index terms that express it. */
export interface Concept {
  /** The words of the query this concept comes from, as typed. */
  source: string;
  /**
   * Index terms (stems) with their weight in (0, 1]. Inside the engine, shared by every plan that
   * read the same word; `SearchEngine.plan` hands out copies.
   */
  terms: ReadonlyMap<string, number>;
  resolution: Resolution;
  /** The corpus word a misspelt query word was corrected to, when it was. */
  correctedTo?: string;
  /** Edits between the typed word and its correction. */
  distance?: number;
}

/** A query as the engine understands it. */
export interface QueryPlan {
  /** The query after the slash-command or option prefix was removed. */
  text: string;
  concepts: Concept[];
  /** Meaningful words that match nothing in the corpus, even after correction. */
  unknown: string[];
}

/** A word of the corpus, unstemmed, for completion and spelling correction. */
export interface VocabularyEntry {
  /** The most frequent way the word is written in the corpus ("Éducation", "sécurité"). */
  display: string;
  stem: string;
  count: number;
}

/** What the query planner needs to know about the corpus. */
export interface PlannerContext {
  /** Terms present in the index. */
  indexTerms: ReadonlySet<string>;
  /** Folded corpus words (and single-word synonym keys), for prefixes. */
  vocabulary: SearchableMap<VocabularyEntry>;
  /** The same words, for corrections, in the order MiniSearch's `fuzzyGet` would find them. */
  speller: Speller<VocabularyEntry>;
  /** Folded single-word synonym keys, and their stems, to expansion terms. */
  synonymsByWord: ReadonlyMap<string, readonly string[]>;
  /** Multi-word synonym keys, as the stems of their meaningful words ("pole emploi"), to expansion terms. */
  synonymsByPhrase: ReadonlyMap<string, readonly string[]>;
  /** Length in words of the longest phrase key. */
  longestPhrase: number;
  /** The first stem of every phrase key: a word that starts none is not looked up as a phrase. */
  phraseStarts: ReadonlySet<string>;
  /** Stems dropped from queries and from the index because nearly every agreement has them. */
  ignoredStems: ReadonlySet<string>;
  /**
   * Words already read against this corpus, by folded form. Reading a word (its stem, synonyms,
   * the words it is a prefix of, its correction) depends on nothing else, and was, with code and
   * data cold between interactions, a third of reading a query. Emptied when full.
   */
  readonly readings: Map<string, Reading | null>;
}

/** How a word reads, whatever its spelling as typed: a {@link Concept} without its source. */
export type Reading = Omit<Concept, 'source'>;

/** More words than a query vocabulary holds: past it, {@link PlannerContext.readings} is emptied. */
const MAX_READINGS = 10_000;

/** Weights that express how sure the planner is of each reading of a word. */
export const RESOLUTION_WEIGHTS = {
  exact: 1,
  /** An expansion of a word that is itself in the corpus: a hint, not the word. */
  secondarySynonym: 0.6,
  prefix: 0.8,
  correction: 0.9,
} as const;

/** How many corpus words a prefix may stand for. */
export const MAX_PREFIX_EXPANSIONS = 12;

const COMMAND_PREFIX = /^\s*\/[\p{L}\p{N}_-]+\s*/u;
const OPTION_PREFIX = /^\s*(?:sujet|topic|query|q)\s*:\s*/iu;

/**
 * Whether a concept rests only on a guess: a correction of more than one edit in seven letters
 * ("météo" → "métro") is as likely another word as a typo.
 */
export function isWeakGuess(concept: Concept): boolean {
  return concept.resolution === 'correction' && (concept.distance ?? 0) / concept.source.length > 1 / 7;
}

/** Removes "/convention " or "sujet:" typed in front of the query. */
export function stripCommandPrefix(query: string): string {
  // Both prefixes need their mark; most queries have neither, and skip two regular expressions.
  if (!query.includes('/') && !query.includes(':')) return query;
  return query.replace(COMMAND_PREFIX, '').replace(OPTION_PREFIX, '');
}

/**
 * Edits allowed when correcting a word: none for short words, where a typo is too often another
 * word ("météo" is one edit from "métro"), two only for long ones.
 */
export function maxEditDistance(word: string): number {
  if (word.length <= 4) return 0;
  if (word.length <= 7) return 1;
  return 2;
}

/**
 * The closest corpus word to a misspelt one: fewest edits first, then the most frequent word; two
 * edits only when the first letter is kept.
 * Returns undefined when nothing is close enough, which is how nonsense stays unmatched.
 */
export function correctWord(
  speller: Speller<VocabularyEntry>,
  folded: string,
  maxDistance = maxEditDistance(folded),
): [string, VocabularyEntry, number] | undefined {
  if (maxDistance === 0) return undefined;
  let best: [string, VocabularyEntry, number] | undefined;
  for (const [word, entry, distance] of speller.near(folded, maxDistance)) {
    // Typos rarely change the first letter; a word two edits away that starts differently is
    // usually another word ("equality" is two from "qualité"), and its answer would be wrong.
    if (distance > 1 && word[0] !== folded[0]) continue;
    if (best === undefined || distance < best[2] || (distance === best[2] && entry.count > best[1].count)) {
      best = [word, entry, distance];
    }
  }
  return best;
}

function expansionTerms(
  expansions: readonly string[] | undefined,
  weight: number,
  into: Map<string, number>,
) {
  for (const term of expansions ?? []) {
    if ((into.get(term) ?? 0) < weight) into.set(term, weight);
  }
}

/** Reads one word, once per folded form (see {@link PlannerContext.readings}). */
function readWord(word: string, folded: string, context: PlannerContext): Concept | null {
  let reading = context.readings.get(folded);
  if (reading === undefined) {
    reading = resolveWord(folded, context);
    keep(context.readings, folded, reading, MAX_READINGS);
  }
  return reading === null ? null : { source: word, ...reading };
}

/** Reads one word: exact term, synonyms, then a prefix of corpus words, then a correction. */
function resolveWord(folded: string, context: PlannerContext): Reading | null {
  const stemmed = stem(folded);
  const terms = new Map<string, number>();
  const isCorpusTerm = context.indexTerms.has(stemmed);
  if (isCorpusTerm) terms.set(stemmed, RESOLUTION_WEIGHTS.exact);
  const synonyms = context.synonymsByWord.get(folded) ?? context.synonymsByWord.get(stemmed);
  expansionTerms(
    synonyms,
    isCorpusTerm ? RESOLUTION_WEIGHTS.secondarySynonym : RESOLUTION_WEIGHTS.exact,
    terms,
  );
  if (terms.size > 0) return { terms, resolution: isCorpusTerm ? 'exact' : 'synonym' };

  if (folded.length >= 3) {
    let seen = 0;
    for (const [, entry] of context.vocabulary.atPrefix(folded)) {
      if (context.indexTerms.has(entry.stem)) expansionTerms([entry.stem], RESOLUTION_WEIGHTS.prefix, terms);
      expansionTerms(context.synonymsByWord.get(entry.stem), RESOLUTION_WEIGHTS.prefix, terms);
      // A short prefix of a large vocabulary would otherwise expand into thousands of terms.
      seen += 1;
      if (seen >= MAX_PREFIX_EXPANSIONS) break;
    }
    if (terms.size > 0) return { terms, resolution: 'prefix' };
  }

  const corrected = correctWord(context.speller, folded);
  if (corrected !== undefined) {
    const [correctedWord, entry, distance] = corrected;
    if (context.indexTerms.has(entry.stem)) terms.set(entry.stem, RESOLUTION_WEIGHTS.correction);
    expansionTerms(
      context.synonymsByWord.get(correctedWord) ?? context.synonymsByWord.get(entry.stem),
      RESOLUTION_WEIGHTS.correction,
      terms,
    );
    if (terms.size > 0) return { terms, resolution: 'correction', correctedTo: entry.display, distance };
  }
  return null;
}

/**
 * Turns what a person typed into weighted index terms. Multi-word synonyms are matched first
 * ("pôle emploi"), then each meaningful word. Spelling is corrected against the corpus vocabulary
 * before stemming, because a misspelt word has no reliable stem.
 */
export function planQuery(query: string, context: PlannerContext): QueryPlan {
  const text = stripCommandPrefix(query);
  // Stopwords are skipped before phrases are matched, so "transports en commun" and
  // "transport commun" are the same phrase; phrases are keyed by stems for the same reason.
  const words: Array<{ token: Token; folded: string; stem: string }> = [];
  for (const token of tokenize(text)) {
    const folded = fold(token.text);
    if (!isStopword(folded)) words.push({ token, folded, stem: stem(folded) });
  }
  const concepts: Concept[] = [];
  const unknown: string[] = [];

  for (let index = 0; index < words.length; ) {
    let consumed = 0;
    const longest = context.phraseStarts.has(words[index]?.stem ?? '') ? context.longestPhrase : 1;
    for (let length = Math.min(longest, words.length - index); length >= 2; length -= 1) {
      const phrase = words
        .slice(index, index + length)
        .map((word) => word.stem)
        .join(' ');
      const expansions = context.synonymsByPhrase.get(phrase);
      if (expansions === undefined) continue;
      const terms = new Map<string, number>();
      expansionTerms(expansions, RESOLUTION_WEIGHTS.exact, terms);
      const source = text.slice(words[index]?.token.start, words[index + length - 1]?.token.end);
      concepts.push({ source, terms, resolution: 'synonym' });
      consumed = length;
      break;
    }
    if (consumed > 0) {
      index += consumed;
      continue;
    }
    const word = words[index];
    index += 1;
    if (word === undefined || context.ignoredStems.has(word.stem)) continue;
    const concept = readWord(word.token.text, word.folded, context);
    // A lone digit the agreements lack ("axe 4") says nothing of the topic: it is not unknown.
    if (concept === null) {
      if (word.folded.length > 1) unknown.push(word.token.text);
    } else concepts.push(concept);
  }
  return { text, concepts, unknown };
}

/** Key of a multi-word synonym: the stems of its meaningful words, as {@link planQuery} matches them. */
export function phraseKey(phrase: string): string[] {
  return tokenize(phrase).flatMap((token) => analyseWord(token.text) ?? []);
}
