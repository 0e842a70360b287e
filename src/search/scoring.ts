/**
 * BM25+ impacts of the bullets and agreement documents. Each term's contribution to each document
 * is computed once, at build, with the statistics MiniSearch would compute over the same documents
 * (document frequency per field, running average field length, field boosts); a search then only
 * adds up the impacts of the query's terms in the candidate agreements.
 *
 * @module
 */
import { FIELD_BOOSTS, FIELDS } from './documents.js';

/** MiniSearch's BM25+ parameters: term saturation, length normalisation, lower bound. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

const BOOSTS = FIELDS.map((field) => FIELD_BOOSTS[field]);

/** A field's text split into words as written and into index terms (null for a skipped word). */
export interface AnalysedField {
  /** Position of the field in {@link FIELDS}. */
  field: number;
  words: readonly string[];
  terms: readonly (string | null)[];
}

/** One field of one document: its length and the count of each term. */
interface FieldCounts {
  field: number;
  /** Distinct words of the field as written, stopwords included (MiniSearch's field length). */
  length: number;
  counts: Map<string, number>;
}

function bm25(
  termFrequency: number,
  documentFrequency: number,
  documents: number,
  length: number,
  average: number,
) {
  const { k, b, d } = BM25;
  const inverseFrequency = Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
  return (
    inverseFrequency *
    (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * length) / average)))
  );
}

/**
 * Collects the documents in the order an index would see them (the average field lengths are
 * running averages, as in MiniSearch), then gives each document's impact per term.
 */
export class CorpusStatistics {
  readonly #boosts: readonly number[];
  readonly #documents: FieldCounts[][] = [];
  readonly #documentFrequency: Array<Map<string, number>>;
  readonly #averageLength: number[];

  /** `boosts[field]` multiplies the impacts of that field; the default is {@link FIELDS}' boosts. */
  constructor(boosts: readonly number[] = BOOSTS) {
    this.#boosts = boosts;
    this.#documentFrequency = boosts.map(() => new Map<string, number>());
    this.#averageLength = boosts.map(() => 0);
  }

  /** Adds a document's analysed fields; returns its position. */
  add(fields: readonly AnalysedField[]): number {
    const position = this.#documents.length;
    const analysed: FieldCounts[] = [];
    for (const { field, words, terms } of fields) {
      const length = new Set(words).size;
      const average = this.#averageLength[field] ?? 0;
      this.#averageLength[field] = (average * position + length) / (position + 1);
      const counts = new Map<string, number>();
      for (const term of terms) if (term !== null) counts.set(term, (counts.get(term) ?? 0) + 1);
      const frequency = this.#documentFrequency[field];
      for (const term of counts.keys()) frequency?.set(term, (frequency.get(term) ?? 0) + 1);
      analysed.push({ field, length, counts });
    }
    this.#documents.push(analysed);
    return position;
  }

  /** Each term of the document at `position` with its boosted BM25+ score summed over the fields. */
  impacts(position: number): Map<string, number> {
    const documents = this.#documents.length;
    const impacts = new Map<string, number>();
    for (const { field, length, counts } of this.#documents[position] ?? []) {
      const average = this.#averageLength[field] || 1;
      const boost = this.#boosts[field] ?? 1;
      for (const [term, count] of counts) {
        const frequency = this.#documentFrequency[field]?.get(term) ?? 1;
        impacts.set(
          term,
          (impacts.get(term) ?? 0) + boost * bm25(count, frequency, documents, length, average),
        );
      }
    }
    return impacts;
  }
}

/** A query for scoring: each index term with its weight. */
export type WeightedTerms = ReadonlyArray<readonly [term: string, weight: number]>;

/** What ranking an agreement needs of its documents' scores: see {@link AgreementImpacts.summarise}. */
export interface ImpactSummary {
  /** The best document's score. */
  best: number;
  /** The scores of all its matching documents, added up. */
  total: number;
}

// Scratch space of `summarise` and `documents`, shared by every agreement (a search is
// synchronous) and grown to the largest agreement seen: ranking fifty agreements allocates no
// per-document objects.
let slotScores = new Float64Array(64);
let slotCounts = new Int32Array(64);
let slotOrder = new Int32Array(64);

/** A document of an agreement that contains some of the query's terms. */
export interface DocumentMatch {
  /** The document's position among the agreement's documents. */
  slot: number;
  score: number;
}

/**
 * A query's terms by number, for every agreement of a corpus: numbered once per search rather
 * than once per agreement re-ranked. Terms the corpus lacks are left out, and a term repeated in
 * the query counts once, with its first weight.
 */
