/**
 * The first stage of a search: which agreements contain the query's terms, and which of them are
 * worth re-ranking on their bullets. One document per agreement (every index term of it), scored
 * with BM25+ as MiniSearch scores it, with the impacts computed at build and kept in flat arrays:
 * a query adds numbers into a reused buffer instead of building a result object per agreement,
 * which is what made this stage cost 1.6 µs per matching agreement through `MiniSearch#search`.
 *
 * @module
 */
import { CorpusStatistics, type WeightedTerms } from './scoring.js';

/**
 * Scores an agreement that stage one found, from its BM25+ score and the positions (in the query)
 * of the terms it contains; must not exceed `score` (the selection skips an agreement whose score
 * cannot beat the estimates already kept). It runs inside {@link CandidateIndex.top}, on the
 * index's scratch buffers: it must not query the same index. `matched` is reused from one call to
 * the next: copy it to keep it.
 */
export type CandidateEstimate = (score: number, matched: readonly number[]) => number;

const BITS = 32;

/** Whether `depth` can bound a selection: a whole number, or `Infinity` for no bound. */
export function isDepth(depth: number): boolean {
  return depth >= 0 && (Number.isInteger(depth) || depth === Number.POSITIVE_INFINITY);
}

/** Postings of every term over the agreements, built once; {@link CandidateIndex.top} queries them. */
export class CandidateIndex {
  /** Number of agreements: ordinals run from 0 to `size - 1`, in the order given to {@link build}. */
  readonly size: number;
  readonly #termIds: ReadonlyMap<string, number>;
  /** The postings of term `t` are `#offsets[t]` to `#offsets[t + 1]`, by agreement ordinal. */
  readonly #offsets: Int32Array;
  readonly #ordinals: Int32Array;
  readonly #impacts: Float64Array;

  // Scratch state of a query, reused so that a search allocates nothing per agreement. An entry
  // is current only when its stamp is the query's generation.
  readonly #stamps: Uint32Array;
  readonly #scores: Float64Array;
  readonly #counts: Int32Array;
  readonly #touched: Int32Array;
  #masks: Uint32Array;
  #generation = 0;

  private constructor(size: number, postings: ReadonlyMap<string, Array<[ordinal: number, impact: number]>>) {
    this.size = size;
    const termIds = new Map<string, number>();
    this.#offsets = new Int32Array(postings.size + 1);
    let total = 0;
    for (const list of postings.values()) total += list.length;
    this.#ordinals = new Int32Array(total);
    this.#impacts = new Float64Array(total);
    let at = 0;
    for (const [term, list] of postings) {
      this.#offsets[termIds.size] = at;
      termIds.set(term, termIds.size);
      for (const [ordinal, impact] of list) {
        this.#ordinals[at] = ordinal;
        this.#impacts[at] = impact;
        at += 1;
      }
    }
    this.#offsets[termIds.size] = at;
    this.#termIds = termIds;
    this.#stamps = new Uint32Array(size);
    this.#scores = new Float64Array(size);
    this.#counts = new Int32Array(size);
    this.#touched = new Int32Array(size);
    this.#masks = new Uint32Array(size);
  }

  /**
   * Indexes one document per agreement, `documents[ordinal]` being its index terms in order (a
   * term repeated counts as often as it appears). The statistics are MiniSearch's for a single
   * field holding those terms: document frequency, length in distinct terms, running average.
   */
  static build(documents: ReadonlyArray<readonly string[]>): CandidateIndex {
    const statistics = new CorpusStatistics([1]);
    for (const terms of documents) {
      // MiniSearch splits an empty text into one empty token: it counts in the field's length.
      const words = terms.length === 0 ? [''] : terms;
      statistics.add([{ field: 0, words, terms }]);
    }
    const postings = new Map<string, Array<[number, number]>>();
    documents.forEach((_, ordinal) => {
      for (const [term, impact] of statistics.impacts(ordinal)) {
        const list = postings.get(term);
        if (list === undefined) postings.set(term, [[ordinal, impact]]);
        else list.push([ordinal, impact]);
      }
    });
    return new CandidateIndex(documents.length, postings);
  }

