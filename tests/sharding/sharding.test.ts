/**
 * Gateway sharding against the fake Discord: it recommends 2 shards with max_concurrency 2, the
 * manager starts two shard processes (the real worker entry under tsx), both identify as their own
 * shard, and an interaction in each shard's guild is answered by that shard. The health endpoint
 * and the logs report each shard's state.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningShards, startShards, workerExecArgv } from '../../src/shard/manager.js';
import { planShards, spawnDelayFor } from '../../src/shard/plan.js';
import { FakeDiscord, shardOfGuild } from '../support/fake-discord.js';
import { collectingLogger } from '../support/fakes.js';
import { chatInputInteraction, snowflake, stringOption } from '../support/payloads.js';
import { askInShardGuild } from '../support/sharding.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Two guild ids, the first owned by shard 0 of 2, the second by shard 1. */
function guildIdsForTwoShards(): [string, string] {
  const base = new Date('2024-02-01T10:00:00Z').getTime();
  const ids = [base, base + 1].map((at) => snowflake(at));
  const [a, b] = ids.sort((x, y) => shardOfGuild(x, 2) - shardOfGuild(y, 2));
  if (a === undefined || b === undefined || shardOfGuild(a, 2) !== 0 || shardOfGuild(b, 2) !== 1) {
    throw new Error('could not build one guild per shard');
  }
  return [a, b];
}