export class NumberedQuery {
  /** Term numbers, in query order. */
  readonly ids: Int32Array;
  readonly weights: Float64Array;
  /** Position in the original query of each term. */
  readonly positions: Int32Array;

  private constructor(ids: number[], weights: number[], positions: number[]) {
    this.ids = Int32Array.from(ids);
    this.weights = Float64Array.from(weights);
    this.positions = Int32Array.from(positions);
  }

  /** Numbers `query` with `termIds`, the numbering the agreements of a corpus share. */
  static of(query: WeightedTerms, termIds: ReadonlyMap<string, number>): NumberedQuery {
    const ids: number[] = [];
    const weights: number[] = [];
    const positions: number[] = [];
    query.forEach(([term, weight], position) => {
      const id = termIds.get(term);
      if (id === undefined || ids.includes(id)) return;
      ids.push(id);
      weights.push(weight);
      positions.push(position);
    });
    return new NumberedQuery(ids, weights, positions);
  }
}

/**
 * Where the agreements of a corpus keep their impacts: one integer array and one number array for
 * all of them. Re-ranking fifty agreements then reads fifty stretches of two arrays rather than
 * a hundred arrays of their own, which at 10 000 axes were as many cache misses.
 */
export class ImpactStore {
  /** See {@link AgreementImpacts}: each agreement's term numbers, offsets and slots. */
  layout = new Int32Array(256);
  /** The impact of each posting. */
  impacts = new Float64Array(256);
  #layoutLength = 0;
  #impactsLength = 0;

