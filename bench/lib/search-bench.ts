/**
 * Search benchmark: the bot's engine on the real corpus and on synthetic corpora (latency of
 * search and autocomplete, build time, retained heap, where a query's time goes, and the size and
 * load time of a serialized MiniSearch index of the same per-agreement documents), then Fuse.js
 * and FlexSearch over the same documents and queries.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import type { Convention, Thesaurus } from '../../src/data/schema.js';
import { CandidateIndex } from '../../src/search/candidates.js';
import { SearchEngine } from '../../src/search/engine.js';
import { evaluate } from '../../tests/relevance/relevance.js';
import { type BuiltEngine, type EngineFactory, type EngineName, wrapEngine } from './competitors.js';
import { axisCount } from './corpus.js';
import { documentsOf } from './documents.js';
import { judgementsBySet, RELEVANCE_SETS, type RelevanceSet } from './queries.js';
import {
  perQueryMedians,
  retainedHeap,
  round,
  roundSummary,
  type Summary,
  significant,
  summarize,
  time,
} from './stats.js';

/** How long and how much to measure one engine on one corpus. */
export interface MixOptions {
  /** Untimed queries first, for at most this long (at least one query). */
  warmupMs: number;
  /** Stop once this much time was spent measuring and `minSamples` were taken. */
  budgetMs: number;
  minSamples: number;
  /** Most passes over the mix. */
  maxPasses: number;
}

/** Runs the mix untimed, in order, for at most `ms` (at least one query). */
function warmUp(run: (query: string) => unknown, mix: readonly string[], ms: number): void {
  const started = performance.now();
  for (const query of mix) {
    run(query);
    if (performance.now() - started >= ms) break;
  }
}

/**
 * Times `run` on each query of the mix, in order, pass after pass, until the budget is spent.
 * The mix is in a seeded random order, so a prefix is a fair sample when an engine is slow.
 * @returns the latency of every timed call, in milliseconds, in mix order.
 */
export function measureMix(
  run: (query: string) => unknown,
  mix: readonly string[],
  options: MixOptions,
): number[] {
  warmUp(run, mix, options.warmupMs);
  const samples: number[] = [];
  const started = performance.now();
  for (let pass = 0; pass < options.maxPasses; pass += 1) {
    for (const query of mix) {
      const before = performance.now();
      run(query);
      samples.push(performance.now() - before);
      if (samples.length >= options.minSamples && performance.now() - started >= options.budgetMs)
        return samples;
    }
  }
  return samples;
}

/**
 * Times several engines on the mix in turns, a whole pass of the mix each, the order of the
 * engines alternating from pass to pass, until the budget is spent: whatever else the machine
 * does meanwhile (its speed moves by a third from one minute to the next on a shared machine)
 * weighs on each of them alike, which runs of a few seconds one after the other do not ensure.
 * Within its pass, each engine keeps its caches warm as it would alone.
 * @returns each engine's samples, in mix order, as many for each.
 */
export function measureInTurns(
  runs: ReadonlyArray<(query: string) => unknown>,
  mix: readonly string[],
  options: MixOptions,
): number[][] {
  for (const run of runs) warmUp(run, mix, options.warmupMs);
  const samples = runs.map((): number[] => []);
  const started = performance.now();
  for (let pass = 0; pass < options.maxPasses; pass += 1) {
    for (let turn = 0; turn < runs.length; turn += 1) {
      const which = (pass + turn) % runs.length;
      const run = runs[which] as (query: string) => unknown;
      const taken = samples[which] as number[];
      for (const query of mix) {
        const before = performance.now();
        run(query);
        taken.push(performance.now() - before);
      }
    }
    const fewest = Math.min(...samples.map((taken) => taken.length));
    if (fewest >= options.minSamples && performance.now() - started >= runs.length * options.budgetMs) break;
  }
  return samples;
}

/** A corpus the benchmark searches. */
export interface Corpus {
  /** `real`, `1k`, `10k`, `100k`. */
  name: string;
  conventions: readonly Convention[];
  /** Time to generate and validate it (synthetic corpora only). */
  generateMs?: number;
  /** Measurement effort on this corpus, by engine. */
  effort: MixOptions;
}

/**
 * A MiniSearch index of the engine's first-stage documents (one per agreement, its analysed
 * terms), as the engine built it before it kept the impacts itself: JSON size, time to serialize
 * and to load it back. What shipping a prebuilt index would cost, next to the engine's build time.
 */
