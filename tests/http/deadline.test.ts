/**
 * Discord's 3-second rule over HTTP: a command or control that has not answered by the deadline
 * is deferred in the HTTP answer, and its answer, when it comes, goes through the webhook routes,
 * each body checked against the OpenAPI spec. Also: answers sent after the HTTP response.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIInteractionResponse } from 'discord.js';
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/bot/types.js';
import { controlsOf } from '../support/bot-harness.js';
import {
  autocompleteInteraction,
  booleanOption,
  buttonInteraction,
  chatInputInteraction,
  type OptionInput,
  stringOption,
  user,
} from '../support/payloads.js';
import { type HttpHarness, startHttpHarness } from './http-harness.js';

const DEFER_AFTER_MS = 150;
const SLOW_MS = 450;

const convention = commands.find((command) => command.data.name === 'convention') as Command;

/** `/convention`, slowed down past the deadline in everything it does. */
const slowConvention: Command = {
  ...convention,
  async execute(interaction, context) {
    await sleep(SLOW_MS);
    return convention.execute(interaction, context);
  },
  async autocomplete(interaction, context) {
    await sleep(SLOW_MS);
    await convention.autocomplete?.(interaction, context);
  },
  async component(interaction, state, context) {
    await sleep(SLOW_MS);
    return convention.component?.(interaction, state, context);
  },
};

const simple = (name: string, execute: Command['execute']): Command => ({
  data: { name, description: 'Commande de test' },
  help: { fr: { example: `/${name}`, description: '' }, en: { example: `/${name}`, description: '' } },
  execute,
});

const notice = (text: string) => ({ embeds: [{ description: text }], allowedMentions: { parse: [] as [] } });

const testCommands: Command[] = [
  slowConvention,
  // Defers privately itself, but only after the server deferred in public.
  simple('lente-privee', async (interaction) => {
    await sleep(SLOW_MS);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await interaction.editReply(notice('réponse privée tardive'));
    return undefined;
  }),
  // Returns without answering (a bug): the endpoint still answers, privately.
  simple('muette', async () => undefined),
  // Answers in time, then fails: the apology is a follow-up through REST.
  simple('repond-puis-echoue', async (interaction) => {
    await interaction.reply(notice('première réponse'));
    throw new Error('after the answer');
  }),
  // Answers, then adds a follow-up and edits the answer: all after the HTTP response.
  simple('bavarde', async (interaction) => {
    await interaction.reply(notice('un'));
    await interaction.followUp({ ...notice('deux'), flags: MessageFlags.Ephemeral });
    await interaction.editReply(notice('un, modifié'));
    return undefined;
  }),
];

const asker = user({ id: '300000000000000001', username: 'camille' });

let harness: HttpHarness;
beforeAll(async () => {
  harness = await startHttpHarness({
    commands: testCommands,
    deferAfterMs: DEFER_AFTER_MS,
    // Discord refuses callbacks after 3 s.
    fake: { callbackDeadlineMs: 3000 },
  });
});
afterAll(async () => {
  await harness?.close();
});

async function run(name: string, options: readonly OptionInput[] = []) {
  const payload = chatInputInteraction({ context: harness.fake.context, name, options, user: asker });
  const response = await harness.deliver(payload);
  return { payload, response, elapsedMs: harness.lastAnswerMs };
}

const requestsFor = (token: string) =>
  harness.fake.requests.filter((request) => request.path.includes(token));

describe('a slow command', () => {
  it('is deferred within the deadline, then its answer replaces “thinking…” through PATCH @original', async () => {
    const { payload, response, elapsedMs } = await run('convention', [stringOption('sujet', 'culture')]);
    expect(response).toEqual({ type: 5 });
    expect(elapsedMs).toBeLessThan(SLOW_MS);
    const edit = (await harness.fake.waitForWebhookEdit(payload.token)) as {
      embeds: Array<{ author?: { name: string } }>;
      flags?: number;
    };
    expect(edit.embeds[0]?.author?.name).toBe('Ville × Culture');
    expect(edit.flags).toBeUndefined();
    expect(
      harness.logs.some((line) => line.msg === 'no answer yet: deferred to keep Discord’s 3-second limit'),
    ).toBe(true);
  });

  it('keeps a private answer private: the public “thinking…” is deleted and the answer sent as a private follow-up', async () => {
    const { payload, response } = await run('convention', [
      stringOption('sujet', 'emploi'),
      booleanOption('prive', true),
    ]);
    expect(response).toEqual({ type: 5 });
    const followUp = await harness.fake.waitForFollowUp(payload.token);
    expect(followUp.flags).toBe(64);
    expect(JSON.stringify(followUp.embeds)).toContain('Emploi');
    const methods = requestsFor(payload.token)
      .filter((request) => request.status < 300)
      .map((request) => `${request.method} ${request.status}`);
    // The relayed callback, the public “thinking…” deleted, the private follow-up.
    expect(methods).toEqual(['POST 204', 'DELETE 204', 'POST 200']);
    expect(
      harness.fake.requests.some(
        (request) => request.method === 'PATCH' && request.path.includes(payload.token),
      ),
    ).toBe(false);
  });

  it('does the same when the command defers privately after the server deferred in public', async () => {
    const { payload, response } = await run('lente-privee');
    expect(response).toEqual({ type: 5 });
    const followUp = await harness.fake.waitForFollowUp(payload.token);
    expect(followUp).toMatchObject({ flags: 64, embeds: [{ description: 'réponse privée tardive' }] });
  });
});

