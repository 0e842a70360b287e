/**
 * `npm run bench`: the performance figures of the bot, side by side, in one run of a few minutes.
 *
 * 1. Start-up: the bot as `npm start` runs it (the bundle of `scripts/build.mjs` under `node` with
 *    the options of package.json) from spawn to "bot ready" against a fake Discord, next to the
 *    minimal discord.js bot (`bench/minimal-bot.ts`) bundled and run the same way, and the bot
 *    under tsx (`npm run dev`).
 * 2. Interactions: dispatch-to-callback latency of `/convention`, `/ministere` and autocomplete,
 *    measured on the bot and the minimal bot in turns; bursts of 200 and 1 000 concurrent
 *    interactions; resident memory after 10 000 interactions.
 * 3. Search: the engine on the real corpus and on synthetic corpora of 1 000, 10 000 and 100 000
 *    axes (p50/p99 of search and autocomplete, build time, retained heap, where the time goes, and
 *    the size and load time of a MiniSearch index of the first stage's documents), Fuse.js and
 *    FlexSearch on the same documents and queries (FlexSearch timed in turns with the bot), and
 *    precision@1 of all three on the relevance sets.
 *
 * Prints tables, judges the targets of the issue and writes `bench/results/latest.json`.
 * Timings are a script, never test assertions.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeDiscord } from '../tests/support/fake-discord.js';
import {
  type BotProcess,
  buildProject,
  bundle,
  nodeStartMs,
  npmStart,
  startBotProcess,
} from './lib/bot-process.js';
import { flexsearch, fuse } from './lib/competitors.js';
import { loadRealData, ROOT, syntheticDataset } from './lib/corpus.js';
import { type MemoryUsage, memoryThroughInspector } from './lib/inspector.js';
import {
  type BurstReport,
  burst,
  CallbackTracker,
  INTERACTION_KINDS,
  type InteractionKind,
  interleavedLatency,
  PayloadFactory,
  waves,
} from './lib/interactions.js';
import { completionMix, searchMix } from './lib/queries.js';
import { bytes, ms, ReportBuilder, ratio, type TargetResult, tableData } from './lib/report.js';
import {
  benchCorpus,
  type ComparisonReport,
  type Corpus,
  type EngineCorpusReport,
  type MixOptions,
  type RelevanceEntry,
  relevanceOf,
} from './lib/search-bench.js';
import { measureInServers, type ServersReport } from './lib/servers.js';
import { collectGarbage, round, roundSummary, type Summary, summarize, time } from './lib/stats.js';

/** Where the figures go; a run with experimental Node options writes aside (git-ignored). */
const RESULTS = path.join(
  ROOT,
  (process.env.BENCH_BOT_NODE_OPTIONS?.trim() ?? '') === ''
    ? 'bench/results/latest.json'
    : 'bench/results/with-node-options.json.tmp',
);
/** The figures in `docs/performance.md` live between these markers and are replaced on each run. */
const DOCS = path.join(ROOT, 'docs/performance.md');
const FIGURES_START = '<!-- bench:figures:start -->';
const FIGURES_END = '<!-- bench:figures:end -->';
const started = performance.now();
const log = (line: string) =>
  process.stderr.write(
    `[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`,
  );

/**
 * Measurement effort per corpus: time budgets keep the whole run under five minutes. An engine
 * fast enough makes several passes over the mix within the budget (each query then has a steady
 * p99); a slow one stops at a prefix of one pass.
 */
const EFFORT: Record<string, MixOptions> = {
  real: { warmupMs: 300, budgetMs: 1500, minSamples: 1089, maxPasses: 10 },
  '1k': { warmupMs: 500, budgetMs: 2500, minSamples: 363, maxPasses: 3 },
  '10k': { warmupMs: 1000, budgetMs: 4000, minSamples: 60, maxPasses: 5 },
  '100k': { warmupMs: 1500, budgetMs: 6000, minSamples: 15, maxPasses: 3 },
};
/** The bot in as many servers as one process should hold (a shard holds at most 2 500). */
const MANY_SERVERS = { servers: 2000, channels: 40 } as const;
/** Fuse.js scans every document: at 100 000 axes it gets a smaller sample. */
const FUSE_AT_100K: MixOptions = { warmupMs: 500, budgetMs: 5000, minSamples: 8, maxPasses: 1 };
const SYNTHETIC_SIZES = [
  ['1k', 1_000],
  ['10k', 10_000],
  ['100k', 100_000],
] as const;
/**
 * Extra Node options for the bot processes (both bots, every start), to measure a proposed
 * setting without editing anything: `BENCH_BOT_NODE_OPTIONS="--max-old-space-size=64" npm run bench`.
 */