export interface SerializedIndex {
  bytes: number;
  toJsonMs: number;
  loadMs: number;
  /** The loaded index has the same documents and answers a term with the same documents. */
  roundTrips: boolean;
}

/** Share of the engine's search time spent in each part, measured by wrapping them. */
export interface SearchBreakdown {
  queries: number;
  totalMs: number;
  /** Mean time per query, ms: whole search, then the first stage. */
  msPerQuery: { search: number; candidates: number };
  /** `CandidateIndex#select`: the candidates, from one document per agreement. */
  candidates: number;
  /** Planning the query, choosing candidates, re-ranking them from their bullets, the evidence. */
  other: number;
}

/**
 * The default search against an exhaustive one (`rerankDepth: Infinity`, every matching agreement
 * scored on its bullets), over a prefix of the mix: how often the re-ranking depth changes the answer.
 */
export interface ExhaustiveAgreement {
  queries: number;
  /** Share of queries with the same first agreement. */
  sameFirst: number;
  /** Share of queries with the same agreements in the same order. */
  sameList: number;
}

/** The bot's engine on one corpus. */
export interface EngineCorpusReport {
  corpus: string;
  axes: number;
  agreements: number;
  documents: number;
  generateMs?: number;
  buildMs: number;
  /** Heap retained by the engine (after a full GC), bytes. */
  heapBytes: number;
  serialized: SerializedIndex | { error: string };
  search: Summary;
  complete: Summary;
  /**
   * Over the queries, the median latency of each query across passes (corpora measured in three
   * passes or more): the queries' own cost without pauses caused by other work.
   */
  steady?: { search: Summary; complete: Summary };
  breakdown?: SearchBreakdown;
  exhaustive?: ExhaustiveAgreement;
}

/** One engine on one corpus, for the comparison. */
export interface ComparisonEntry {
  engine: EngineName;
  buildMs: number;
  heapBytes: number;
  search: Summary;
  /** This engine's p50 (p99) divided by the bot's, over the queries both answered. */
  p50VersusBot: number;
  p99VersusBot: number;
  /**
   * Set when the engine was timed in turns with the bot ({@link measureInTurns}): the bot's
   * latency in those turns, which the ratios are taken against.
   */
  botInTurns?: Summary;
}

/** The three engines on one corpus. */
export interface ComparisonReport {
  corpus: string;
  axes: number;
  entries: ComparisonEntry[];
}

/** Precision@1 and MRR of one engine on the real corpus, per relevance set. */
export interface RelevanceEntry {
  engine: EngineName;
  sets: Record<RelevanceSet, { queries: number; precisionAt1: number; mrr: number }>;
}

/** A built engine with its build time and retained heap. */
interface Measured<T> {
  value: T;
  buildMs: number;
  heapBytes: number;
}

function measuredBuild<T>(build: () => T): Measured<T> {
  const before = retainedHeap();
  const { ms, value } = time(build);
  const heapBytes = retainedHeap() - before;
  return { value, buildMs: ms, heapBytes };
}

/**
 * Builds the engine and catches the first stage's documents: `CandidateIndex.build` is wrapped
 * for the duration of the build.
 */
function buildCapturingDocuments(
  conventions: readonly Convention[],
  thesaurus: Thesaurus,
): { engine: SearchEngine; documents: ReadonlyArray<readonly string[]> | undefined } {
  const original = CandidateIndex.build;
  let documents: ReadonlyArray<readonly string[]> | undefined;
  CandidateIndex.build = (captured) => {
    documents = captured;
    return original.call(CandidateIndex, captured);
  };
  try {
    const engine = SearchEngine.build({ conventions: [...conventions] }, thesaurus);
    return { engine, documents };
  } finally {
    CandidateIndex.build = original;
  }
}

/** Analysed terms are indexed as they are: split on spaces, no further processing. */
const AS_ANALYSED = { tokenize: (text: string) => text.split(' '), processTerm: (term: string) => term };