/** Polls every 20 ms, up to `timeoutMs`: the shards' output arrives on its own schedule. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; waited < timeoutMs && !condition(); waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(condition()).toBe(true);
}

let fake: FakeDiscord;
let shards: RunningShards | undefined;
const { logger, lines } = collectingLogger();
const childLines: Array<{ shardId: number; line: string }> = [];

beforeAll(async () => {
  const [first, second] = guildIdsForTwoShards();
  fake = await FakeDiscord.start({
    shards: 2,
    maxConcurrency: 2,
    guilds: [
      { id: first, name: 'Préfecture' },
      { id: second, name: 'Mairie' },
    ],
  });
  shards = await startShards({
    token: fake.token,
    apiUrl: fake.apiUrl,
    shardCount: 'auto',
    // A clean environment: nothing from a developer's shell reaches the shards.
    environment: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      DISCORD_API_URL: fake.apiUrl,
      DATA_PATH: path.join(root, 'data'),
      SHARD_COUNT: 'auto',
    },
    logger,
    spawnDelayMs: 200,
    health: { host: '127.0.0.1', port: 0 },
    output: (shardId, line) => childLines.push({ shardId, line }),
  });
}, 60_000);

afterAll(async () => {
  await shards?.stop();
  await fake?.close();
}, 30_000);

describe('two shards against the fake Discord', () => {
  it('takes the shard count and the spawn pace from GET /gateway/bot', () => {
    expect(shards?.plan).toEqual({ totalShards: 2, maxConcurrency: 2, spawnDelayMs: 2750 });
    expect(fake.requests.some((request) => request.path === '/gateway/bot')).toBe(true);
  });

  it('identifies each shard once, as shard 0 of 2 and 1 of 2', async () => {
    const identifies = await fake.waitForIdentify(2);
    expect(identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const sessions = await fake.waitForReady();
    expect(sessions.map((session) => session.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  it('answers an interaction in each shard’s guild, from the shard that owns it', async () => {
    for (const index of [0, 1]) {
      const interactionId = await askInShardGuild(fake, index);
      await until(() =>
        childLines.some(
          ({ shardId, line }) =>
            shardId === index && line.includes(interactionId) && line.includes('command answered'),
        ),
      );
    }
    fake.assertAllBodiesValid();
  });

  it('reloads the data in every shard when /recharger reaches one of them', async () => {
    const interaction = fake.dispatchInteraction(
      chatInputInteraction({ context: fake.contextFor(0), name: 'recharger' }),
    );
    await fake.waitForInteractionResponse(interaction.id);
    const logged = (shardId: number, message: string) =>
      childLines.some((line) => line.shardId === shardId && line.line.includes(`"msg":"${message}"`));
    await until(
      () => logged(1, 'reloading the data: another shard was asked to') && logged(1, 'data reloaded'),
    );
    expect(logged(0, 'data reloaded')).toBe(true);
    expect(logged(0, 'reloading the data: another shard was asked to')).toBe(false);
    expect(lines).toContainEqual(
      expect.objectContaining({
        shardId: 0,
        shards: [1],
        msg: 'data reloaded on request: telling the other shards',
      }),
    );
  });

  it('reports each shard’s state on the health endpoint', async () => {
    const response = await fetch(`${shards?.healthUrl}/health`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as { status: string; totalShards: number; shards: unknown[] };
    expect(report).toMatchObject({ status: 'ok', mode: 'gateway', totalShards: 2 });
    expect(report.shards).toEqual([
      expect.objectContaining({ id: 0, status: 'ready', restarts: 0, pid: expect.any(Number), guilds: 1 }),
      expect.objectContaining({ id: 1, status: 'ready', restarts: 0, pid: expect.any(Number), guilds: 1 }),
    ]);
  });

  it('logs each shard’s state, and each shard logs with its id', () => {
    const events = lines
      .filter((line) => typeof line.shardId === 'number')
      .map((line) => `${line.shardId} ${line.msg}`);
    expect(events).toEqual(
      expect.arrayContaining([
        '0 shard process started',
        '0 shard ready',
        '1 shard process started',
        '1 shard ready',
      ]),
    );
    const ready = childLines
      .map(({ line }) => JSON.parse(line) as { msg?: string; shard?: number })
      .filter((line) => line.msg === 'bot ready');
    expect(ready.map((line) => line.shard).sort()).toEqual([0, 1]);
    expect(childLines.map(({ line }) => line).join('\n')).not.toContain(fake.token);
  });

  it('starts a shard again when its process dies, and that shard answers again', async () => {
    const before = await shards?.report();
    const pid = before?.shards[1]?.pid;
    expect(pid).toEqual(expect.any(Number));
    process.kill(pid as number, 'SIGKILL');
    await until(() => lines.some((line) => line.msg === 'shard process died: starting it again'), 10_000);
    await fake.waitForIdentify(3, 15_000);
    await until(
      () => lines.filter((line) => line.shardId === 1 && line.msg === 'shard ready').length === 2,
      15_000,
    );
    const after = await shards?.report();
    expect(after?.shards[1]).toMatchObject({ status: 'ready', restarts: 1 });
    expect(after?.shards[1]?.pid).not.toBe(pid);
    expect(after?.status).toBe('ok');
    const interaction = fake.dispatchInteraction(
      chatInputInteraction({
        context: fake.contextFor(1),
        name: 'ministere',
        options: [stringOption('sujet', 'police')],
      }),
    );
    expect(await fake.waitForInteractionResponse(interaction.id)).toMatchObject({ type: 4 });
  }, 30_000);

  it('stops every shard: each closes its gateway connection and exits', async () => {
    await shards?.stop();
    const report = await shards?.report();
    expect(report?.status).toBe('stopping');
    expect(report?.shards.map((shard) => shard.status)).toEqual(['stopped', 'stopped']);
    // The killed process closed nothing; its replacement closes like shard 0.
    const closed = childLines.filter(({ line }) => line.includes('gateway connection closed'));
    expect(closed.map(({ shardId }) => shardId).sort()).toEqual([0, 1]);
    shards = undefined;
  });
});

describe('the shard plan', () => {
  it('spaces spawns so that shards sharing an identify bucket are 5 s apart', () => {
    expect(spawnDelayFor(1)).toBe(5500);
    expect(spawnDelayFor(2)).toBe(2750);
    expect(spawnDelayFor(16)).toBe(344);
    expect(spawnDelayFor(0)).toBe(5500);
  });

  it('keeps a fixed count, and takes the recommendation for auto', async () => {
    const gateway = async () => ({
      url: 'wss://gateway.discord.gg',
      shards: 7,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
    });
    expect(await planShards(3, gateway)).toEqual({ totalShards: 3, maxConcurrency: 1, spawnDelayMs: 5500 });
    expect(await planShards('auto', gateway)).toMatchObject({ totalShards: 7 });
  });
});

describe('workerExecArgv', () => {
  it('runs a TypeScript worker through tsx', () => {
    const options = workerExecArgv('/app/src/shard/worker.ts', ['--max-old-space-size=128']);
    expect(options[0]).toBe('--import');
    expect(options[1]).toMatch(/tsx/u);
  });

  it('passes the bundle’s worker the options npm start gave the manager, not its debugger or profiler', () => {
    expect(
      workerExecArgv('/app/dist/worker.mjs', [
        '--enable-source-maps',
        '--max-semi-space-size=4',
        '--max-old-space-size=128',
        '--inspect=127.0.0.1:9229',
        '--cpu-prof',
      ]),
    ).toEqual(['--enable-source-maps', '--max-semi-space-size=4', '--max-old-space-size=128']);
  });
});