  /**
   * Each agreement that contains some of the query's terms, with its score: the sum of the
   * weighted impacts of those terms, times how many of them it contains (MiniSearch's rule).
   * For tests and tools; a search calls {@link top}.
   */
  scores(query: WeightedTerms): Map<number, number> {
    const found = new Map<number, number>();
    const { count } = this.#accumulate(query);
    for (let index = 0; index < count; index += 1) {
      const ordinal = this.#touched[index] ?? 0;
      found.set(ordinal, (this.#scores[ordinal] ?? 0) * (this.#counts[ordinal] ?? 0));
    }
    return found;
  }

  /**
   * The ordinals of the `depth` agreements with the best estimate, best first (equal estimates:
   * the better score, then the lower ordinal). Agreements without a query term are never
   * candidates; a repeated query term counts once. `depth` is a whole number, or `Infinity`.
   */
  top(query: WeightedTerms, estimate: CandidateEstimate, depth: number): number[] {
    if (!isDepth(depth)) throw new RangeError(`depth must be a whole number or Infinity, got ${depth}`);
    const { count, words } = this.#accumulate(query);
    const kept = new CandidateHeap(Math.min(depth, count));
    const matched: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const ordinal = this.#touched[index] ?? 0;
      const score = (this.#scores[ordinal] ?? 0) * (this.#counts[ordinal] ?? 0);
      // An estimate never exceeds its score: this agreement cannot enter.
      if (score < kept.floor) continue;
      matched.length = 0;
      for (let word = 0; word < words; word += 1) {
        let bits = this.#masks[ordinal * words + word] ?? 0;
        while (bits !== 0) {
          const low = 31 - Math.clz32(bits & -bits);
          matched.push(word * BITS + low);
          bits &= bits - 1;
        }
      }
      kept.offer(ordinal, estimate(score, matched), score);
    }
    return kept.takeAll();
  }

  /**
   * Adds the query's postings into the scratch buffers: the first `count` entries of `#touched`
   * are the agreements met, each with `words` words of bits in `#masks`.
   */
  #accumulate(query: WeightedTerms): { count: number; words: number } {
    const words = Math.max(1, Math.ceil(query.length / BITS));
    if (this.#masks.length < this.size * words) this.#masks = new Uint32Array(this.size * words);
    this.#generation = (this.#generation + 1) >>> 0;
    if (this.#generation === 0) {
      this.#stamps.fill(0);
      this.#generation = 1;
    }
    const generation = this.#generation;
    // Locals rather than fields in the loop: this is the hot path of every search.
    const stamps = this.#stamps;
    const scores = this.#scores;
    const counts = this.#counts;
    const touched = this.#touched;
    const masks = this.#masks;
    const ordinals = this.#ordinals;
    const impacts = this.#impacts;
    const seen = new Set<string>();
    let count = 0;
    for (let position = 0; position < query.length; position += 1) {
      const [term, weight] = query[position] ?? ['', 0];
      const id = this.#termIds.get(term);
      if (id === undefined || seen.has(term)) continue;
      seen.add(term);
      const word = (position / BITS) | 0;
      const bit = 1 << (position % BITS);
      const end = this.#offsets[id + 1] ?? 0;
      for (let at = this.#offsets[id] ?? 0; at < end; at += 1) {
        const ordinal = ordinals[at] ?? 0;
        const slot = ordinal * words + word;
        if (stamps[ordinal] !== generation) {
          stamps[ordinal] = generation;
          scores[ordinal] = weight * (impacts[at] ?? 0);
          counts[ordinal] = 1;
          if (words > 1) masks.fill(0, ordinal * words, ordinal * words + words);
          masks[slot] = bit;
          touched[count] = ordinal;
          count += 1;
        } else {
          scores[ordinal] = (scores[ordinal] ?? 0) + weight * (impacts[at] ?? 0);
          counts[ordinal] = (counts[ordinal] ?? 0) + 1;
          masks[slot] = (masks[slot] ?? 0) | bit;
        }
      }
    }
    return { count, words };
  }
}

/** The best `capacity` offers seen so far, the worst at the root (a binary min-heap). */
class CandidateHeap {
  readonly #capacity: number;
  readonly #ordinals: Int32Array;
  readonly #estimates: Float64Array;
  readonly #scores: Float64Array;
  #size = 0;

  constructor(capacity: number) {
    this.#capacity = Math.max(0, capacity);
    this.#ordinals = new Int32Array(this.#capacity);
    this.#estimates = new Float64Array(this.#capacity);
    this.#scores = new Float64Array(this.#capacity);
  }

  #floor = Number.NEGATIVE_INFINITY;

  /** The estimate an offer must reach: the worst kept once the heap is full, until then none. */
  get floor(): number {
    return this.#floor;
  }

  get isFull(): boolean {
    return this.#size >= this.#capacity;
  }

  /** Whether the entry at `a` ranks below (estimate, score, ordinal). */
  #below(a: number, estimate: number, score: number, ordinal: number): boolean {
    const other = this.#estimates[a] ?? 0;
    if (other !== estimate) return other < estimate;
    const otherScore = this.#scores[a] ?? 0;
    if (otherScore !== score) return otherScore < score;
    return (this.#ordinals[a] ?? 0) > ordinal;
  }

  #belowEntry(a: number, b: number): boolean {
    return this.#below(a, this.#estimates[b] ?? 0, this.#scores[b] ?? 0, this.#ordinals[b] ?? 0);
  }

  #set(at: number, ordinal: number, estimate: number, score: number): void {
    this.#ordinals[at] = ordinal;
    this.#estimates[at] = estimate;
    this.#scores[at] = score;
  }

