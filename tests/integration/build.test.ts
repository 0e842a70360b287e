/**
 * The bundle `npm start` runs (`npm run build`: esbuild, `dist/main.mjs` and `dist/worker.mjs`
 * under plain `node`) behaves as the sources under tsx do: the local console without a token, the
 * gateway bot with one, and sharding through the bundled worker.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord.js';
import { snowflake } from '../support/payloads.js';
import { buildBundle, runScript, startScript } from '../support/processes.js';
import { askInShardGuild } from '../support/sharding.js';

let directory: string;
beforeAll(async () => {
  directory = await buildBundle();
}, 60_000);
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the bundle of npm run build', () => {
  it('answers commands from a pipe without a token', async () => {
    const { code, stdout, stderr } = await runScript(path.join(directory, 'main.mjs'), [], {
      clean: true,
      env: { DISCORD_TOKEN: '' },
      input: '/convention transports\n',
    });
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Ville × Transports');
  }, 20_000);

  it('starts one shard process per shard from the bundled worker, each answering its guild', async () => {
    const base = new Date('2024-02-01T10:00:00Z').getTime();
    const guilds = [base, base + 1].map((at) => snowflake(at));
    const fake = await FakeDiscord.start({
      shards: 2,
      maxConcurrency: 2,
      guilds: guilds.map((id, index) => ({ id, name: `Serveur ${index}` })),
    });
    const bot = startScript(path.join(directory, 'main.mjs'), [], {
      clean: true,
      env: {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        SHARD_COUNT: 'auto',
        LOG_FORMAT: 'json',
      },
    });
    try {
      const sessions = await fake.waitForReady(30_000);
      expect(sessions.map((session) => session.shard)).toEqual([
        [0, 2],
        [1, 2],
      ]);
      for (const index of [0, 1]) await askInShardGuild(fake, index);
      fake.assertAllBodiesValid();
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited();
      await fake.close();
    }
  }, 60_000);
});

describe('scripts/build.mjs', () => {
  const script = path.resolve('scripts/build.mjs');

  it('bundles other entry points instead, the same way, when given name=entry', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'conventions-entries-'));
    try {
      const { code, stderr } = await runScript(script, [out, 'minimal-bot=bench/minimal-bot.ts'], {
        launcher: 'node',
      });
      expect(code, stderr).toBe(0);
      expect((await readdir(out)).sort()).toEqual(['minimal-bot.mjs', 'minimal-bot.mjs.map']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 20_000);

  it('refuses an entry argument that is not name=entry, naming it', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'conventions-entries-'));
    try {
      const { code, stderr } = await runScript(script, [out, 'bench/minimal-bot.ts'], { launcher: 'node' });
      expect(code).toBe(1);
      expect(stderr).toContain('expected name=entry, got "bench/minimal-bot.ts"');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 20_000);
});