  /** Room for one more agreement: returns where its two stretches start. */
  reserve(layoutLength: number, impactsLength: number): { layoutStart: number; impactsStart: number } {
    const layoutStart = this.#layoutLength;
    const impactsStart = this.#impactsLength;
    this.#layoutLength += layoutLength;
    this.#impactsLength += impactsLength;
    if (this.#layoutLength > this.layout.length) {
      const grown = new Int32Array(Math.max(this.#layoutLength, 2 * this.layout.length));
      grown.set(this.layout);
      this.layout = grown;
    }
    if (this.#impactsLength > this.impacts.length) {
      const grown = new Float64Array(Math.max(this.#impactsLength, 2 * this.impacts.length));
      grown.set(this.impacts);
      this.impacts = grown;
    }
    return { layoutStart, impactsStart };
  }
}

/**
 * The impacts of one agreement's documents, grouped by term (a term's postings are contiguous),
 * so scoring an agreement visits only the postings of the query's terms. They live in an
 * {@link ImpactStore}: from `layoutStart`, the agreement's `n` sorted term numbers, then `n + 1`
 * offsets (the postings of the term at `i` are `offsets[i]` to `offsets[i + 1]`, counted from
 * `impactsStart`), then each posting's slot; from `impactsStart`, each posting's impact.
 */
export class AgreementImpacts {
  /** Number of each term, shared by the agreements of a corpus. */
  readonly #termIds: Map<string, number>;
  readonly #store: ImpactStore;
  readonly #layoutStart: number;
  readonly #impactsStart: number;
  readonly #termCount: number;
  readonly #slotCount: number;

  /**
   * `documents[slot]` is the impact map of the document in that slot. `termIds` numbers the
   * terms and `store` keeps the numbers: pass the same two to every agreement of a corpus (new
   * terms are added to `termIds`).
   */
  constructor(
    documents: ReadonlyArray<ReadonlyMap<string, number>>,
    termIds: Map<string, number> = new Map(),
    store: ImpactStore = new ImpactStore(),
  ) {
    this.#termIds = termIds;
    this.#store = store;
    this.#slotCount = documents.length;
    const postings = new Map<number, Array<[number, number]>>();
    documents.forEach((impacts, slot) => {
      for (const [term, impact] of impacts) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(term, id);
        }
        const list = postings.get(id);
        if (list === undefined) postings.set(id, [[slot, impact]]);
        else list.push([slot, impact]);
      }
    });
    const terms = [...postings.keys()].sort((a, b) => a - b);
    let total = 0;
    for (const list of postings.values()) total += list.length;
    const count = terms.length;
    this.#termCount = count;
    const { layoutStart, impactsStart } = store.reserve(2 * count + 1 + total, total);
    this.#layoutStart = layoutStart;
    this.#impactsStart = impactsStart;
    const { layout, impacts } = store;
    let at = 0;
    terms.forEach((id, index) => {
      layout[layoutStart + index] = id;
      layout[layoutStart + count + index] = at;
      for (const [slot, impact] of postings.get(id) ?? []) {
        layout[layoutStart + 2 * count + 1 + at] = slot;
        impacts[impactsStart + at] = impact;
        at += 1;
      }
    });
    layout[layoutStart + 2 * count] = at;
  }

  /**
   * Adds the impacts of the query's terms into the shared slot buffers: returns how many documents
   * were touched (their slots in `slotOrder`, in the order first met); `matched` receives the
   * positions in the query of the terms the agreement contains. The caller resets `slotCounts`.
   */
  #accumulate(query: NumberedQuery | WeightedTerms, matched: number[]): number {
    const { ids, weights, positions } =
      query instanceof NumberedQuery ? query : NumberedQuery.of(query, this.#termIds);
    // Emptied by popping: setting `length` goes through the runtime, a fiftieth of a search.
    while (matched.length > 0) matched.pop();
    if (slotScores.length < this.#slotCount) {
      slotScores = new Float64Array(this.#slotCount);
      slotCounts = new Int32Array(this.#slotCount);
      slotOrder = new Int32Array(this.#slotCount);
    }
    const { layout, impacts } = this.#store;
    const base = this.#layoutStart;
    const impactsBase = this.#impactsStart;
    const count = this.#termCount;
    const offsets = base + count;
    const postings = base + 2 * count + 1;
    let touched = 0;
    for (let term = 0; term < ids.length; term += 1) {
      const id = ids[term] ?? -1;
      // Binary search of the sorted term numbers.
      let low = base;
      let high = base + count - 1;
      let index = -1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const found = layout[middle] ?? 0;
        if (found === id) {
          index = middle - base;
          break;
        }
        if (found < id) low = middle + 1;
        else high = middle - 1;
      }
      if (index < 0) continue;
      matched.push(positions[term] ?? 0);
      const weight = weights[term] ?? 0;
      const end = layout[offsets + index + 1] ?? 0;
      for (let at = layout[offsets + index] ?? 0; at < end; at += 1) {
        const slot = layout[postings + at] ?? 0;
        const score = weight * (impacts[impactsBase + at] ?? 0);
        if ((slotCounts[slot] ?? 0) === 0) {
          slotOrder[touched] = slot;
          touched += 1;
          slotScores[slot] = score;
        } else slotScores[slot] = (slotScores[slot] ?? 0) + score;
        slotCounts[slot] = (slotCounts[slot] ?? 0) + 1;
      }
    }
    return touched;
  }

  /**
   * What ranking the agreement needs, without listing its documents: the best document's score
   * and the total over the matching documents (0 and 0 when none matches). `matched` receives the
   * positions in `query` of the terms the agreement contains.
   */
  summarise(query: NumberedQuery | WeightedTerms, matched: number[]): ImpactSummary {
    const touched = this.#accumulate(query, matched);
    let best = 0;
    let total = 0;
    // In the order the documents were first met, as `documents` scores them: the same sums, bit for bit.
    for (let index = 0; index < touched; index += 1) {
      const slot = slotOrder[index] ?? 0;
      const score = (slotScores[slot] ?? 0) * (slotCounts[slot] ?? 0);
      if (score > best) best = score;
      total += score;
      slotCounts[slot] = 0;
    }
    return { best, total };
  }

  /**
   * The documents that contain some of the terms, best first (equal scores: by slot). A document's
   * score is the sum of its weighted impacts times the number of query terms it contains
   * (MiniSearch's rule: a document with more of the query ranks above one that repeats a single
   * word); a term repeated in the query counts once. `matched` receives the positions in `query`
   * of the terms the agreement contains.
   */
  documents(query: NumberedQuery | WeightedTerms, matched: number[] = []): DocumentMatch[] {
    const touched = this.#accumulate(query, matched);
    const documents: DocumentMatch[] = [];
    for (let index = 0; index < touched; index += 1) {
      const slot = slotOrder[index] ?? 0;
      const score = (slotScores[slot] ?? 0) * (slotCounts[slot] ?? 0);
      slotCounts[slot] = 0;
      // Insertion: an agreement's matching documents are a few dozen at most.
      const entry = { slot, score };
      let at = documents.length;
      documents.push(entry);
      while (at > 0) {
        const before = documents[at - 1] as DocumentMatch;
        if (before.score > score || (before.score === score && before.slot < slot)) break;
        documents[at] = before;
        at -= 1;
      }
      documents[at] = entry;
    }
    return documents;
  }
}
