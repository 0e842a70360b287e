import type { Convention, Dataset, Ministry, Section, Thesaurus } from '../data/schema.js';
import { DISCORD_LIMITS } from '../discord/limits.js';
import { keep } from '../util/memo.js';
import { truncate } from '../util/truncate.js';
import { fold, isStopword, stem, tokenize } from './analysis.js';
import { type CandidateIndex, isDepth } from './candidates.js';
import { WordCompleter } from './completion.js';
import { type Bullet, type IndexedAgreement, indexCorpus } from './corpus.js';
import type { Concept, PlannerContext, QueryPlan, VocabularyEntry } from './query.js';
import { correctWord, isWeakGuess, planQuery, stripCommandPrefix } from './query.js';
import { type DocumentMatch, NumberedQuery, type WeightedTerms } from './scoring.js';
import { Speller } from './spelling.js';
import { compileThesaurus } from './thesaurus.js';
import { analyseTokens, type SearchableWords, searchableWords, spansOf, spansOfNumbers } from './words.js';

/**
 * A bullet of an agreement that matched the query. The search gives objects that read these from
 * the agreement when asked (accessors, not own fields: `JSON.stringify` gives them all, a spread
 * would not).
 */
export interface AxisMatch {
  /** Index of the section in `convention.sections`. */
  readonly section: number;
  /** Index of the item in that section. */
  readonly item: number;
  readonly kind: Section['kind'];
  readonly text: string;
  /** `[start, end)` offsets of the matched words in `text`. */
  readonly highlights: ReadonlyArray<readonly [number, number]>;
  readonly score: number;
}

/** An agreement that matched, with the evidence. */
export interface ConventionHit {
  convention: Convention;
  score: number;
  /** Share of the query's ideas this agreement matched, in [0, 1]. */
  coverage: number;
  /** The matching bullets, best first. */
  axes: AxisMatch[];
  /** Index terms of the query that this agreement matched: pass them to {@link SearchEngine.highlight}. */
  terms: string[];
}

/** A ministry that covers the topic, through one of its agreements. */
export interface MinistryHit {
  ministry: Ministry;
  convention: Convention;
  score: number;
  /** The bullets that show the ministry covers the topic, best first. */
  evidence: AxisMatch[];
}

/** Options of {@link SearchEngine.search}. */
export interface SearchOptions {
  /** Most agreements returned. */
  limit: number;
  /** Agreements scoring below this share of the best one are noise, not answers. */
  minRelativeScore: number;
  /**
   * How many of the agreements retrieved by the per-agreement index are scored on their bullets
   * (at least `limit`). `Infinity` scores every agreement that matches: exhaustive, and slower on
   * a large corpus. The default bounds the work of a search whatever the size of the corpus.
   */
  rerankDepth: number;
}

/** The defaults, merged once with what the caller passes. */
export const DEFAULT_SEARCH_OPTIONS: Readonly<SearchOptions> = {
  limit: 10,
  minRelativeScore: 0.12,
  rerankDepth: 50,
};

/** Completions fit Discord's autocomplete: at most 25 choices of at most 100 characters. */
export const COMPLETION_LIMITS = {
  count: DISCORD_LIMITS.autocomplete.choices,
  length: DISCORD_LIMITS.autocomplete.choiceName,
} as const;

/** Word completions offered before the matching bullets. */
const MAX_WORD_COMPLETIONS = 8;

/** Agreements, and axes of each, whose words suggest the word being typed after the words before it. */
const HEAD_HITS_FOR_COMPLETION = 3;

/** Beyond the best document of an agreement, each further matching one adds this share of its score. */
const EXTRA_DOCUMENT_WEIGHT = 0.3;

/** More corpus texts than a completion memo keeps: past it, the memo is emptied. */
const MAX_MEMOISED_COMPLETIONS = 10_000;

/** A completion as offered, and the key under which two spellings of it count as one. */
interface Completion {
  text: string;
  key: string;
}

