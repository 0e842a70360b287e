/**
 * Resident memory of one HTTP-mode copy (`INTERACTIONS_MODE=http`) after 10 000 signed
 * interactions, started as `npm start` starts it (the bundle under `node` with package.json's
 * options): the figure of the README's "Choosing a mode" table. Not part of `npm run bench`,
 * whose interaction figures are the gateway bot's; run it with `npx tsx bench/http-memory.ts`.
 *
 * The copy answers the first response in the HTTP reply, so the fake Discord only receives what a
 * command sends afterwards (nothing for these three kinds); requests go 20 at a time, a third each
 * of `/convention`, `/ministere` and autocomplete, from the benchmark's query mix.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { generateSigningKeys, signedPost } from '../tests/http/http-harness.js';
import { FakeDiscord } from '../tests/support/fake-discord.js';
import { buildProject, npmStart, readMemory } from './lib/bot-process.js';
import { INTERACTION_KINDS, PayloadFactory } from './lib/interactions.js';
import { completionMix, searchMix } from './lib/queries.js';

const INTERACTIONS = 10_000;
const CONCURRENCY = 20;

const directory = mkdtempSync(path.join(os.tmpdir(), 'http-memory-'));
const fake = await FakeDiscord.start();
const keys = generateSigningKeys();
const { file } = await buildProject(directory);
const child = spawn(process.execPath, [...npmStart().nodeArgs, file], {
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NO_COLOR: '1',
    LOG_FORMAT: 'json',
    INTERACTIONS_MODE: 'http',
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_API_URL: fake.apiUrl,
    HTTP_HOST: '127.0.0.1',
    PORT: '0',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the HTTP copy did not start in 30 s')), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = line.startsWith('{') ? (JSON.parse(line) as { msg?: string; port?: number }) : {};
      if (parsed.msg === 'interactions endpoint listening' && parsed.port !== undefined) {
        clearTimeout(timer);
        resolve(parsed.port);
      }
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const payloads = new PayloadFactory(fake.context, searchMix(), completionMix());
  let sent = 0;
  let answered = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < INTERACTIONS) {
        sent += 1;
        const kind = INTERACTION_KINDS[sent % INTERACTION_KINDS.length] ?? 'convention';
        const answer = await signedPost(url, keys, JSON.stringify(payloads.make(kind)));
        if (answer.status === 200) answered += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const memory = child.pid === undefined ? undefined : readMemory(child.pid);
  const megabytes = (bytes: number | undefined) => Number(((bytes ?? Number.NaN) / 2 ** 20).toFixed(1));
  console.log(
    JSON.stringify({
      interactions: INTERACTIONS,
      answered,
      perSecond: Math.round(INTERACTIONS / seconds),
      rssMb: megabytes(memory?.rssBytes),
      peakRssMb: megabytes(memory?.peakRssBytes),
      nodeArgs: npmStart().nodeArgs,
    }),
  );
} finally {
  child.kill('SIGTERM');
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
}
