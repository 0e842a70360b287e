/**
 * Bundles the bot for `npm start`: `src/main.ts` and the shard worker, each into one ES module
 * that plain `node` runs, with the packages left in node_modules. Running the TypeScript through
 * tsx instead costs about a second of start-up (its loader, a resolve hook on every require) and a
 * launcher process; see docs/performance.md. esbuild only strips types: `npm run typecheck`
 * is what checks them.
 *
 * Usage: node scripts/build.mjs [outdir] [name=entry ...]
 *   outdir   where the bundles go (default: dist)
 *   entry    other entry points to bundle the same way instead, as `<name>.mjs` (the benchmark
 *            bundles its minimal bot with exactly the options of the bot's bundle)
 *
 * `npm start` runs it first, so a start always runs the current sources; deployments that start
 * many copies from one directory may run it once and then `node dist/main.mjs` directly.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(root, process.argv[2] ?? 'dist');
const requested = process.argv.slice(3).map((argument) => {
  const [name, entry] = argument.split('=');
  if (!name || !entry) throw new Error(`expected name=entry, got ${JSON.stringify(argument)}`);
  return [name, entry];
});
const entryPoints =
  requested.length > 0
    ? Object.fromEntries(requested)
    : { main: 'src/main.ts', worker: 'src/shard/worker.ts' };

const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  write: false,
});

// Each file is written beside its place, then renamed over it: a shard respawned, or another
// copy starting, while this build runs reads the old bundle or the new one, never half of one.
await mkdir(outdir, { recursive: true });
for (const file of result.outputFiles) {
  const temporary = `${file.path}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}
