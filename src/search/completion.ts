/**
 * Completing the word being typed, for autocomplete, from the corpus vocabulary.
 *
 * Walking the vocabulary's radix tree under the prefix and sorting what it found with
 * `localeCompare` took about 0.14 ms of a 0.35 ms autocomplete between interactions (code and data
 * cold). Here the words that may be offered are sorted once, by code unit, so those under a prefix
 * are one contiguous run found by binary search, and the order completions are offered in is a
 * number computed once per word.
 *
 * @module
 */
import type { VocabularyEntry } from './query.js';

/** One completion: the word as the corpus writes it most often, and its entry. */
export interface WordCompletion {
  /** The folded word. */
  word: string;
  entry: VocabularyEntry;
}

/**
 * The words of a vocabulary that may complete what is being typed: for a prefix, one form per
 * stem (the most frequent, then the shortest, then the first in the vocabulary's order), most
 * frequent first, then in the collation order of their display form, then in the order the
 * vocabulary meets their stems.
 */
export class WordCompleter {
  /** The words that may be offered, folded, in code-unit order. */
  readonly #words: string[] = [];
  readonly #entries: VocabularyEntry[] = [];
  /** Position of each word in the vocabulary's own order: the first of equal forms wins a stem. */
  readonly #walk: Int32Array;
  /** Position of each word in the order completions are offered. */
  readonly #rank: Int32Array;

  /**
   * @param vocabulary - every word with its entry, in the vocabulary's own order (a
   *   `SearchableMap`'s iteration order), which breaks ties between equal forms of a stem.
   * @param offered - whether a word may be offered at all (not a stopword, means something here).
   */
  constructor(
    vocabulary: Iterable<readonly [string, VocabularyEntry]>,
    offered: (word: string, entry: VocabularyEntry) => boolean,
  ) {
    const kept: Array<{ word: string; entry: VocabularyEntry; walk: number }> = [];
    let walk = 0;
    for (const [word, entry] of vocabulary) {
      if (offered(word, entry)) kept.push({ word, entry, walk });
      walk += 1;
    }
    kept.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    this.#walk = new Int32Array(kept.length);
    kept.forEach((item, index) => {
      this.#words.push(item.word);
      this.#entries.push(item.entry);
      this.#walk[index] = item.walk;
    });
    // Equal in frequency and collation, two words share a rank: which was met first decides.
    this.#rank = new Int32Array(kept.length);
    const offerOrder = (a: number, b: number) => {
      const x = this.#entries[a] as VocabularyEntry;
      const y = this.#entries[b] as VocabularyEntry;
      return y.count - x.count || x.display.localeCompare(y.display);
    };
    let rank = 0;
    [...kept.keys()].sort(offerOrder).forEach((index, position, sorted) => {
      if (position > 0 && offerOrder(sorted[position - 1] as number, index) !== 0) rank += 1;
      this.#rank[index] = rank;
    });
  }

  /** Number of words that may be offered. */
  get size(): number {
    return this.#words.length;
  }

  /**
   * At most `limit` completions of `prefix` (a folded word), best first. The prefix itself is not
   * a completion of itself.
   */
  complete(prefix: string, limit: number): WordCompletion[] {
    const words = this.#words;
    // Per stem: its best form, and the first of its words in the vocabulary's order.
    const stems = new Map<string, { best: number; first: number }>();
    for (let index = this.#firstAtOrAfter(prefix); index < words.length; index += 1) {
      const word = words[index] as string;
      if (!word.startsWith(prefix)) break;
      if (word === prefix) continue;
      const { stem } = this.#entries[index] as VocabularyEntry;
      const kept = stems.get(stem);
      if (kept === undefined) stems.set(stem, { best: index, first: this.#walkOf(index) });
      else {
        if (this.#betterForm(index, kept.best)) kept.best = index;
        kept.first = Math.min(kept.first, this.#walkOf(index));
      }
    }
    return [...stems.values()]
      .sort((a, b) => this.#rankOf(a.best) - this.#rankOf(b.best) || a.first - b.first)
      .slice(0, Math.max(0, limit))
      .map(({ best }) => ({ word: words[best] as string, entry: this.#entries[best] as VocabularyEntry }));
  }

  /** Whether word `index` is a better form of its stem than word `kept`. */
  #betterForm(index: number, kept: number): boolean {
    const entry = this.#entries[index] as VocabularyEntry;
    const other = this.#entries[kept] as VocabularyEntry;
    if (entry.count !== other.count) return entry.count > other.count;
    if (entry.display.length !== other.display.length) return entry.display.length < other.display.length;
    return this.#walkOf(index) < this.#walkOf(kept);
  }

  #walkOf(index: number): number {
    return this.#walk[index] ?? 0;
  }

  #rankOf(index: number): number {
    return this.#rank[index] ?? 0;
  }

  /** Index of the first word not before `prefix` in code-unit order. */
  #firstAtOrAfter(prefix: string): number {
    let low = 0;
    let high = this.#words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#words[middle] as string) < prefix) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