function serialize(
  conventions: readonly Convention[],
  documents: ReadonlyArray<readonly string[]> | undefined,
): SerializedIndex | { error: string } {
  if (documents === undefined)
    return { error: 'the engine built no first stage through CandidateIndex.build' };
  const index = new MiniSearch({ fields: ['terms'], ...AS_ANALYSED, searchOptions: AS_ANALYSED });
  index.addAll(documents.map((terms, ordinal) => ({ id: conventions[ordinal]?.id, terms: terms.join(' ') })));
  const { ms: toJsonMs, value: json } = time(() => JSON.stringify(index));
  const { ms: loadMs, value: loaded } = time(() =>
    MiniSearch.loadJSON(json, { fields: ['terms'], ...AS_ANALYSED, searchOptions: AS_ANALYSED }),
  );
  const ids = (from: MiniSearch, term: string) =>
    JSON.stringify(from.search(term).map((result) => [String(result.id), result.score]));
  return {
    bytes: Buffer.byteLength(json),
    toJsonMs,
    loadMs,
    roundTrips:
      loaded.documentCount === index.documentCount &&
      PROBE_TERMS.every((term) => ids(index, term) === ids(loaded, term)),
  };
}

/** Stems of common corpus words, to compare the original and the loaded index with. */
const PROBE_TERMS = ['transport', 'emploi', 'securit', 'cultur', 'ecol'];

/**
 * Where the engine's search time goes: `CandidateIndex#select` (the first stage) is wrapped on the
 * prototype for the duration of the measurement and timed.
 */
function breakdown(engine: SearchEngine, mix: readonly string[], budgetMs: number): SearchBreakdown {
  const prototype = CandidateIndex.prototype;
  const original = prototype.select;
  let inFirstStage = 0;
  prototype.select = function select(this: CandidateIndex, ...args: Parameters<CandidateIndex['select']>) {
    const before = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      inFirstStage += performance.now() - before;
    }
  };
  try {
    const started = performance.now();
    let queries = 0;
    for (const query of mix) {
      engine.search(query);
      queries += 1;
      if (performance.now() - started >= budgetMs) break;
    }
    const totalMs = performance.now() - started;
    return {
      queries,
      totalMs: round(totalMs, 1),
      msPerQuery: { search: round(totalMs / queries), candidates: round(inFirstStage / queries) },
      candidates: round(inFirstStage / totalMs),
      other: round(1 - inFirstStage / totalMs),
    };
  } finally {
    prototype.select = original;
  }
}

function versusExhaustive(
  engine: SearchEngine,
  mix: readonly string[],
  budgetMs: number,
): ExhaustiveAgreement {
  const started = performance.now();
  let queries = 0;
  let sameFirst = 0;
  let sameList = 0;
  const ids = (hits: ReturnType<SearchEngine['search']>) => hits.map((hit) => hit.convention.id);
  for (const query of mix) {
    const fast = ids(engine.search(query));
    const exhaustive = ids(engine.search(query, { rerankDepth: Number.POSITIVE_INFINITY }));
    queries += 1;
    if (fast[0] === exhaustive[0]) sameFirst += 1;
    if (fast.join() === exhaustive.join()) sameList += 1;
    if (performance.now() - started >= budgetMs) break;
  }
  return { queries, sameFirst: round(sameFirst / queries), sameList: round(sameList / queries) };
}

/** Everything measured on one corpus: the engine's own report and the comparison. */
export interface CorpusResult {
  engine: EngineCorpusReport;
  comparison: ComparisonReport;
  /** The engines, still built, for the relevance evaluation on the real corpus. */
  built: BuiltEngine[];
}

/** Options of {@link benchCorpus}. */
export interface CorpusBenchOptions {
  thesaurus: Thesaurus;
  searchMix: readonly string[];
  completionMix: readonly string[];
  competitors: readonly EngineFactory[];
  /** Effort for each competitor (default: the corpus effort). */
  competitorEffort?: Partial<Record<EngineName, MixOptions>>;
  /** Competitors timed in turns with the bot (see {@link measureInTurns}) rather than after it. */
  inTurns?: readonly EngineName[];
  /** Keep the built engines (only needed for the relevance evaluation). */
  keep?: boolean;
  /** Measure where the search time goes (default true). */
  withBreakdown?: boolean;
  log?: (line: string) => void;
}

