/**
 * The bot in many servers, on its own: `npx tsx bench/servers-memory.ts [servers] [channels]`
 * (default 2 000 and 40, as `npm run bench` measures it), one JSON line.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProject, npmStart } from './lib/bot-process.js';
import { measureInServers } from './lib/servers.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'servers-memory-'));
try {
  const { file } = await buildProject(directory);
  const report = await measureInServers({
    script: file,
    nodeArgs: npmStart().nodeArgs,
    servers: Number(process.argv[2] ?? 2000),
    channels: Number(process.argv[3] ?? 40),
  });
  console.log(JSON.stringify(report));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
