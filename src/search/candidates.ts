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
 * How much an agreement that stage one found is worth, as a share of its BM25+ score, from the
 * positions (in the query) of the terms it contains: its estimate is `score × share`, with the
 * share in [0, 1]. For a query of up to 32 terms, asked once per distinct set of positions
 * (agreements that contain the same terms share it); beyond, once per agreement. It runs inside {@link CandidateIndex.select}, on the index's scratch
 * buffers: it must not query the same index. `matched` is reused: copy it to keep it.
 */
export type CandidateShare = (matched: readonly number[]) => number;

const BITS = 32;

/** Whether `depth` can bound a selection: a whole number, or `Infinity` for no bound. */
export function isDepth(depth: number): boolean {
  return depth >= 0 && (Number.isInteger(depth) || depth === Number.POSITIVE_INFINITY);
}

/** Postings of every term over the agreements, built once; {@link CandidateIndex.select} queries them. */
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
  /** Estimate and score of the `i`-th agreement met, during a selection. */
  #estimates = new Float64Array(0);
  #finals = new Float64Array(0);
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
   * For tests and tools; a search calls {@link select}.
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
   * The ordinals of the `depth` agreements with the best estimate (see {@link CandidateShare}),
   * best first (equal estimates: the better score, then the lower ordinal). Agreements without a
   * query term are never candidates; a repeated query term counts once. `depth` is a whole
   * number, or `Infinity`.
   */
  top(query: WeightedTerms, share: CandidateShare, depth: number): number[] {
    const kept = this.#selectBest(query, share, depth, true);
    const ordinals = this.#touched;
    const estimates = this.#estimates;
    const finals = this.#finals;
    return Array.from({ length: kept }, (_, at) => at)
      .sort((a, b) => (ranksAbove(ordinals, estimates, finals, a, b) ? -1 : 1))
      .map((at) => ordinals[at] ?? 0);
  }

  /**
   * The same agreements as {@link top}, in no particular order: what a re-ranking needs, which
   * orders them itself. All of them, without estimating any, when no more than `depth` contain a
   * query term.
   */
  select(query: WeightedTerms, share: CandidateShare, depth: number): Int32Array {
    return this.#touched.slice(0, this.#selectBest(query, share, depth, false));
  }

  /**
   * Moves the `depth` best agreements met to the front of `#touched` (their estimates and scores
   * beside them when estimated) and returns how many there are. When no more than `depth`
   * agreements were met, they are estimated only if `estimateAll`.
   */
  #selectBest(query: WeightedTerms, share: CandidateShare, depth: number, estimateAll: boolean): number {
    if (!isDepth(depth)) throw new RangeError(`depth must be a whole number or Infinity, got ${depth}`);
    const { count, words } = this.#accumulate(query);
    if (count <= depth && !estimateAll) return count;
    this.#estimate(count, words, share);
    if (count <= depth) return count;
    selectBest(this.#touched, this.#estimates, this.#finals, count, depth);
    return depth;
  }

  /** Fills the estimate and the score of each of the `count` agreements met. */
  #estimate(count: number, words: number, share: CandidateShare): void {
    if (this.#estimates.length < count) {
      this.#estimates = new Float64Array(this.#touched.length);
      this.#finals = new Float64Array(this.#touched.length);
    }
    const touched = this.#touched;
    const scores = this.#scores;
    const counts = this.#counts;
    const masks = this.#masks;
    const estimates = this.#estimates;
    const finals = this.#finals;
    // Shares by set of matched positions, keyed by its bits while they fit in one word.
    const shares = words === 1 ? new Map<number, number>() : undefined;
    const matched: number[] = [];
    // Agreements met one after the other often match the same terms: the last share is at hand.
    let lastMask = -1;
    let lastFactor = 0;
    for (let index = 0; index < count; index += 1) {
      const ordinal = touched[index] ?? 0;
      const score = (scores[ordinal] ?? 0) * (counts[ordinal] ?? 0);
      const mask = masks[ordinal] ?? 0;
      let factor = shares === undefined ? undefined : mask === lastMask ? lastFactor : shares.get(mask);
      if (factor === undefined) {
        while (matched.length > 0) matched.pop();
        for (let word = 0; word < words; word += 1) {
          let bits = masks[ordinal * words + word] ?? 0;
          while (bits !== 0) {
            const low = 31 - Math.clz32(bits & -bits);
            matched.push(word * BITS + low);
            bits &= bits - 1;
          }
        }
        factor = share(matched);
        shares?.set(mask, factor);
      }
      if (shares !== undefined) {
        lastMask = mask;
        lastFactor = factor;
      }
      estimates[index] = score * factor;
      finals[index] = score;
    }
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

/**
 * Whether entry `a` ranks above entry `b`: the higher estimate, then the higher score, then the
 * lower ordinal. A total order, so a selection by it is the one a full sort would give.
 */
function ranksAbove(
  ordinals: Int32Array,
  estimates: Float64Array,
  scores: Float64Array,
  a: number,
  b: number,
): boolean {
  const estimateA = estimates[a] ?? 0;
  const estimateB = estimates[b] ?? 0;
  if (estimateA !== estimateB) return estimateA > estimateB;
  const scoreA = scores[a] ?? 0;
  const scoreB = scores[b] ?? 0;
  if (scoreA !== scoreB) return scoreA > scoreB;
  return (ordinals[a] ?? 0) < (ordinals[b] ?? 0);
}

/**
 * Moves the `depth` best of the first `count` entries to the front (in no order), best as
 * {@link ranksAbove} says. Quickselect, swapping the three arrays together.
 */
function selectBest(
  ordinals: Int32Array,
  estimates: Float64Array,
  scores: Float64Array,
  count: number,
  depth: number,
): void {
  const above = (a: number, b: number) => ranksAbove(ordinals, estimates, scores, a, b);
  const swap = (a: number, b: number) => {
    const ordinal = ordinals[a] ?? 0;
    ordinals[a] = ordinals[b] ?? 0;
    ordinals[b] = ordinal;
    const estimate = estimates[a] ?? 0;
    estimates[a] = estimates[b] ?? 0;
    estimates[b] = estimate;
    const score = scores[a] ?? 0;
    scores[a] = scores[b] ?? 0;
    scores[b] = score;
  };
  let low = 0;
  let high = count - 1;
  while (low < high) {
    // Median of three as the pivot, moved to `high`.
    const middle = (low + high) >>> 1;
    if (above(middle, low)) swap(middle, low);
    if (above(high, low)) swap(high, low);
    if (above(middle, high)) swap(middle, high);
    // Lomuto partition: entries above the pivot first.
    let store = low;
    for (let at = low; at < high; at += 1) {
      if (above(at, high)) {
        swap(at, store);
        store += 1;
      }
    }
    swap(store, high);
    if (store === depth || store === depth - 1) return;
    if (store < depth) low = store + 1;
    else high = store - 1;
  }
}