describe('a slow control', () => {
  it('is acknowledged with a deferred update, then the message is edited through PATCH @original', async () => {
    const first = (await run('convention', [stringOption('sujet', '2017')])).response;
    expect(first.type).toBe(5);
    const token = harness.fake.requests.at(-1)?.path.split('/')[3] ?? '';
    const edit = (await harness.fake.waitForWebhookEdit(token)) as { components: unknown[] };
    const next = controlsOf({ data: { components: edit.components } }).find((c) => c.label === 'Suivant');
    const click = buttonInteraction({
      context: harness.fake.context,
      customId: String(next?.custom_id),
      user: asker,
    });
    const response = await harness.deliver(click);
    expect(response).toEqual({ type: 6 });
    const page = (await harness.fake.waitForWebhookEdit(click.token)) as {
      embeds: Array<{ footer?: { text: string } }>;
    };
    expect(page.embeds[0]?.footer?.text).toMatch(/^Résultat 2 sur 4 ·/u);
  });

  it('that answers with a new message (share) sends it as a follow-up', async () => {
    const preview = (await run('convention', [stringOption('sujet', 'emploi'), booleanOption('prive', true)]))
      .payload;
    const followUp = await harness.fake.waitForFollowUp(preview.token);
    const share = controlsOf({ data: { components: followUp.components as unknown[] } }).find(
      (c) => c.label === 'Partager dans le salon',
    );
    const click = buttonInteraction({
      context: harness.fake.context,
      customId: String(share?.custom_id),
      user: asker,
      message: { flags: 64 },
    });
    expect(await harness.deliver(click)).toEqual({ type: 6 });
    const shared = await harness.fake.waitForFollowUp(click.token);
    expect(shared.flags).toBeUndefined();
    expect(shared.content).toBe(`Partagé par <@${asker.id}>`);
  });
});

describe('a slow autocomplete', () => {
  it('answers no suggestion by the deadline, since suggestions cannot be deferred', async () => {
    const payload = autocompleteInteraction({
      context: harness.fake.context,
      name: 'convention',
      focused: { name: 'sujet', value: 'mobil' },
    });
    const response = (await harness.deliver(payload)) as Extract<APIInteractionResponse, { type: 8 }>;
    expect(response).toEqual({ type: 8, data: { choices: [] } });
    await sleep(SLOW_MS);
    expect(harness.logs.some((line) => line.msg === 'autocomplete expired')).toBe(true);
  });
});

describe('a command that never answers', () => {
  it('still gets an HTTP answer: a private apology, and an error in the log', async () => {
    const { response } = await run('muette');
    expect(response).toMatchObject({
      type: 4,
      data: { flags: 64, embeds: [{ title: 'Une erreur est survenue' }] },
    });
    expect(harness.logs.some((line) => line.msg === 'the handler finished without answering')).toBe(true);
  });
});

describe('answers after the HTTP response', () => {
  it('a failure after the answer is apologised for in a private follow-up', async () => {
    const { payload, response } = await run('repond-puis-echoue');
    expect(response).toMatchObject({ type: 4, data: { embeds: [{ description: 'première réponse' }] } });
    const followUp = await harness.fake.waitForFollowUp(payload.token);
    expect(followUp.flags).toBe(64);
    expect(followUp.embeds?.[0]?.title).toBe('Une erreur est survenue');
  });

  it('follow-ups and edits after the HTTP answer reach Discord in order', async () => {
    const { payload, response } = await run('bavarde');
    expect(response).toMatchObject({ type: 4, data: { embeds: [{ description: 'un' }] } });
    expect(await harness.fake.waitForFollowUp(payload.token)).toMatchObject({
      flags: 64,
      embeds: [{ description: 'deux' }],
    });
    expect(await harness.fake.waitForWebhookEdit(payload.token)).toMatchObject({
      embeds: [{ description: 'un, modifié' }],
    });
  });

  it('sent only bodies Discord’s OpenAPI spec accepts, and retried only a too-early “Unknown Webhook”', () => {
    // A webhook call can reach Discord before it has processed the HTTP answer (10015): retried.
    const failed = harness.fake.requests.filter((request) => request.status >= 400);
    for (const request of failed) {
      expect(request).toMatchObject({ status: 404, response: { code: 10015 } });
      expect(
        harness.fake.requests.some(
          (later) =>
            later.seq > request.seq &&
            later.method === request.method &&
            later.path === request.path &&
            later.status < 300,
        ),
      ).toBe(true);
    }
    harness.fake.assertAllBodiesValid();
  });
});