/** Whitespace collapsed, cut to Discord's length for a choice, folded for the key. */
function asCompletion(text: string): Completion {
  const clean = truncate(text.replace(/\s+/gu, ' ').trim(), COMPLETION_LIMITS.length);
  return { text: clean, key: fold(clean) };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The search engine over the agreements, in two stages. The first finds candidates among one
 * document per agreement (BM25+ as MiniSearch scores it, from impacts computed at build), so a
 * search costs at most as many postings per term as there are agreements; the best candidates
 * are then re-ranked from their own documents (one per bullet,
 * one for the agreement's ministries, title and summary), scored with the statistics of the whole
 * corpus, which is what finds the agreement with the one precise bullet. French analysis (elision,
 * folding, stopwords, Snowball stemming), a thesaurus and spelling correction against the corpus
 * vocabulary read the query. Immutable once built: a reload builds a new engine and swaps it in.
 */
export class SearchEngine {
  readonly conventions: readonly Convention[];
  readonly #byId: ReadonlyMap<string, Convention>;
  /** By ordinal in {@link #candidates}. */
  readonly #agreements: readonly IndexedAgreement[];
  readonly #candidates: CandidateIndex;
  readonly #termIds: ReadonlyMap<string, number>;
  readonly #planner: PlannerContext;
  /** Inverse agreement frequency of each index term: rare terms weigh more in coverage. */
  readonly #idf: ReadonlyMap<string, number>;
  /** Corpus texts (bullets, goals) already analysed, so highlighting them is a look-up. */
  readonly #analysedTexts: ReadonlyMap<string, SearchableWords>;
  /** Rank of each agreement (by ordinal) in the order of their ids: equal scores are ranked by it. */
  readonly #idRank: Int32Array;
  /** Completes the word being typed. */
  readonly #wordCompleter: WordCompleter;
  /** The rarity of each reading's terms (see {@link #rarity}). */
  readonly #rarities = new WeakMap<ReadonlyMap<string, number>, number>();
  /** A corpus word alone as a completion, by its entry: what a one-word partial query gets. */
  readonly #wordCompletions = new WeakMap<VocabularyEntry, Completion>();
  /** Bullets and ministry labels as completions, by text (see {@link #corpusCompletion}). */
  readonly #bulletCompletions = new Map<string, Completion>();
  readonly #labelCompletions = new Map<string, Completion>();
  /** Each axis's words for completion, by its text: see {@link SearchEngine.#wordsOf}. */
  readonly #axisWords = new Map<string, ReadonlyArray<readonly [folded: string, shown: string]>>();

  private constructor(parts: {
    conventions: readonly Convention[];
    agreements: readonly IndexedAgreement[];
    candidates: CandidateIndex;
    termIds: ReadonlyMap<string, number>;
    planner: PlannerContext;
    idf: ReadonlyMap<string, number>;
    analysedTexts: ReadonlyMap<string, SearchableWords>;
    wordCompleter: WordCompleter;
  }) {
    this.conventions = parts.conventions;
    this.#byId = new Map(parts.conventions.map((convention) => [convention.id, convention]));
    this.#agreements = parts.agreements;
    this.#candidates = parts.candidates;
    this.#termIds = parts.termIds;
    this.#planner = parts.planner;
    this.#idf = parts.idf;
    this.#analysedTexts = parts.analysedTexts;
    this.#wordCompleter = parts.wordCompleter;
    // Once here, not per comparison: localeCompare in the sort was a tenth of a re-ranking.
    this.#idRank = new Int32Array(parts.agreements.length);
    [...parts.agreements.keys()]
      .sort((a, b) =>
        (parts.agreements[a]?.convention.id ?? '').localeCompare(parts.agreements[b]?.convention.id ?? ''),
      )
      .forEach((ordinal, rank) => {
        this.#idRank[ordinal] = rank;
      });
  }

  /** Builds the index of a validated dataset with a validated thesaurus. */
  static build(dataset: Pick<Dataset, 'conventions'>, thesaurus: Thesaurus): SearchEngine {
    const ignoredStems = new Set(thesaurus.ignoredWords.map((word) => stem(fold(word))));
    const corpus = indexCorpus(dataset.conventions, ignoredStems);

    const synonyms = compileThesaurus(thesaurus, {
      indexTerms: corpus.indexTerms,
      vocabulary: corpus.vocabulary,
      ignoredStems,
    });

    return new SearchEngine({
      conventions: dataset.conventions,
      agreements: corpus.agreements,
      candidates: corpus.candidates,
      termIds: corpus.termIds,
      idf: corpus.idf,
      analysedTexts: corpus.analysedTexts,
      planner: {
        indexTerms: corpus.indexTerms,
        vocabulary: corpus.vocabulary,
        // After the thesaurus added its words to the vocabulary. A SearchableMap lists its entries
        // in the reverse of the order fuzzyGet finds them: corrections keep breaking ties the same way.
        speller: new Speller([...corpus.vocabulary.entries()].reverse()),
        ignoredStems,
        ...synonyms,
        readings: new Map(),
      },
      // Words that stand for nothing here are not offered: not stopwords, nor words outside the
      // index that the thesaurus does not map.
      wordCompleter: new WordCompleter(
        corpus.vocabulary,
        (word, entry) =>
          !isStopword(word) && (corpus.indexTerms.has(entry.stem) || synonyms.synonymsByWord.has(word)),
      ),
    });
  }

  /**
   * How the engine reads a query: useful to explain a result or a miss. The plan is the caller's
   * own: its concepts' terms are copies of the readings the engine keeps for later queries.
   */
  plan(query: string): QueryPlan {
    const plan = planQuery(query, this.#planner);
    return {
      ...plan,
      concepts: plan.concepts.map((concept) => ({ ...concept, terms: new Map(concept.terms) })),
    };
  }

  /** Looks an agreement up by id. */
  get(id: string): Convention | undefined {
    return this.#byId.get(id);
  }

  /**
   * Finds the agreements that match a query, best first. A query with nothing meaningful in it,
   * or nothing the corpus knows, gives an empty list: no weak guess.
   */
  search(query: string, options: Partial<SearchOptions> = {}): ConventionHit[] {
    const { limit: asked, minRelativeScore, rerankDepth } = { ...DEFAULT_SEARCH_OPTIONS, ...options };
    // A fractional limit means its whole part, as slicing a list reads it.
    const limit = Number.isNaN(asked) ? 0 : Math.trunc(asked);
    if (!isDepth(rerankDepth))
      throw new RangeError(`rerankDepth must be a whole number or Infinity, got ${rerankDepth}`);
    const plan = planQuery(query, this.#planner);
    if (plan.concepts.length === 0 || limit <= 0) return [];
    // Words only guessed by spelling correction, beside words the corpus does not know at all,
    // are a different topic ("météo demain" is one letter from "métro"), not a typo.
    if (plan.unknown.length > 0 && plan.concepts.every(isWeakGuess)) return [];

    const weights = new Map<string, number>();
    for (const concept of plan.concepts) {
      for (const [term, weight] of concept.terms) {
        if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
      }
    }
    const weighted = [...weights];
    const coverageOf = conceptCoverage(plan.concepts, weighted, (concept) => this.#rarity(concept));
    const candidates = this.#candidates.select(
      weighted,
      (matched) => coverageOf(matched) ** 2,
      Math.max(rerankDepth, limit),
    );

    const numbered = NumberedQuery.of(weighted, this.#termIds);
    const ranked: RankedAgreement[] = [];
    const matched: number[] = [];
    for (const ordinal of candidates) {
      const agreement = this.#agreements[ordinal];
      if (agreement === undefined) continue;
      const { best, total } = agreement.impacts.summarise(numbered, matched);
      if (matched.length === 0) continue;
      const relevance = best + EXTRA_DOCUMENT_WEIGHT * (total - best);
      const share = coverageOf(matched);
      ranked.push({
        agreement,
        coverage: share,
        score: relevance * share * share,
        idRank: this.#idRank[ordinal] ?? 0,
      });
    }
    const best = bestFirst(ranked, limit);
    const top = best[0]?.score ?? 0;
    // The matching bullets, only for what is returned. A bullet's words that stand for any query
    // term are the ones it matched.
    return best
      .filter((hit) => hit.score >= top * minRelativeScore)
      .map(({ agreement, coverage, score }) => {
        const matched: number[] = [];
        const documents = agreement.impacts.documents(numbered, matched);
        return {
          convention: agreement.convention,
          score,
          coverage,
          axes: evidenceOf(agreement, documents, numbered.ids),
          terms: matched.map((position) => weighted[position]?.[0] ?? ''),
        };
      });
  }

  /**
   * Answers "which ministry covers this topic": the partner ministries of the matching agreements
   * (at most `limit` agreements, every partner of each), best first, each with the bullets that
   * are the evidence.
   */
  rankMinistries(query: string, options: Partial<SearchOptions> = {}): MinistryHit[] {
    // `limit` counts agreements, so that the partners of one are never cut apart.
    return this.search(query, options).flatMap((hit) =>
      hit.convention.ministries.map((ministry) => ({
        ministry,
        convention: hit.convention,
        score: hit.score,
        evidence: hit.axes,
      })),
    );
  }

  /**
   * `[start, end)` spans of the words of `text` that stand for one of `terms`. Index terms are
   * stems, so each word of the original text is analysed again and compared.
   */
  highlight(text: string, terms: Iterable<string>): Array<[number, number]> {
    const wanted = terms instanceof Set ? (terms as ReadonlySet<string>) : new Set(terms);
    if (wanted.size === 0) return [];
    const words =
      this.#analysedTexts.get(text) ?? searchableWords(analyseTokens(text, this.#planner.ignoredStems));
    return spansOf(words, wanted);
  }

  /**
   * `text` without the words every agreement has (the thesaurus' ignored words, which the planner
   * skips) nor stopwords, the others kept as typed, one space apart. Usually read like `text`, but
   * not always (an ignored word may belong to a synonym of several words): check the results.
   */
  withoutIgnoredWords(text: string): string {
    const kept: string[] = [];
    for (const token of tokenize(stripCommandPrefix(text))) {
      const folded = fold(token.text);
      if (!isStopword(folded) && !this.#planner.ignoredStems.has(stem(folded))) kept.push(token.text);
    }
    return kept.join(' ');
  }

  /**
   * Whether the query names only what every agreement is about (the thesaurus' ignored words:
   * "politique de la ville", "quartiers prioritaires"): no search can tell the agreements apart
   * on it, and every one of them answers it.
   */
  isAboutEveryAgreement(query: string): boolean {
    // The planner reads nothing in it (no concept, no unknown word), yet it is not empty.
    const plan = planQuery(query, this.#planner);
    if (plan.concepts.length > 0 || plan.unknown.length > 0) return false;
    return tokenize(plan.text).some((token) => {
      const folded = fold(token.text);
      return !isStopword(folded) && this.#planner.ignoredStems.has(stem(folded));
    });
  }

  /**
   * Completions for a partial query, for Discord autocomplete: the last word completed from the
   * corpus vocabulary, then the bullets that match. At most 25, each at most 100 characters.
   */
  complete(partial: string, limit: number = COMPLETION_LIMITS.count): string[] {
    const max = Math.min(limit, COMPLETION_LIMITS.count);
    const suggestions = new Map<string, string>();
    const offer = ({ text, key }: Completion) => {
      if (text !== '' && !suggestions.has(key)) suggestions.set(key, text);
    };
    // Once the list is full, what is left is not even cleaned up (folding is the costly part).
    const full = () => suggestions.size >= max;
    const offerBullet = (item: string) => {
      if (!full()) offer(this.#corpusCompletion(item, 'bullet'));
    };
    const offerMinistry = (label: string) => {
      if (!full()) offer(this.#corpusCompletion(label, 'label'));
    };
    const text = stripCommandPrefix(partial);
    if (text.trim() === '') {
      // The first ministries, then the first bullets: stop as soon as the list is full, whatever
      // the size of the corpus.
      for (const convention of this.conventions) {
        for (const ministry of convention.ministries) {
          if (full()) return [...suggestions.values()];
          offerMinistry(ministry.label);
        }
      }
      for (const convention of this.conventions) {
        for (const section of convention.sections) {
          for (const item of section.items) {
            if (full()) return [...suggestions.values()];
            offerBullet(item);
          }
        }
      }
      return [...suggestions.values()];
    }

    // One search serves both: the words the axes it finds suggest, then those axes themselves.
    const hits = this.search(text);
    const tokens = tokenize(text);
    const last = tokens.at(-1);
    const typingWord = last !== undefined && last.end === text.length;
    if (last !== undefined && typingWord) {
      const head = text.slice(0, last.start);
      const prefix = fold(last.text);
      const words = suggestions.size;
      if (head.trim() !== '') {
        // The words of the axes the query finds come first: "prévention de la dé" is
        // "délinquance" here, however frequent "décembre" is elsewhere.
        for (const hit of hits.slice(0, HEAD_HITS_FOR_COMPLETION)) {
          for (const axis of hit.axes.slice(0, HEAD_HITS_FOR_COMPLETION)) {
            for (const [folded, shown] of this.#wordsOf(axis.text)) {
              if (full() || suggestions.size - words >= MAX_WORD_COMPLETIONS) break;
              if (folded.length > prefix.length && folded.startsWith(prefix))
                offer(asCompletion(`${head}${shown}`));
            }
          }
        }
      }
      for (const { entry } of this.#wordCompleter.complete(prefix, MAX_WORD_COMPLETIONS)) {
        if (full() || suggestions.size - words >= MAX_WORD_COMPLETIONS) break;
        offer(
          head === '' ? this.#wordCompletion(entry) : asCompletion(`${head}${entry.display.toLowerCase()}`),
        );
      }
    }
    for (const hit of hits) {
      if (full()) break;
      for (const axis of hit.axes) {
        if (full()) break;
        offerBullet(axis.text);
      }
      for (const ministry of hit.convention.ministries) offerMinistry(ministry.label);
    }
    return [...suggestions.values()];
  }

  /**
   * How rare a concept is among the agreements: the inverse agreement frequency of its rarest
   * term. Worked out once per reading of a word, which every plan with that word shares.
   */
  #rarity(concept: Concept): number {
    let rarity = this.#rarities.get(concept.terms);
    if (rarity === undefined) {
      rarity = 0;
      for (const term of concept.terms.keys()) rarity = Math.max(rarity, this.#idf.get(term) ?? 0);
      this.#rarities.set(concept.terms, rarity);
    }
    return rarity;
  }

  #wordCompletion(entry: VocabularyEntry): Completion {
    let completion = this.#wordCompletions.get(entry);
    if (completion === undefined) {
      completion = asCompletion(entry.display.toLowerCase());
      this.#wordCompletions.set(entry, completion);
    }
    return completion;
  }

  /** The words of an axis that may complete a query, folded and as shown (stopwords left out). */
  #wordsOf(text: string): ReadonlyArray<readonly [folded: string, shown: string]> {
    let words = this.#axisWords.get(text);
    if (words === undefined) {
      words = tokenize(text).flatMap((token) => {
        const folded = fold(token.text);
        return isStopword(folded) ? [] : [[folded, token.text.toLowerCase()] as const];
      });
      keep(this.#axisWords, text, words, MAX_MEMOISED_COMPLETIONS);
    }
    return words;
  }

  /**
   * A bullet (capitalised) or a ministry label as a completion, prepared once: between
   * interactions, cleaning and folding the same few corpus texts again was a sixth of an
   * autocomplete. Bounded like the analysis caches, though only corpus texts come here.
   */
  #corpusCompletion(text: string, kind: 'bullet' | 'label'): Completion {
    const memo = kind === 'bullet' ? this.#bulletCompletions : this.#labelCompletions;
    let completion = memo.get(text);
    if (completion === undefined) {
      completion = asCompletion(kind === 'bullet' ? capitalise(text) : text);
      keep(memo, text, completion, MAX_MEMOISED_COMPLETIONS);
    }
    return completion;
  }

  /**
   * Alternatives for a query that found nothing: each unknown word replaced by the closest corpus
   * word within a looser distance, kept only when the new query finds something.
   */
  didYouMean(query: string, limit = 5): string[] {
    const plan = planQuery(query, this.#planner);
    const alternatives = new Set<string>();
    const offer = (alternative: string) => {
      if (alternatives.size >= limit || alternative === plan.text || alternatives.has(alternative)) return;
      if (this.search(alternative, { limit: 1 }).length > 0) alternatives.add(alternative);
    };
    for (const word of plan.unknown) {
      const folded = fold(word);
      const distance = Math.min(3, Math.max(1, Math.floor(folded.length / 3)));
      const candidates = this.#planner.speller
        .near(folded, distance)
        .filter(
          ([candidate, entry]) =>
            candidate.length > 1 && !isStopword(candidate) && this.#planner.indexTerms.has(entry.stem),
        )
        .sort((a, b) => a[2] - b[2] || b[1].count - a[1].count);
      for (const [, entry] of candidates) offer(replaceWord(plan.text, word, entry.display.toLowerCase()));
    }
    for (const concept of plan.concepts) {
      if (concept.correctedTo !== undefined)
        offer(replaceWord(plan.text, concept.source, concept.correctedTo.toLowerCase()));
    }
    return [...alternatives];
  }

  /** Corrects a single word against the corpus vocabulary (exposed for "did you mean"). */
  correct(word: string): string | undefined {
    return correctWord(this.#planner.speller, fold(word))?.[1].display;
  }
}

/**
 * Share of the query's concepts that an agreement expresses, from the positions (in the weighted
 * query) of the terms it matched, each concept weighted by its confidence and by how rare it is
 * among the agreements: matching "radicalisation" says more than matching "lutte", which several
 * agreements use. Prepared once per query, then applied to every candidate.
 */
function conceptCoverage(
  concepts: readonly Concept[],
  query: WeightedTerms,
  rarity: (concept: Concept) => number,
): (matched: readonly number[]) => number {
  const rarities = concepts.map(rarity);
  const total = rarities.reduce((sum, rarity) => sum + rarity, 0);
  // For each query position, the concepts its term expresses and with what confidence, flat:
  // position p's are at `from[p]` to `from[p + 1]`. Called for every candidate, so no iterators.
  const from = new Int32Array(query.length + 1);
  const conceptAt: number[] = [];
  const weightAt: number[] = [];
  query.forEach(([term], position) => {
    from[position] = conceptAt.length;
    concepts.forEach((concept, index) => {
      const weight = concept.terms.get(term);
      if (weight === undefined) return;
      conceptAt.push(index);
      weightAt.push(weight);
    });
  });
  from[query.length] = conceptAt.length;
  const best = new Float64Array(concepts.length);
  // The share depends only on which terms matched, and most candidates match the same few sets:
  // each set is worked out once per query (keyed by its bits while the query has few terms).
  const shares = query.length <= 30 ? new Map<number, number>() : undefined;
  const share = (matched: readonly number[]) => {
    best.fill(0);
    for (let index = 0; index < matched.length; index += 1) {
      const position = matched[index] ?? 0;
      const end = from[position + 1] ?? 0;
      for (let at = from[position] ?? 0; at < end; at += 1) {
        const concept = conceptAt[at] ?? 0;
        const weight = weightAt[at] ?? 0;
        if (weight > (best[concept] ?? 0)) best[concept] = weight;
      }
    }
    let covered = 0;
    for (let concept = 0; concept < best.length; concept += 1) {
      covered += (best[concept] ?? 0) * (rarities[concept] ?? 0);
    }
    return covered / total;
  };
  return (matched) => {
    if (total === 0) return 0;
    if (shares === undefined) return share(matched);
    let bits = 0;
    for (let index = 0; index < matched.length; index += 1) bits |= 1 << (matched[index] ?? 0);
    let known = shares.get(bits);
    if (known === undefined) {
      known = share(matched);
      shares.set(bits, known);
    }
    return known;
  };
}

/** Above this many results, {@link bestFirst} sorts. */
const INSERTION_LIMIT = 32;

/**
 * The `limit` best of `ranked`, best first: higher score, then lower id rank (a total order, so
 * the result is the first `limit` of a full sort). By insertion: a limit of ten out of fifty
 * agreements, where sorting all fifty was a twentieth of a search.
 */
function bestFirst(ranked: readonly RankedAgreement[], limit: number): RankedAgreement[] {
  const above = (a: RankedAgreement, b: RankedAgreement) =>
    a.score > b.score || (a.score === b.score && a.idRank < b.idRank);
  // Insertion costs up to `limit` moves per agreement: past a few dozen, a sort is cheaper.
  if (limit > INSERTION_LIMIT) return [...ranked].sort((a, b) => (above(a, b) ? -1 : 1)).slice(0, limit);
  const best: RankedAgreement[] = [];
  for (const entry of ranked) {
    const last = best[best.length - 1];
    if (best.length >= limit && (last === undefined || !above(entry, last))) continue;
    let at = best.length < limit ? best.length : best.length - 1;
    while (at > 0 && above(entry, best[at - 1] as RankedAgreement)) {
      best[at] = best[at - 1] as RankedAgreement;
      at -= 1;
    }
    best[at] = entry;
  }
  return best;
}

/** An agreement scored for a query, before its evidence is gathered. */
interface RankedAgreement {
  agreement: IndexedAgreement;
  coverage: number;
  score: number;
  idRank: number;
}

/**
 * A matching bullet, read from the agreement when first asked for. Every matching bullet of
 * every returned agreement is evidence, but an answer shows a few of them: at 10 000 axes,
 * reading and highlighting all of them up front was a fifth of a search.
 */
class BulletMatch implements AxisMatch {
  readonly score: number;
  readonly #bullets: readonly Bullet[];
  readonly #index: number;
  readonly #wanted: Int32Array;
  #highlights: Array<[number, number]> | undefined;

  constructor(bullets: readonly Bullet[], index: number, score: number, wanted: Int32Array) {
    this.score = score;
    this.#bullets = bullets;
    this.#index = index;
    this.#wanted = wanted;
  }

  get #bullet(): Bullet {
    return this.#bullets[this.#index] as Bullet;
  }

  get section(): number {
    return this.#bullet.section;
  }

  get item(): number {
    return this.#bullet.item;
  }

  get kind(): Section['kind'] {
    return this.#bullet.kind;
  }

  get text(): string {
    return this.#bullet.text;
  }

  get highlights(): Array<[number, number]> {
    this.#highlights ??= spansOfNumbers(this.#bullet.words, this.#wanted);
    return this.#highlights;
  }

  /** The plain data, for `JSON.stringify`. */
  toJSON(): AxisMatch {
    const { section, item, kind, text, highlights, score } = this;
    return { section, item, kind, text, highlights, score };
  }
}

/** The agreement's bullets that matched, best first (`documents` come best first). */
function evidenceOf(
  agreement: IndexedAgreement,
  documents: readonly DocumentMatch[],
  queryNumbers: Int32Array,
): AxisMatch[] {
  const axes: AxisMatch[] = [];
  const { bullets } = agreement;
  for (const { slot, score } of documents) {
    // Slot 0 is the agreement's own document; slot i + 1 is bullet i.
    if (slot > 0 && slot <= bullets.length)
      axes.push(new BulletMatch(bullets, slot - 1, score, queryNumbers));
  }
  return axes;
}

/** The text with the first whole word (or words) equal to `word` replaced; trimmed. */
function replaceWord(text: string, word: string, replacement: string): string {
  const tokens = tokenize(text);
  const words = tokenize(word).length;
  for (let index = 0; index + words <= tokens.length; index += 1) {
    const first = tokens[index];
    const last = tokens[index + words - 1];
    if (first === undefined || last === undefined || text.slice(first.start, last.end) !== word) continue;
    return `${text.slice(0, first.start)}${replacement}${text.slice(last.end)}`.trim();
  }
  return text.trim();
}