  offer(ordinal: number, estimate: number, score: number): void {
    if (this.#capacity === 0) return;
    if (this.isFull) {
      if (!this.#below(0, estimate, score, ordinal)) return;
      this.#siftDown(ordinal, estimate, score);
      this.#floor = this.#estimates[0] ?? 0;
      return;
    }
    // Sift up: move parents down until the new entry's place is found.
    let at = this.#size;
    this.#size += 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      // A parent that ranks below the new entry stays above it.
      if (this.#below(parent, estimate, score, ordinal)) break;
      this.#set(at, this.#ordinals[parent] ?? 0, this.#estimates[parent] ?? 0, this.#scores[parent] ?? 0);
      at = parent;
    }
    // The parent chain ranks above the new entry: keep the worst at the root.
    this.#set(at, ordinal, estimate, score);
    if (this.isFull) this.#floor = this.#estimates[0] ?? 0;
  }

  /** Replaces the root with the entry and restores the order. */
  #siftDown(ordinal: number, estimate: number, score: number): void {
    const size = this.#size;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.#belowEntry(right, left) ? right : left;
      // Stop when the entry ranks below its lowest child.
      if (!this.#below(child, estimate, score, ordinal)) break;
      this.#set(at, this.#ordinals[child] ?? 0, this.#estimates[child] ?? 0, this.#scores[child] ?? 0);
      at = child;
    }
    this.#set(at, ordinal, estimate, score);
  }

  /** The ordinals kept, best first; empties the heap (each root taken is the worst left). */
  takeAll(): number[] {
    const taken = new Array<number>(this.#size);
    while (this.#size > 0) {
      const last = this.#size - 1;
      taken[last] = this.#ordinals[0] ?? 0;
      const ordinal = this.#ordinals[last] ?? 0;
      const estimate = this.#estimates[last] ?? 0;
      const score = this.#scores[last] ?? 0;
      this.#size = last;
      if (last > 0) this.#siftDown(ordinal, estimate, score);
    }
    return taken;
  }
}
