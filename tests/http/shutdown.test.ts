/**
 * Graceful shutdown of the HTTP endpoint: requests and interactions in flight are finished (their
 * HTTP answer, and the REST edit of a deferred one), new connections are refused, health reports
 * draining, and a hung interaction does not hold the shutdown past the grace period.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/bot/types.js';
import { chatInputInteraction } from '../support/payloads.js';
import { type HttpHarness, type HttpHarnessOptions, signedPost, startHttpHarness } from './http-harness.js';

let harness: HttpHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const started: string[] = [];

const slow = (name: string, ms: number): Command => ({
  data: { name, description: 'Commande lente' },
  help: { fr: { example: `/${name}`, description: '' }, en: { example: `/${name}`, description: '' } },
  async execute(interaction) {
    started.push(name);
    await sleep(ms);
    await interaction.reply({ embeds: [{ description: `fini ${name}` }], allowedMentions: { parse: [] } });
    return undefined;
  },
});

const hung: Command = {
  data: { name: 'bloquee', description: 'Ne finit jamais' },
  help: { fr: { example: '/bloquee', description: '' }, en: { example: '/bloquee', description: '' } },
  execute: () => new Promise(() => undefined),
};

async function start(options: HttpHarnessOptions) {
  harness = await startHttpHarness({
    commands: [slow('lente', 300), slow('tres-lente', 500), hung],
    ...options,
  });
  return harness;
}

async function waitUntil(condition: () => boolean) {
  for (let waited = 0; waited < 5000 && !condition(); waited += 10) await sleep(10);
  expect(condition()).toBe(true);
}

describe('graceful shutdown', () => {
  it('finishes the request in flight with its answer, then refuses new connections', async () => {
    const h = await start({ deferAfterMs: 2000 });
    const payload = chatInputInteraction({ context: h.fake.context, name: 'lente' });
    const answer = signedPost(h.bot.url, h.keys, JSON.stringify(payload));
    await waitUntil(() => started.includes('lente'));
    const stopping = h.bot.stop();
    expect(h.bot.server.health().status).toBe('draining');
    const response = await answer;
    expect(response).toMatchObject({
      status: 200,
      body: { type: 4, data: { embeds: [{ description: 'fini lente' }] } },
    });
    await stopping;
    await expect(fetch(`${h.bot.url}/health`)).rejects.toThrow();
    expect(h.logs.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['draining interactions in flight', 'interactions endpoint closed']),
    );
  });

  it('finishes the REST edit of an interaction deferred before the shutdown', async () => {
    const h = await start({ deferAfterMs: 150 });
    const payload = chatInputInteraction({ context: h.fake.context, name: 'tres-lente' });
    expect(await h.deliver(payload)).toEqual({ type: 5 });
    await h.bot.stop();
    const edit = h.fake.requests.find(
      (request) =>
        request.method === 'PATCH' && request.path.includes(payload.token) && request.status === 200,
    );
    expect(edit?.body).toMatchObject({ embeds: [{ description: 'fini tres-lente' }] });
  });

  it('does not wait past the grace period for an interaction that never ends', async () => {
    const h = await start({ deferAfterMs: 100, shutdownGraceMs: 300 });
    const payload = chatInputInteraction({ context: h.fake.context, name: 'bloquee' });
    expect(await h.deliver(payload)).toEqual({ type: 5 });
    const before = performance.now();
    await h.bot.stop();
    const took = performance.now() - before;
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(2000);
    expect(h.logs.some((line) => line.msg === 'grace period over: closing with interactions in flight')).toBe(
      true,
    );
  });
});
