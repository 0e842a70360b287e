/**
 * `npm start` with INTERACTIONS_MODE=http: the real entry point serves signed interactions without
 * a token or a gateway connection, reports health, and exits 0 on SIGTERM; bad settings are named.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord.js';
import { chatInputInteraction, stringOption } from '../support/payloads.js';
import { startWithJsonLogs } from '../support/processes.js';
import { generateSigningKeys, signedPost } from './http-harness.js';

const run = (env: Record<string, string>) => startWithJsonLogs('src/main.ts', env);
type Run = ReturnType<typeof run>;

async function logLine(bot: Run, msg: string): Promise<Record<string, unknown>> {
  for (let waited = 0; waited < 15_000; waited += 50) {
    const found = bot
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === msg);
    if (found !== undefined) return found;
    if (bot.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no "${msg}" log line in:\n${bot.output()}`);
}

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('npm start in http mode', () => {
  it('answers a signed command without a token, reports health, and exits 0 on SIGTERM', async () => {
    fake = await FakeDiscord.start();
    const keys = generateSigningKeys();
    const bot = run({
      INTERACTIONS_MODE: 'http',
      DISCORD_PUBLIC_KEY: keys.publicKeyHex.toUpperCase(),
      DISCORD_API_URL: fake.apiUrl,
      HTTP_HOST: '127.0.0.1',
      PORT: '0',
    });
    const listening = await logLine(bot, 'interactions endpoint listening');
    const url = `http://127.0.0.1:${listening.port}`;
    expect(
      (await signedPost(url, keys, JSON.stringify({ type: 1, id: '1', application_id: '2', token: 't' })))
        .body,
    ).toEqual({ type: 1 });
    const payload = chatInputInteraction({
      context: fake.context,
      name: 'convention',
      options: [stringOption('sujet', 'radicalisation')],
    });
    const answer = await signedPost(url, keys, JSON.stringify(payload));
    expect(answer).toMatchObject({
      status: 200,
      body: { type: 4, data: { embeds: [{ author: { name: 'Ville × Intérieur' } }] } },
    });
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'http', conventions: 5 });

    bot.child.kill('SIGTERM');
    const [code] = (await once(bot.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(bot.output()).toContain('"msg":"interactions endpoint closed"');
    // No gateway, no token: nothing was asked of Discord.
    expect(fake.requests).toEqual([]);
  }, 30_000);

  it('names PORT when it is taken, and exits 1 instead of crashing', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { publicKeyHex } = generateSigningKeys();
      const bot = run({
        INTERACTIONS_MODE: 'http',
        DISCORD_PUBLIC_KEY: publicKeyHex,
        HTTP_HOST: '127.0.0.1',
        PORT: String(port),
      });
      const [code] = (await once(bot.child, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(bot.output()).toContain(`PORT=${port} is already in use on 127.0.0.1`);
      expect(bot.output()).not.toContain('uncaught exception');
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  }, 20_000);

  it('names a missing public key and a shard count, and exits 1', async () => {
    const bot = run({ INTERACTIONS_MODE: 'http', SHARD_COUNT: '4' });
    const [code] = (await once(bot.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(bot.output()).toContain('DISCORD_PUBLIC_KEY is missing');
    expect(bot.output()).toContain('SHARD_COUNT applies to the gateway mode only');
  }, 20_000);
});