/** Benchmarks the bot's engine and the competitors on one corpus. */
export function benchCorpus(corpus: Corpus, options: CorpusBenchOptions): CorpusResult {
  const log = options.log ?? (() => undefined);
  const { conventions } = corpus;
  const axes = axisCount(conventions);
  log(`${corpus.name}: ${conventions.length} agreements, ${axes} axes — building the engine`);
  const measured = measuredBuild(() => buildCapturingDocuments(conventions, options.thesaurus));
  const { engine, documents } = measured.value;
  const serialized = serialize(conventions, documents);
  log(`${corpus.name}: built in ${measured.buildMs.toFixed(0)} ms; searching`);
  const searchSamples = measureMix((query) => engine.search(query), options.searchMix, corpus.effort);
  const completeSamples = measureMix((query) => engine.complete(query), options.completionMix, corpus.effort);
  const split =
    options.withBreakdown === false
      ? undefined
      : breakdown(engine, options.searchMix, Math.min(corpus.effort.budgetMs, 3000));
  const exhaustive = versusExhaustive(engine, options.searchMix, Math.min(corpus.effort.budgetMs, 5000));
  const steadySearch = perQueryMedians(searchSamples, options.searchMix.length);
  const steadyComplete = perQueryMedians(completeSamples, options.completionMix.length);
  const report: EngineCorpusReport = {
    corpus: corpus.name,
    axes,
    agreements: conventions.length,
    documents: documentsOf(conventions).length,
    ...(corpus.generateMs === undefined ? {} : { generateMs: round(corpus.generateMs, 1) }),
    buildMs: round(measured.buildMs, 1),
    heapBytes: measured.heapBytes,
    serialized:
      'error' in serialized
        ? serialized
        : { ...serialized, toJsonMs: round(serialized.toJsonMs, 1), loadMs: round(serialized.loadMs, 1) },
    search: roundSummary(summarize(searchSamples)),
    complete: roundSummary(summarize(completeSamples)),
    ...(steadySearch === undefined || steadyComplete === undefined
      ? {}
      : {
          steady: {
            search: roundSummary(summarize(steadySearch)),
            complete: roundSummary(summarize(steadyComplete)),
          },
        }),
    ...(split === undefined ? {} : { breakdown: split }),
    exhaustive,
  };

  const bot = wrapEngine(engine);
  const entries: ComparisonEntry[] = [];
  const raw: Array<{
    engine: EngineName;
    samples: number[];
    buildMs: number;
    heapBytes: number;
    /** The bot's samples the ratios are taken against: its own run, or its turns with this engine. */
    bot: number[];
    inTurns: boolean;
  }> = [
    {
      engine: 'conventions-bot',
      samples: searchSamples,
      buildMs: measured.buildMs,
      heapBytes: measured.heapBytes,
      bot: searchSamples,
      inTurns: false,
    },
  ];
  const built: BuiltEngine[] = options.keep === true ? [bot] : [];
  for (const factory of options.competitors) {
    log(`${corpus.name}: building ${factory.name}`);
    const competitor = measuredBuild(() => factory.build(conventions, options.thesaurus));
    const effort = options.competitorEffort?.[factory.name] ?? corpus.effort;
    const rank = (query: string) => competitor.value.rank(query);
    const inTurns = options.inTurns?.includes(factory.name) === true;
    const [samples, botSamples] = inTurns
      ? (measureInTurns([rank, bot.rank], options.searchMix, effort) as [number[], number[]])
      : [measureMix(rank, options.searchMix, effort), searchSamples];
    raw.push({
      engine: factory.name,
      samples,
      buildMs: competitor.buildMs,
      heapBytes: competitor.heapBytes,
      bot: botSamples,
      inTurns,
    });
    if (options.keep === true) built.push(competitor.value);
  }
  for (const entry of raw) {
    // Ratios over the queries both engines answered: the same prefix of the same mix.
    const common = Math.min(entry.samples.length, entry.bot.length);
    const mine = summarize(entry.samples.slice(0, common));
    const bots = summarize(entry.bot.slice(0, common));
    entries.push({
      engine: entry.engine,
      buildMs: round(entry.buildMs, 1),
      heapBytes: entry.heapBytes,
      search: roundSummary(summarize(entry.samples)),
      p50VersusBot: significant(mine.p50 / bots.p50),
      p99VersusBot: significant(mine.p99 / bots.p99),
      ...(entry.inTurns ? { botInTurns: roundSummary(bots) } : {}),
    });
  }
  return { engine: report, comparison: { corpus: corpus.name, axes, entries }, built };
}

/** Precision@1 and MRR of each engine on the three relevance sets (the real corpus). */
export function relevanceOf(engines: readonly BuiltEngine[]): RelevanceEntry[] {
  const sets = judgementsBySet();
  return engines.map((engine) => {
    const bySet = {} as RelevanceEntry['sets'];
    for (const name of RELEVANCE_SETS) {
      const report = evaluate((query) => engine.rank(query), sets[name]);
      bySet[name] = {
        queries: sets[name].length,
        precisionAt1: round(report.precisionAt1),
        mrr: round(report.mrr),
      };
    }
    return { engine: engine.name, sets: bySet };
  });
}
