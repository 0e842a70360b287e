/**
 * `npm run data:import -- <page.txt> [--out data/conventions.json] [--source-url URL]`
 * Parses the captured CGET page into the validated dataset the bot loads.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SOURCE_URL, ImportError, parsePage } from '../data/importer.js';
import { formatProblem, validate } from '../data/loader.js';
import { type Dataset, DatasetSchema } from '../data/schema.js';

const USAGE = 'usage: npm run data:import -- <page.txt> [--out data/conventions.json] [--source-url URL]';

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { input, out, sourceUrl } = parsed;
  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch (error) {
    console.error(`${input}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return 1;
  }
  let dataset: Dataset;
  try {
    const page = parsePage(text, { sourceUrl });
    dataset = {
      version: 1,
      source: { title: page.title, url: sourceUrl, file: path.relative(process.cwd(), input) || input },
      conventions: page.conventions,
    };
  } catch (error) {
    if (error instanceof ImportError) {
      console.error(`${input}:${error.line}: ${error.message.replace(/^line \d+: /u, '')}`);
      return 1;
    }
    throw error;
  }
  const checked = validate(DatasetSchema, dataset, out);
  if (!checked.ok) {
    for (const problem of checked.problems) console.error(formatProblem(problem));
    return 1;
  }
  // Write beside the target then rename, so a crash never leaves a half-written dataset.
  const temporary = `${out}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checked.value, null, 2)}\n`, 'utf8');
  await rename(temporary, out);
  const items = dataset.conventions.reduce(
    (sum, convention) =>
      sum + convention.sections.reduce((count, section) => count + section.items.length, 0),
    0,
  );
  console.log(`${out}: ${dataset.conventions.length} agreements, ${items} items written from ${input}`);
  return 0;
}

function parseCommandLine(argv: string[]): { input: string; out: string; sourceUrl: string } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'data/conventions.json' },
      'source-url': { type: 'string', default: DEFAULT_SOURCE_URL },
    },
  });
  const [input, ...extra] = positionals;
  if (input === undefined) throw new Error('missing the page to import');
  if (extra.length > 0) throw new Error(`unexpected argument "${extra[0]}"`);
  return { input, out: values.out, sourceUrl: values['source-url'] };
}

process.exitCode = await main(process.argv.slice(2));
