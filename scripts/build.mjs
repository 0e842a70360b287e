/**
 * Bundles the bot for `npm start`: `src/main.ts` and the shard worker, each into one ES module
 * that plain `node` runs, with the packages left in node_modules. Running the TypeScript through
 * tsx instead costs about a second of start-up (its loader, a resolve hook on every require) and a
 * launcher process; see docs/performance.md. esbuild only strips types: `npm run typecheck`
 * is what checks them.
 *
 * Usage: node scripts/build.mjs [outdir]   (default: dist)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.resolve(root, process.argv[2] ?? 'dist');

await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', worker: 'src/shard/worker.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
