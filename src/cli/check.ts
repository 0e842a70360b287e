/**
 * `npm run data:check [-- <data directory>]`
 * Validates every data file the bot loads and prints one line per problem; exits 1 on any.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_FILES, formatProblem, loadDataDirectory } from '../data/loader.js';

const USAGE = 'usage: npm run data:check [-- <data directory>]';

async function main(argv: string[]): Promise<number> {
  let directory: string;
  try {
    const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
    if (positionals.length > 1) throw new Error(`unexpected argument "${positionals[1]}"`);
    directory = positionals[0] ?? 'data';
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const result = await loadDataDirectory(directory);
  if (!result.ok) {
    for (const problem of result.problems) console.error(formatProblem(problem));
    console.error(`${result.problems.length} problem(s) in ${directory}`);
    return 1;
  }
  const { dataset, thesaurus } = result.value;
  const items = dataset.conventions.flatMap((convention) =>
    convention.sections.flatMap((section) => section.items),
  );
  console.log(
    `${path.join(directory, DATA_FILES.dataset)}: ${dataset.conventions.length} agreements, ${items.length} items, valid`,
  );
  console.log(
    `${path.join(directory, DATA_FILES.thesaurus)}: ${Object.keys(thesaurus.synonyms).length} synonym entries, valid`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