const BOT_NODE_OPTIONS = process.env.BENCH_BOT_NODE_OPTIONS?.trim() ?? '';
/** Interactions sent to each bot before its memory is read. */
const INTERACTIONS_FOR_MEMORY = 10_000;
/**
 * Interactions of each kind timed per bot, after a warm-up. The slowest 2 % are mostly other
 * processes taking the core (times of 8 to 20 ms shared by both bots within the same second),
 * not either bot: the p99 is the 20th slowest sample, so that a handful of such pauses does
 * not decide it. With 200 it was the second slowest, and the same code measured 0.7× to 2.7×
 * the minimal bot's from one run to the next; with 1 000, 0.88× to 1.27×.
 */
const LATENCY = { warmup: 100, samples: 2000 };
const BURSTS = [200, 1000] as const;
const WARM_STARTS = 3;

interface Machine {
  nproc: number;
  cpuModel: string;
  memoryBytes: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
}

function machine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  return {
    nproc: os.availableParallelism(),
    cpuModel: /^model name\s*:\s*(.+)$/mu.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((value) => round(value, 2)),
  };
}

function commit(): { sha: string; dirty: boolean } {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'commands', 'data'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { sha, dirty: status.trim() !== '' };
  } catch {
    return { sha: 'unknown', dirty: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

interface SearchResults {
  mix: { search: number; complete: number };
  competitors: Array<{ engine: string; configuration: string }>;
  corpora: EngineCorpusReport[];
  comparison: ComparisonReport[];
  relevance: RelevanceEntry[];
}

async function searchPhase(): Promise<SearchResults> {
  const real = await loadRealData();
  const mix = searchMix();
  const partials = completionMix();
  const common = {
    thesaurus: real.thesaurus,
    searchMix: mix,
    completionMix: partials,
    competitors: [fuse, flexsearch],
    // FlexSearch answers in tens of microseconds, as fast as the bot: timed in turns with it, so
    // the ratio does not move with the machine between two runs. Fuse.js is two orders slower.
    inTurns: ['flexsearch'] as const,
    log,
  };
  const corpora: EngineCorpusReport[] = [];
  const comparison: ComparisonReport[] = [];

  const realCorpus: Corpus = {
    name: 'real',
    conventions: real.dataset.conventions,
    effort: EFFORT.real as MixOptions,
  };
  const first = benchCorpus(realCorpus, { ...common, keep: true });
  corpora.push(first.engine);
  comparison.push(first.comparison);
  const relevance = relevanceOf(first.built);

  for (const [name, axes] of SYNTHETIC_SIZES) {
    const generated = time(() => syntheticDataset(real.dataset, axes));
    const corpus: Corpus = {
      name,
      conventions: generated.value.conventions,
      generateMs: generated.ms,
      effort: EFFORT[name] as MixOptions,
    };
    const result = benchCorpus(corpus, {
      ...common,
      ...(name === '100k' ? { competitorEffort: { 'fuse.js': FUSE_AT_100K } } : {}),
    });
    corpora.push(result.engine);
    comparison.push(result.comparison);
  }
  return {
    mix: { search: mix.length, complete: partials.length },
    competitors: [fuse, flexsearch].map((factory) => ({
      engine: factory.name,
      configuration: factory.configuration,
    })),
    corpora,
    comparison,
    relevance,
  };
}

// ---------------------------------------------------------------------------------------------
// Start-up and interactions
// ---------------------------------------------------------------------------------------------

/** A way of starting a bot. */
interface BotLaunch {
  name: string;
  script: string;
  launcher: 'tsx' | 'node';
  /** Node options before the script (the `node` launcher), as `npm start` has them. */
  nodeArgs?: readonly string[];
}

/** A way of starting a bot, for the start-up figures. */
interface StartupVariant extends BotLaunch {
  /** Also time a first start with an empty tsx cache, as after a fresh clone. */
  cold: boolean;
}

interface StartupReport {
  variant: string;
  command: string;
  /** First start with an empty tsx cache, ms. */
  coldMs?: number;
  /** Starts with tsx's cache filled (or no tsx), ms. */
  warmMs: number[];
  warm: Summary;
  /** Resident memory of the bot process when ready (last start), bytes. */
  readyRssBytes: number | undefined;
  /** Resident memory of the tsx launcher process, bytes. */
  launcherRssBytes: number | undefined;
}

async function withFake<T>(work: (fake: FakeDiscord) => Promise<T>): Promise<T> {
  const fake = await FakeDiscord.start();
  try {
    return await work(fake);
  } finally {
    await fake.close();
  }
}

async function timeStart(
  variant: StartupVariant,
  env: Record<string, string>,
): Promise<{ ms: number; bot?: number; launcher?: number }> {
  return withFake(async (fake) => {
    const bot = await startBotProcess({
      script: variant.script,
      launcher: variant.launcher,
      ...(variant.nodeArgs === undefined ? {} : { nodeArgs: variant.nodeArgs }),
      token: fake.token,
      apiUrl: fake.apiUrl,
      env: BOT_NODE_OPTIONS === '' ? env : { ...env, NODE_OPTIONS: BOT_NODE_OPTIONS },
    });
    const memory = bot.memory();
    await bot.stop();
    return { ms: bot.readyMs, bot: memory.bot?.rssBytes, launcher: memory.launcher?.rssBytes };
  });
}

/**
 * Start-up of each variant: cold starts first (an empty tsx cache in a fresh TMPDIR), then the
 * warm starts in turns, so that whatever else runs on the machine weighs on every variant alike.
 */
async function startupPhase(variants: readonly StartupVariant[]): Promise<StartupReport[]> {
  const coldCache = mkdtempSync(path.join(os.tmpdir(), 'bench-tsx-cold-'));
  const cold = new Map<string, number>();
  const warm = new Map<string, Array<{ ms: number; bot?: number; launcher?: number }>>();
  try {
    for (const variant of variants.filter((item) => item.cold)) {
      log(`start-up, cold: ${variant.name}`);
      cold.set(variant.name, (await timeStart(variant, { TMPDIR: coldCache })).ms);
      rmSync(coldCache, { recursive: true, force: true });
      mkdirSync(coldCache);
    }
    for (let run = 0; run < WARM_STARTS; run += 1) {
      for (const variant of variants) {
        log(`start-up ${run + 1}/${WARM_STARTS}: ${variant.name}`);
        const list = warm.get(variant.name) ?? [];
        list.push(await timeStart(variant, {}));
        warm.set(variant.name, list);
      }
    }
  } finally {
    rmSync(coldCache, { recursive: true, force: true });
  }
  return variants.map((variant) => {
    const runs = warm.get(variant.name) ?? [];
    const coldMs = cold.get(variant.name);
    return {
      variant: variant.name,
      command: [
        variant.launcher,
        ...(variant.nodeArgs ?? []),
        path.isAbsolute(variant.script) ? path.basename(variant.script) : variant.script,
      ].join(' '),
      ...(coldMs === undefined ? {} : { coldMs: round(coldMs, 1) }),
      warmMs: runs.map((item) => round(item.ms, 1)),
      warm: roundSummary(summarize(runs.map((item) => item.ms)), 1),
      readyRssBytes: runs.at(-1)?.bot,
      launcherRssBytes: runs.at(-1)?.launcher,
    };
  });
}

interface MemoryReport {
  interactions: number;
  answered: number;
  unanswered: number;
  answeredTwice: number;
  failed: number;
  /** CPU time of the bot process per interaction over the whole run, ms. */
  cpuMsPerInteraction: number;
  rssBytes: number | undefined;
  peakRssBytes: number | undefined;
  /** `process.memoryUsage()` of the bot before and after a full GC (through the inspector). */
  inspector?: { before: MemoryUsage; afterGc: MemoryUsage };
}

interface InteractionReport {
  bot: string;
  latency: Record<InteractionKind, Summary>;
  bursts: BurstReport[];
  memory: MemoryReport;
}

/**
 * The bot and the minimal bot, both started as `npm start` starts the bot (bundle, node), each logged in
 * to its own fake Discord: latencies interleaved, bursts, then up to 10 000 interactions each and
 * their resident memory.
 */
async function interactionPhase(launches: readonly BotLaunch[]): Promise<InteractionReport[]> {
  const scripts = launches.map((launch) => launch.name);
  const fakes = await Promise.all(scripts.map(() => FakeDiscord.start()));
  const bots: BotProcess[] = [];
  try {
    for (const [index, launch] of launches.entries()) {
      const fake = fakes[index] as FakeDiscord;
      log(`interactions: starting ${launch.name}`);
      bots.push(
        await startBotProcess({
          script: launch.script,
          launcher: launch.launcher,
          ...(launch.nodeArgs === undefined ? {} : { nodeArgs: launch.nodeArgs }),
          token: fake.token,
          apiUrl: fake.apiUrl,
          // Lets the inspector open on a free port later (SIGUSR1); no effect until then.
          env: { NODE_OPTIONS: `--inspect-port=127.0.0.1:0 ${BOT_NODE_OPTIONS}`.trim() },
        }),
      );
    }
    const targets = fakes.map((fake, index) => ({
      tracker: new CallbackTracker(fake),
      payloads: new PayloadFactory(fake.context, searchMix(), completionMix()),
      botCpuMs: () => (bots[index] as BotProcess).cpuMs(),
    }));
    const cpuAtStart = bots.map((bot) => bot.cpuMs());
    const latency = scripts.map(() => ({}) as Record<InteractionKind, Summary>);
    for (const kind of INTERACTION_KINDS) {
      log(`interactions: ${kind} latency, both bots in turn`);
      const summaries = await interleavedLatency(targets, kind, LATENCY);
      summaries.forEach((summary, index) => {
        (latency[index] as Record<InteractionKind, Summary>)[kind] = summary;
      });
    }
    const bursts = scripts.map((): BurstReport[] => []);
    for (const size of BURSTS) {
      for (const [index, target] of targets.entries()) {
        log(`interactions: burst of ${size} on ${scripts[index]}`);
        bursts[index]?.push(await burst(target, size));
      }
    }
    log(`interactions: up to ${INTERACTIONS_FOR_MEMORY} interactions each`);
    const tallies = await Promise.all(
      targets.map((target) => waves(target, INTERACTIONS_FOR_MEMORY - target.payloads.made, 100)),
    );
    const memories = bots.map((bot) => bot.memory().bot);
    const reports: InteractionReport[] = [];
    for (const [index, bot] of bots.entries()) {
      const earlier = (bursts[index] ?? []).reduce(
        (sum, report) => ({
          answered: sum.answered + report.answered,
          unanswered: sum.unanswered + report.unanswered,
          answeredTwice: sum.answeredTwice + report.answeredTwice,
          failed: sum.failed + report.failed,
        }),
        { answered: 3 * (LATENCY.warmup + LATENCY.samples), unanswered: 0, answeredTwice: 0, failed: 0 },
      );
      const tally = tallies[index];
      const target = targets[index];
      const made = target?.payloads.made ?? 0;
      const url = await bot.openInspector();
      const inspector =
        url === undefined ? undefined : await memoryThroughInspector(url).catch(() => undefined);
      reports.push({
        bot: scripts[index] ?? '',
        latency: latency[index] as Record<InteractionKind, Summary>,
        bursts: bursts[index] ?? [],
        memory: {
          interactions: made,
          answered: earlier.answered + (tally?.answered ?? 0),
          unanswered: earlier.unanswered + (tally?.unanswered ?? 0),
          answeredTwice:
            earlier.answeredTwice + (tally?.answeredTwice ?? 0) + (target?.tracker.unexpected ?? 0),
          failed: earlier.failed + (tally?.failed ?? 0),
          cpuMsPerInteraction: round((bot.cpuMs() - (cpuAtStart[index] ?? 0)) / Math.max(1, made), 3),
          rssBytes: memories[index]?.rssBytes,
          peakRssBytes: memories[index]?.peakRssBytes,
          ...(inspector === undefined ? {} : { inspector }),
        },
      });
      // Stop now: the next bot's inspector must not find this one still attached.
      await bot.stop();
    }
    return reports;
  } finally {
    for (const bot of bots) await bot.stop();
    for (const fake of fakes) await fake.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Targets and output
// ---------------------------------------------------------------------------------------------

interface BotsResults {
  startup: StartupReport[];
  interactions: InteractionReport[];
  /** The bot ready in many servers (what their number adds to its memory). */
  servers: ServersReport;
  /** Time of the bot's build (`scripts/build.mjs`, which `npm start` runs first), ms. */
  bundleMs: number;
}

function evaluateTargets(search: SearchResults, bots: BotsResults): TargetResult[] {
  const corpus = (name: string) => search.corpora.find((report) => report.corpus === name);
  const entry = (name: string, engine: string) =>
    search.comparison
      .find((report) => report.corpus === name)
      ?.entries.find((item) => item.engine === engine);
  const real = corpus('real');
  const tenK = corpus('10k');
  const hundredK = corpus('100k');
  const fuseAt10k = entry('10k', 'fuse.js');
  const flexAt10k = entry('10k', 'flexsearch');
  const precision = (engine: string) => search.relevance.find((item) => item.engine === engine)?.sets;
  const ours = precision('conventions-bot');
  const relevanceMet =
    ours !== undefined &&
    (['fuse.js', 'flexsearch'] as const).every((engine) => {
      const theirs = precision(engine);
      return (
        theirs !== undefined &&
        (['queries', 'holdout', 'fresh'] as const).every(
          (set) => ours[set].precisionAt1 >= theirs[set].precisionAt1,
        )
      );
    });
  const [bot, floor] = bots.interactions;
  const latencyRatios = INTERACTION_KINDS.map((kind) => ({
    kind,
    p50: (bot?.latency[kind].p50 ?? Number.NaN) / (floor?.latency[kind].p50 ?? Number.NaN),
    p99: (bot?.latency[kind].p99 ?? Number.NaN) / (floor?.latency[kind].p99 ?? Number.NaN),
  }));
  const [botStart, floorStart] = bots.startup;
  const rss = bot?.memory.rssBytes;
  return [
    {
      id: 'search-p99-real',
      target: 'search p99 < 1 ms on the real corpus',
      measured: `p99 ${ms(real?.search.p99)} ms, p50 ${ms(real?.search.p50)} ms (steady p99 ${ms(real?.steady?.search.p99)} ms)`,
      met: (real?.search.p99 ?? Number.POSITIVE_INFINITY) < 1,
    },
    {
      id: 'autocomplete-p99-real',
      target: 'autocomplete p99 < 1 ms on the real corpus',
      measured: `p99 ${ms(real?.complete.p99)} ms, p50 ${ms(real?.complete.p50)} ms (steady p99 ${ms(real?.steady?.complete.p99)} ms)`,
      met: (real?.complete.p99 ?? Number.POSITIVE_INFINITY) < 1,
    },
    {
      id: 'search-p50-10k',
      target: 'search p50 < 1 ms at 10 000 axes',
      measured: `p50 ${ms(tenK?.search.p50)} ms`,
      met: (tenK?.search.p50 ?? Number.POSITIVE_INFINITY) < 1,
    },
    {
      id: 'search-p50-100k',
      target: 'search p50 < 10 ms at 100 000 axes',
      measured: `p50 ${ms(hundredK?.search.p50)} ms`,
      met: (hundredK?.search.p50 ?? Number.POSITIVE_INFINITY) < 10,
    },
    {
      id: 'versus-fuse-10k',
      target: '≥ 10× faster than Fuse.js at 10 000 axes (p50)',
      measured: `Fuse.js p50 = ${ratio(fuseAt10k?.p50VersusBot)} the bot’s`,
      met: (fuseAt10k?.p50VersusBot ?? 0) >= 10,
    },
    {
      id: 'versus-flexsearch-10k',
      target: 'within 2× of FlexSearch at 10 000 axes (p50)',
      measured: `bot p50 = ${ratio(flexAt10k === undefined ? undefined : 1 / flexAt10k.p50VersusBot)} FlexSearch’s`,
      met: flexAt10k !== undefined && 1 / flexAt10k.p50VersusBot <= 2,
    },
    {
      id: 'relevance',
      target: 'precision@1 ≥ Fuse.js and FlexSearch on each relevance set',
      measured: (['conventions-bot', 'fuse.js', 'flexsearch'] as const)
        .map((engine) => {
          const sets = precision(engine);
          const figures =
            sets === undefined
              ? '–'
              : [sets.queries, sets.holdout, sets.fresh].map((set) => set.precisionAt1.toFixed(3)).join('/');
          return `${engine} ${figures}`;
        })
        .join('; '),
      met: relevanceMet,
    },
    {
      id: 'interaction-latency',
      target: 'interaction latency ≤ 1.2× the minimal discord.js bot (p50 and p99)',
      measured: latencyRatios.map((item) => `${item.kind} ${ratio(item.p50)}/${ratio(item.p99)}`).join('; '),
      met: latencyRatios.every((item) => item.p50 <= 1.2 && item.p99 <= 1.2),
    },
    {
      id: 'startup',
      target: 'start-up to ready < 1.5 s',
      measured: `median ${ms(botStart?.warm.p50)} ms, slowest ${ms(botStart?.warm.max)} ms (minimal bot ${ms(floorStart?.warm.p50)} ms); npm start builds first: ${ms(bots.bundleMs)} ms`,
      met: (botStart?.warm.p50 ?? Number.POSITIVE_INFINITY) < 1500,
    },
    {
      id: 'memory',
      target: 'resident memory < 150 MB after 10 000 interactions',
      measured: `${bytes(rss)} (minimal bot ${bytes(floor?.memory.rssBytes)})`,
      met: rss !== undefined && rss < 150e6,
    },
  ];
}

function percent(share: number | undefined): string {
  return share === undefined ? '–' : `${(share * 100).toFixed(0)} %`;
}

function searchTables(out: ReportBuilder, search: SearchResults): void {
  out.title('Search: the bot’s engine (times in ms)', true);
  out.add(
    tableData(
      [
        'corpus',
        'axes',
        'docs',
        'build',
        'heap',
        'MiniSearch JSON',
        'load',
        'n',
        'search p50',
        'p99',
        'steady p99',
        'n',
        'complete p50',
        'p99',
        'steady p99',
      ],
      search.corpora.map((report) => [
        report.corpus,
        String(report.axes),
        String(report.documents),
        ms(report.buildMs),
        bytes(report.heapBytes),
        'error' in report.serialized ? 'n/a' : bytes(report.serialized.bytes),
        'error' in report.serialized ? 'n/a' : ms(report.serialized.loadMs),
        String(report.search.n),
        ms(report.search.p50),
        ms(report.search.p99),
        ms(report.steady?.search.p99),
        String(report.complete.n),
        ms(report.complete.p50),
        ms(report.complete.p99),
        ms(report.steady?.complete.p99),
      ]),
    ),
  );
  out.title('Where a search spends its time (mean per query)', false);
  out.add(
    tableData(
      [
        'corpus',
        'queries',
        'search ms',
        'first stage (candidates)',
        'planning, re-ranking, evidence',
        'queries vs exhaustive',
        'same first',
        'same list',
      ],
      search.corpora
        .filter((report) => report.breakdown !== undefined)
        .map((report) => [
          report.corpus,
          String(report.breakdown?.queries ?? ''),
          ms(report.breakdown?.msPerQuery.search),
          `${ms(report.breakdown?.msPerQuery.candidates)} (${percent(report.breakdown?.candidates)})`,
          percent(report.breakdown?.other),
          String(report.exhaustive?.queries ?? '–'),
          percent(report.exhaustive?.sameFirst),
          percent(report.exhaustive?.sameList),
        ]),
    ),
  );
  out.title('Search: the same queries through Fuse.js and FlexSearch (times in ms)', true);
  out.add(
    tableData(
      [
        'corpus',
        'engine',
        'build',
        'heap',
        'n',
        'p50',
        'p99',
        'p50 ÷ bot',
        'p99 ÷ bot',
        'bot p50, p99 in turns',
      ],
      search.comparison.flatMap((report) =>
        report.entries.map((item) => [
          report.corpus,
          item.engine,
          ms(item.buildMs),
          bytes(item.heapBytes),
          String(item.search.n),
          ms(item.search.p50),
          ms(item.search.p99),
          ratio(item.p50VersusBot),
          ratio(item.p99VersusBot),
          item.botInTurns === undefined ? '–' : `${ms(item.botInTurns.p50)}, ${ms(item.botInTurns.p99)}`,
        ]),
      ),
    ),
  );
  out.title('Precision@1 (MRR) on the real corpus', false);
  out.add(
    tableData(
      ['engine', 'queries (161)', 'holdout (84)', 'fresh (118)'],
      search.relevance.map((item) => [
        item.engine,
        ...(['queries', 'holdout', 'fresh'] as const).map(
          (set) => `${item.sets[set].precisionAt1.toFixed(3)} (${item.sets[set].mrr.toFixed(3)})`,
        ),
      ]),
    ),
  );
}

function botTables(out: ReportBuilder, bots: BotsResults): void {
  const [bot, floor] = bots.interactions;
  out.title('Interactions: INTERACTION_CREATE to callback, through discord.js (ms)', true);
  out.add(
    tableData(
      ['interaction', 'bot p50', 'bot p99', 'minimal p50', 'minimal p99', 'p50 ratio', 'p99 ratio'],
      INTERACTION_KINDS.map((kind) => {
        const mine = bot?.latency[kind];
        const theirs = floor?.latency[kind];
        return [
          kind,
          ms(mine?.p50),
          ms(mine?.p99),
          ms(theirs?.p50),
          ms(theirs?.p99),
          ratio((mine?.p50 ?? Number.NaN) / (theirs?.p50 ?? Number.NaN)),
          ratio((mine?.p99 ?? Number.NaN) / (theirs?.p99 ?? Number.NaN)),
        ];
      }),
    ),
  );
  out.title('Bursts of concurrent interactions (a third of each kind)', false);
  out.add(
    tableData(
      [
        'bot',
        'concurrent',
        'all answered ms',
        'per second',
        'p50 ms',
        'p99 ms',
        'answered',
        'twice',
        'missing',
        'failed',
        'bot CPU ms each',
        'fake CPU ms each',
      ],
      bots.interactions.flatMap((report) =>
        report.bursts.map((item) => [
          report.bot,
          String(item.concurrent),
          ms(item.elapsedMs),
          item.perSecond.toFixed(0),
          ms(item.latency.p50),
          ms(item.latency.p99),
          String(item.answered),
          String(item.answeredTwice),
          String(item.unanswered),
          String(item.failed),
          ms(item.botCpuMsPerInteraction),
          ms(item.fakeCpuMsPerInteraction),
        ]),
      ),
    ),
  );
  out.title('Start-up (spawn to “bot ready”, ms)', true);
  out.add(
    tableData(
      ['variant', 'command', 'cold', 'median', 'runs', 'RSS at ready', 'tsx launcher RSS'],
      bots.startup.map((report) => [
        report.variant,
        report.command,
        ms(report.coldMs),
        ms(report.warm.p50),
        report.warmMs.map((value) => value.toFixed(0)).join(' '),
        bytes(report.readyRssBytes),
        bytes(report.launcherRssBytes),
      ]),
    ),
  );
  out.title('Memory of the bot ready in many servers (no interaction)', true);
  out.add(
    tableData(
      ['servers', 'text channels each', 'ready ms', 'RSS', 'heap after full GC'],
      [
        [
          String(bots.servers.servers),
          String(bots.servers.channels),
          ms(bots.servers.readyMs),
          bytes(bots.servers.rssBytes),
          bytes(bots.servers.heapAfterGcBytes),
        ],
      ],
    ),
  );
  out.title('Memory of the bot process after 10 000 interactions', true);
  out.add(
    tableData(
      [
        'bot',
        'interactions',
        'answered',
        'twice',
        'missing',
        'CPU ms each',
        'RSS',
        'peak RSS',
        'RSS after full GC',
        'heap after full GC',
      ],
      bots.interactions.map((report) => [
        report.bot,
        String(report.memory.interactions),
        String(report.memory.answered),
        String(report.memory.answeredTwice),
        String(report.memory.unanswered),
        ms(report.memory.cpuMsPerInteraction),
        bytes(report.memory.rssBytes),
        bytes(report.memory.peakRssBytes),
        bytes(report.memory.inspector?.afterGc.rss),
        bytes(report.memory.inspector?.afterGc.heapUsed),
      ]),
    ),
  );
}

function targetTable(out: ReportBuilder, targets: readonly TargetResult[]): void {
  out.title('Targets of the issue', true);
  out.add(
    tableData(
      ['', 'target', 'measured'],
      targets.map((target) => [target.met ? 'met' : 'MISSED', target.target, target.measured]),
    ),
  );
}

async function botsPhase(): Promise<BotsResults> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'bench-bundle-'));
  try {
    const main = await buildProject(directory);
    const minimal = await bundle('bench/minimal-bot.ts', directory);
    const { nodeArgs } = npmStart();
    const bots: BotLaunch[] = [
      { name: 'bot', script: main.file, launcher: 'node', nodeArgs },
      { name: 'minimal bot', script: minimal.file, launcher: 'node', nodeArgs },
    ];
    const startup = await startupPhase([
      { ...bots[0], name: 'bot (npm start)', cold: false } as StartupVariant,
      { ...bots[1], name: 'minimal bot, run the same way', cold: false } as StartupVariant,
      { name: 'bot under tsx (npm run dev)', script: 'src/main.ts', launcher: 'tsx', cold: true },
    ]);
    const interactions = await interactionPhase(bots);
    log(`the bot in ${MANY_SERVERS.servers} servers of ${MANY_SERVERS.channels} channels`);
    const servers = await measureInServers({ script: main.file, nodeArgs, ...MANY_SERVERS });
    return { startup, interactions, servers, bundleMs: round(main.ms, 1) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Replaces the figures between the markers of `docs/performance.md`; false when there are none,
 * or when the bots ran with experimental Node options.
 */
function writeFigures(markdown: string): boolean {
  if (BOT_NODE_OPTIONS !== '' || !existsSync(DOCS)) return false;
  const text = readFileSync(DOCS, 'utf8');
  const start = text.indexOf(FIGURES_START);
  const end = text.indexOf(FIGURES_END);
  if (start < 0 || end < start) return false;
  writeFileSync(DOCS, `${text.slice(0, start + FIGURES_START.length)}\n\n${markdown}\n\n${text.slice(end)}`);
  return true;
}

async function main(): Promise<void> {
  const environment = machine();
  const revision = commit();
  log(
    `${environment.cpuModel}, ${environment.nproc} CPUs, Node ${environment.node}, load ${environment.loadAverageAtStart.join(' ')}`,
  );
  const nodeStart = round(await nodeStartMs(), 1);
  // The bots first, while this process (which runs the fake Discord) has a small heap.
  const bots = await botsPhase();
  collectGarbage();
  const search = await searchPhase();
  const targets = evaluateTargets(search, bots);
  environment.loadAverageAtEnd = os.loadavg().map((value) => round(value, 2));
  const durationMs = round(performance.now() - started, 0);

  const out = new ReportBuilder();
  searchTables(out, search);
  botTables(out, bots);
  targetTable(out, targets);
  console.log(out.terminal());

  mkdirSync(path.dirname(RESULTS), { recursive: true });
  const results = {
    generatedAt: new Date().toISOString(),
    durationMs,
    machine: environment,
    commit: revision,
    botNodeOptions: BOT_NODE_OPTIONS,
    nodeStartMs: nodeStart,
    search,
    bots,
    targets,
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const documented = writeFigures(
    `Run of ${results.generatedAt.slice(0, 16).replace('T', ' ')} UTC, ${(durationMs / 1000).toFixed(0)} s, on ${environment.nproc} × ${environment.cpuModel}, Node ${environment.node}, load average ${environment.loadAverageAtStart.join(' ')} at the start and ${environment.loadAverageAtEnd.join(' ')} at the end (commit ${revision.sha.slice(0, 7)}${revision.dirty ? ', with uncommitted changes' : ''}${BOT_NODE_OPTIONS === '' ? '' : `; bots run with NODE_OPTIONS="${BOT_NODE_OPTIONS}"`}).\n\n${out.markdown()}`,
  );
  if (documented) console.log(`${path.relative(ROOT, DOCS)}: figures replaced.`);
  console.log(
    `\n${path.relative(ROOT, RESULTS)} written; ${(durationMs / 1000).toFixed(0)} s; load average ${environment.loadAverageAtStart.join(' ')} at the start, ${environment.loadAverageAtEnd.join(' ')} at the end.`,
  );
}

await main();
