/**
 * Memory of the gateway bot in many servers: the fake Discord holds `servers` guilds of
 * `channels` text channels each (default 2 000 and 40), the bot is started as `npm start` starts
 * it, and once ready its resident memory and heap (after a full GC, through the inspector) are
 * printed as one JSON line. `npm run bench` measures the bot in one server; this is what the
 * number of servers adds. Run it with `npx tsx bench/servers-memory.ts [servers] [channels]`.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeDiscord } from '../tests/support/fake-discord.js';
import { buildProject, npmStart, startBotProcess } from './lib/bot-process.js';
import { memoryThroughInspector } from './lib/inspector.js';

const servers = Number(process.argv[2] ?? 2000);
const channels = Number(process.argv[3] ?? 40);
const megabytes = (bytes: number | undefined) => Math.round((bytes ?? Number.NaN) / 2 ** 20);

const directory = mkdtempSync(path.join(os.tmpdir(), 'servers-memory-'));
const { file } = await buildProject(directory);
const textChannels = Array.from({ length: channels }, (_, index) => `salon-${index}`);
const fake = await FakeDiscord.start({
  guilds: Array.from({ length: servers }, (_, index) => ({ name: `Serveur ${index}`, textChannels })),
});
const bot = await startBotProcess({
  script: file,
  launcher: 'node',
  nodeArgs: npmStart().nodeArgs,
  token: fake.token,
  apiUrl: fake.apiUrl,
  timeoutMs: 120_000,
});
try {
  // Let the last gateway events settle before measuring.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const rss = bot.memory().bot?.rssBytes;
  const inspector = await bot.openInspector();
  const heap = inspector === undefined ? undefined : await memoryThroughInspector(inspector);
  console.log(
    JSON.stringify({
      servers,
      channels,
      readyMs: Math.round(bot.readyMs),
      rssMb: megabytes(rss),
      heapAfterGcMb: megabytes(heap?.afterGc.heapUsed),
      nodeArgs: npmStart().nodeArgs,
    }),
  );
} finally {
  await bot.stop();
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
}
