import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/bot/types.js';
import { type Harness, type HarnessOptions, startHarness, waitFor } from '../support/bot-harness.js';
import { chatInputInteraction, stringOption } from '../support/payloads.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: HarnessOptions = {}) {
  harness = await startHarness(options);
  return harness;
}

function dispatch(h: Harness, name: string, topic?: string) {
  return h.fake.dispatchInteraction(
    chatInputInteraction({
      context: h.fake.context,
      name,
      options: topic === undefined ? [] : [stringOption('sujet', topic)],
    }),
  );
}

const callbacksOf = (h: Harness, id: string) =>
  h.fake.requests.filter(
    (request) => request.route?.endsWith('/callback') && request.path.includes(`/interactions/${id}/`),
  );

/** Lets the event loop run so late retries, if any, would show up. */
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('REST faults', () => {
  it('waits out a 429 with Retry-After on the interaction callback and retries', async () => {
    const h = await start();
    h.fake.rateLimitNext({ path: /\/callback$/u, retryAfter: 0.3 });
    const interaction = dispatch(h, 'convention', 'bus');
    const response = await h.fake.waitForInteractionResponse(interaction.id);
    expect(response).toMatchObject({ type: 4 });
    const attempts = callbacksOf(h, interaction.id);
    expect(attempts.map((request) => request.status)).toEqual([429, 204]);
    expect((attempts[1]?.time ?? 0) - (attempts[0]?.time ?? 0)).toBeGreaterThanOrEqual(250);
  });

  it('waits out a 429 on the webhook edit of a deferred answer and retries', async () => {
    const h = await start();
    h.fake.rateLimitNext({ method: 'PATCH', path: /messages\/@original$/u, retryAfter: 0.2 });
    const interaction = dispatch(h, 'recharger');
    const edit = (await h.fake.waitForWebhookEdit(interaction.token)) as { embeds: Array<{ title: string }> };
    expect(edit.embeds[0]?.title).toBe('Données rechargées');
    const patches = h.fake.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map((request) => request.status)).toEqual([429, 200]);
  });

  it('retries a 5xx on the callback', async () => {
    const h = await start();
    h.fake.failNext({ path: /\/callback$/u, status: 502 });
    const interaction = dispatch(h, 'convention', 'culture');
    expect(await h.fake.waitForInteractionResponse(interaction.id)).toMatchObject({ type: 4 });
    expect(callbacksOf(h, interaction.id).map((request) => request.status)).toEqual([502, 204]);
  });

  it('reports a 5xx that persists, and keeps answering others', async () => {
    const h = await start();
    h.fake.failNext({ path: /\/callback$/u, status: 503, count: 10 });
    const failing = dispatch(h, 'convention', 'emploi');
    await waitFor(
      () => h.logs.some((line) => line.msg === 'could not tell the user about the failure'),
      'the failure to be logged',
      15_000,
    );
    expect(h.logs.some((line) => line.msg === 'command failed' && line.interactionId === failing.id)).toBe(
      true,
    );
    const next = dispatch(h, 'convention', 'police');
    expect(await h.fake.waitForInteractionResponse(next.id, 15_000)).toMatchObject({ type: 4 });
  }, 20_000);

  it('logs an expired interaction (10062) once, without crashing or retrying', async () => {
    const h = await start();
    h.fake.unknownInteractionNext();
    const expired = dispatch(h, 'convention', 'transports');
    await waitFor(() => h.logs.some((line) => line.code === 10062), 'the expiry to be logged');
    await settle(300);
    expect(callbacksOf(h, expired.id)).toHaveLength(1);
    expect(h.logs.filter((line) => line.code === 10062)).toHaveLength(1);
    expect(h.logs.some((line) => line.msg === 'command failed')).toBe(false);
    const next = dispatch(h, 'conventions');
    expect(await h.fake.waitForInteractionResponse(next.id)).toMatchObject({ type: 4 });
  });
});

describe('load', () => {
  it('answers 500 interactions dispatched at once, each exactly once', async () => {
    const h = await start();
    const topics = ['transports', 'police', 'emploi', 'culture', 'école', 'xqzvbn', 'bus', 'radicalisation'];
    const interactions = Array.from({ length: 500 }, (_, index) =>
      dispatch(h, index % 10 === 0 ? 'ministere' : 'convention', topics[index % topics.length]),
    );
    const callbacks = () => h.fake.requests.filter((request) => request.route?.endsWith('/callback'));
    await waitFor(() => callbacks().length >= interactions.length, '500 callbacks', 30_000);
    await settle(200);
    const answered = h.fake.requests.filter(
      (request) => request.route?.endsWith('/callback') && request.status < 300,
    );
    expect(answered).toHaveLength(500);
    expect(new Set(answered.map((request) => request.path)).size).toBe(500);
    h.assertAllBodiesValid();
  }, 60_000);
});

describe('SIGTERM during traffic', () => {
  const slow: Command = {
    data: { name: 'lente', description: 'Met une seconde à répondre' },
    help: { fr: { example: '/lente', description: '' }, en: { example: '/lente', description: '' } },
    async execute(interaction) {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await interaction.reply({ embeds: [{ title: 'fini' }], allowedMentions: { parse: [] } });
      return { results: 1 };
    },
  };

  it('answers what is in flight, then closes the gateway', async () => {
    const h = await start({ commands: [...commands, slow] });
    const interaction = dispatch(h, 'lente');
    // Let the slow command start, then stop while it is still working.
    await settle(200);
    await h.bot.stop();
    expect(await h.fake.waitForInteractionResponse(interaction.id, 100)).toMatchObject({
      type: 4,
      data: { embeds: [{ title: 'fini' }] },
    });
    expect(h.logs.some((line) => line.msg === 'answered the interactions in flight')).toBe(true);
  });
});
