import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { keep } from '../util/memo.js';
import { FRENCH_ELISIONS, STOPWORDS } from './stopwords.js';

/** A word of a text with its position, so matches can be highlighted in the original string. */
export interface Token {
  /** The word as written. */
  text: string;
  /** Offset of its first UTF-16 code unit in the text. */
  start: number;
  /** Offset just past its last code unit. */
  end: number;
}

// Marks belong to the word they follow: a decomposed "é" (e + U+0301) must not split "santé".
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[’'][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;
const APOSTROPHE = /[’']/u;

/**
 * Splits a text into words with their offsets. Elided articles and pronouns ("l’", "d’", "qu’", with
 * either apostrophe) are cut off the word they precede: "l’emploi" yields "emploi" at the offset of "e".
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (!word.includes("'") && !word.includes('’')) {
      tokens.push({ text: word, start: match.index, end: match.index + word.length });
      continue;
    }
    const parts = word.split(APOSTROPHE);
    let offset = match.index;
    parts.forEach((part, index) => {
      const isElision = index < parts.length - 1 && FRENCH_ELISIONS.has(fold(part));
      if (part !== '' && !isElision) tokens.push({ text: part, start: offset, end: offset + part.length });
      offset += part.length + 1;
    });
  }
  return tokens;
}

/** Lowercases and removes accents ("Éducation" → "education"), ligatures included. */
export function fold(word: string): string {
  const known = FOLDED.get(word);
  if (known !== undefined) return known;
  const folded = word
    .toLowerCase()
    .replace(/œ/gu, 'oe')
    .replace(/æ/gu, 'ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
  remember(FOLDED, word, folded);
  return folded;
}

/**
 * Words already folded and stemmed. Bounded: the corpus vocabulary is small, but queries can
 * bring any word, and a full cache is simply emptied.
 */
const FOLDED = new Map<string, string>();
const STEMS = new Map<string, string>();
const MAX_CACHED_WORDS = 50_000;
/** Longer strings are whole phrases (completions, pasted text), not words worth keeping. */
const MAX_CACHED_WORD_LENGTH = 40;

function remember(cache: Map<string, string>, key: string, value: string): void {
  if (key.length <= MAX_CACHED_WORD_LENGTH) keep(cache, key, value, MAX_CACHED_WORDS);
}

/** How many words the analysis caches hold (fold and stem): to check they stay bounded. */
export function cachedWordCount(): number {
  return FOLDED.size + STEMS.size;
}

/**
 * Stems a folded word with the Snowball French stemmer. Folding happens first so that a query typed
 * without accents ("securite") lands on the same stem as the text ("sécurité"). The stemmer leaves
 * some plurals alone ("emplois"), so a final s is dropped from long stems.
 */
export function stem(folded: string): string {
  const known = STEMS.get(folded);
  if (known !== undefined) return known;
  const computed = stemUncached(folded);
  remember(STEMS, folded, computed);
  return computed;
}

function stemUncached(folded: string): string {
  if (/^\d+$/u.test(folded)) return folded;
  const stemmed = frenchStemmer(folded);
  return stemmed.length > 4 && stemmed.endsWith('s') && !stemmed.endsWith('ss')
    ? stemmed.slice(0, -1)
    : stemmed;
}

/**
 * Whether a folded word carries no topic: articles, question words, single letters and the like.
 * A single digit is kept: it is the day of a date ("8 février 2017") or an age ("moins de 3 ans").
 */
export function isStopword(folded: string): boolean {
  return (folded.length < 2 && !(folded >= '0' && folded <= '9')) || STOPWORDS.has(folded);
}

/** The term a word is indexed under, or null when it carries no meaning for search. */
export function analyseWord(word: string): string | null {
  const folded = fold(word);
  return isStopword(folded) ? null : stem(folded);
}

/** Index-side analysis of a whole text: the terms MiniSearch stores. */
export function analyseText(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = analyseWord(token.text);
    if (term !== null) terms.push(term);
  }
  return terms;
}
