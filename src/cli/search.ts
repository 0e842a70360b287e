/**
 * `npm run search -- [--json] [--ministry] [--limit N] [--data DIR] ("<query>" | --stdin)`
 * Searches the agreements from a terminal; with --json it is also the evaluation interface.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { formatProblem } from '../data/loader.js';
import type { AxisMatch, SearchEngine } from '../search/engine.js';
import { loadSearchEngine } from '../search/load.js';

const USAGE = `usage: npm run search -- [options] "<query>"
       npm run search -- --json --stdin < queries.txt

options:
  --json         print one JSON object per query instead of text
  --stdin        read one query per line from standard input (JSON Lines with --json)
  --ministry     rank the ministries that cover the topic instead of the agreements
  --limit N      at most N results (default 10)
  --data DIR     data directory (default data)
  --help         show this help`;

interface CliOptions {
  json: boolean;
  stdin: boolean;
  ministry: boolean;
  limit: number;
  data: string;
  query: string | undefined;
}

class UsageError extends Error {}

function parseCommandLine(argv: string[]): CliOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        stdin: { type: 'boolean', default: false },
        ministry: { type: 'boolean', default: false },
        limit: { type: 'string', default: '10' },
        data: { type: 'string', default: 'data' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  try {
    parsed = parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new UsageError(`--limit must be a whole number from 1 to 100, got "${values.limit}"`);
  }
  if (values.stdin && positionals.length > 0)
    throw new UsageError('give either a query or --stdin, not both');
  if (!values.stdin && positionals.length === 0) throw new UsageError('missing the query');
  return {
    json: values.json,
    stdin: values.stdin,
    ministry: values.ministry,
    limit,
    data: values.data,
    query: values.stdin ? undefined : positionals.join(' '),
  };
}

const round = (score: number) => Math.round(score * 10_000) / 10_000;
const axisJson = (axis: AxisMatch) => ({ text: axis.text, highlights: axis.highlights });

/** The JSON object printed for one query. */
export function answerAsJson(
  engine: SearchEngine,
  query: string,
  options: Pick<CliOptions, 'ministry' | 'limit'>,
) {
  if (options.ministry) {
    return {
      query,
      results: engine.rankMinistries(query, { limit: options.limit }).map((hit) => ({
        ministry: hit.ministry,
        id: hit.convention.id,
        title: hit.convention.title,
        signedOn: hit.convention.signedOn,
        score: round(hit.score),
        axes: hit.evidence.map(axisJson),
      })),
    };
  }
  return {
    query,
    results: engine.search(query, { limit: options.limit }).map((hit) => ({
      id: hit.convention.id,
      title: hit.convention.title,
      ministries: hit.convention.ministries.map((ministry) => ministry.name),
      signedOn: hit.convention.signedOn,
      score: round(hit.score),
      axes: hit.axes.map(axisJson),
    })),
  };
}

function bold(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + pc.bold(pc.yellow(text.slice(start, end)));
    at = end;
  }
  return out + text.slice(at);
}

function answerAsText(
  engine: SearchEngine,
  query: string,
  options: Pick<CliOptions, 'ministry' | 'limit'>,
): string {
  const lines: string[] = [pc.dim(`« ${query} »`)];
  if (options.ministry) {
    const hits = engine.rankMinistries(query, { limit: options.limit });
    hits.forEach((hit, rank) => {
      lines.push(`${pc.bold(`${rank + 1}. ${hit.ministry.name}`)} ${pc.dim(`(${hit.score.toFixed(2)})`)}`);
      lines.push(`   ${hit.convention.title}`);
      for (const axis of hit.evidence) lines.push(`   • ${bold(axis.text, axis.highlights)}`);
    });
    if (hits.length === 0) lines.push(noResult(engine, query));
    return lines.join('\n');
  }
  const hits = engine.search(query, { limit: options.limit });
  hits.forEach((hit, rank) => {
    const ministries = hit.convention.ministries.map((ministry) => ministry.label).join(', ');
    lines.push(
      `${pc.bold(`${rank + 1}. ${ministries}`)} ${pc.dim(`${hit.convention.signedOn} · ${hit.convention.id} · ${hit.score.toFixed(2)}`)}`,
    );
    lines.push(`   ${hit.convention.title}`);
    for (const axis of hit.axes) lines.push(`   • ${bold(axis.text, axis.highlights)}`);
  });
  if (hits.length === 0) lines.push(noResult(engine, query));
  return lines.join('\n');
}

function noResult(engine: SearchEngine, query: string): string {
  const alternatives = engine.didYouMean(query);
  const hint =
    alternatives.length > 0 ? ` Did you mean: ${alternatives.map((a) => `« ${a} »`).join(', ')}?` : '';
  return pc.yellow(`No agreement matches.${hint}`);
}

async function main(argv: string[]): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const loaded = await loadSearchEngine(options.data);
  if (!loaded.ok) {
    for (const problem of loaded.problems) console.error(formatProblem(problem));
    return 1;
  }
  const engine = loaded.value;
  const answer = (query: string) =>
    options.json
      ? JSON.stringify(answerAsJson(engine, query, options))
      : answerAsText(engine, query, options);

  if (options.query !== undefined) {
    console.log(answer(options.query));
    return 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    const query = line.trim();
    if (query === '' && !options.json) continue;
    process.stdout.write(`${answer(query)}\n`);
  }
  return 0;
}

// `npm run search -- --stdin < queries | head`: the reader leaving early is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await main(process.argv.slice(2));
