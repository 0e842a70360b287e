import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  Events,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionCallbacks } from '../../src/bot/callbacks.js';
import { createClient } from '../../src/bot/client.js';
import { GatewayAutocomplete, GatewayCommand, GatewayControl } from '../../src/bot/gateway.js';
import { AlreadyAnsweredError, toMessageOptions } from '../../src/bot/respond.js';
import type { MessageOptions } from '../../src/bot/types.js';
import { COLOURS, noticeReply, type Reply } from '../../src/discord/replies.js';
import { assertValidDiscordBody } from '../support/discord-spec.js';
import { FakeDiscord } from '../support/fake-discord.js';
import {
  autocompleteInteraction,
  buttonInteraction,
  chatInputInteraction,
  stringSelectInteraction,
} from '../support/payloads.js';

let fake: FakeDiscord;
let client: Client;
let callbacks: InteractionCallbacks;
beforeAll(async () => {
  fake = await FakeDiscord.start();
  client = createClient({ apiUrl: fake.apiUrl });
  callbacks = InteractionCallbacks.forClient(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
});
afterAll(async () => {
  await client?.destroy();
  await callbacks?.close();
  await fake?.close();
});

/** Dispatches an interaction and hands the discord.js object it becomes to `handle`. */
async function receive<T extends Interaction>(
  payload: Parameters<FakeDiscord['dispatchInteraction']>[0],
  handle: (interaction: T) => Promise<unknown>,
): Promise<unknown> {
  const received = new Promise<T>((resolve) => client.once(Events.InteractionCreate, (i) => resolve(i as T)));
  fake.dispatchInteraction(payload);
  await handle(await received);
  const request = await fake.waitForInteractionResponse(payload.id);
  return request;
}

/**
 * A callback body without the defaults discord.js spells out (`tts` and `enforce_nonce` false),
 * which Discord assumes when they are absent.
 */
function withoutDefaults(body: unknown): unknown {
  const { data, ...rest } = body as { data: Record<string, unknown> };
  const { tts, enforce_nonce, ...kept } = data;
  return {
    ...rest,
    data: {
      ...(tts === false ? {} : { tts }),
      ...(enforce_nonce === false ? {} : { enforce_nonce }),
      ...kept,
    },
  };
}

const command = () => chatInputInteraction({ context: fake.context, name: 'convention' });
const click = () => buttonInteraction({ context: fake.context, customId: 'c1:page' });

/** A public answer with a button, a private notice, and a message addressed to one colleague. */
const replies: Array<[string, Reply]> = [
  [
    'a public answer with a button',
    {
      embeds: [
        { color: COLOURS.answer, title: 'Transports', fields: [{ name: 'Période', value: '2017–2020' }] },
      ],
      components: [{ type: 1, components: [{ type: 2, style: 2, custom_id: 'c1:page', label: 'Suivant' }] }],
      ephemeral: false,
      allowedMentions: { parse: [] },
    },
  ],
  ['a private notice', noticeReply('Patientez quelques secondes.')],
  [
    'a message addressed to a colleague',
    {
      content: '<@300000000000000002>',
      embeds: [{ description: 'Pour vous' }],
      ephemeral: false,
      allowedMentions: { parse: [], users: ['300000000000000002'] },
    },
  ],
];

describe('GatewayCommand', () => {
  it.each(replies)('replies with the body discord.js would send: %s', async (_name, reply) => {
    const options = toMessageOptions(reply);
    const stock = await receive<ChatInputCommandInteraction>(command(), (i) => i.reply(options));
    const built = await receive<ChatInputCommandInteraction>(command(), (i) =>
      new GatewayCommand(i, callbacks).reply(options),
    );
    expect(built).toEqual(withoutDefaults(stock));
    assertValidDiscordBody(fake.requests.at(-1) as (typeof fake.requests)[number]);
  });

  it('marks the interaction answered as discord.js does, so follow-ups go through discord.js', async () => {
    let interaction: ChatInputCommandInteraction | undefined;
    const gateway = { current: undefined as GatewayCommand | undefined };
    await receive<ChatInputCommandInteraction>(command(), async (i) => {
      interaction = i;
      gateway.current = new GatewayCommand(i, callbacks);
      await gateway.current.reply(toMessageOptions(noticeReply('Privé')));
    });
    expect({ replied: interaction?.replied, ephemeral: interaction?.ephemeral }).toEqual({
      replied: true,
      ephemeral: true,
    });
    expect(gateway.current?.replied).toBe(true);
    const before = fake.requests.length;
    await gateway.current?.followUp(toMessageOptions(noticeReply('Encore')));
    expect(fake.requests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /webhooks/${fake.applicationId}/${interaction?.token}`,
    ]);
  });

  it('refuses a second first answer without sending it', async () => {
    let second: Promise<unknown> | undefined;
    await receive<ChatInputCommandInteraction>(command(), async (i) => {
      const gateway = new GatewayCommand(i, callbacks);
      await gateway.reply(toMessageOptions(noticeReply('Une fois')));
      second = gateway.reply(toMessageOptions(noticeReply('Deux fois')));
      await second.catch(() => undefined);
    });
    await expect(second).rejects.toThrow(AlreadyAnsweredError);
    await expect(second).rejects.toThrow('reply: the interaction has already been answered or deferred');
  });

  it.each<[string, { flags?: MessageFlags.Ephemeral } | undefined, boolean]>([
    ['in public', undefined, false],
    ['in private', { flags: MessageFlags.Ephemeral }, true],
  ])(
    'defers %s with the body discord.js would send, then edits through discord.js',
    async (_name, options, ephemeral) => {
      const stock = await receive<ChatInputCommandInteraction>(command(), (i) => i.deferReply(options));
      let interaction: ChatInputCommandInteraction | undefined;
      const payload = command();
      const built = await receive<ChatInputCommandInteraction>(payload, async (i) => {
        interaction = i;
        const gateway = new GatewayCommand(i, callbacks);
        await gateway.deferReply(options);
        expect({ deferred: gateway.deferred, replied: gateway.replied }).toEqual({
          deferred: true,
          replied: false,
        });
        await expect(gateway.reply(toMessageOptions(noticeReply('Non')))).rejects.toThrow(
          AlreadyAnsweredError,
        );
        await gateway.editReply({ embeds: [{ title: 'Prêt' }], allowedMentions: { parse: [] } });
      });
      // discord.js spells out `flags: 0`, the default, for a public deferral.
      expect(stock).toEqual({ type: 5, data: { flags: ephemeral ? MessageFlags.Ephemeral : 0 } });
      expect(built).toEqual(ephemeral ? stock : { type: 5 });
      expect(interaction?.ephemeral).toBe(ephemeral);
      expect((await fake.waitForWebhookEdit(payload.token)).embeds).toEqual([{ title: 'Prêt' }]);
    },
  );

  it('leaves the interaction unanswered when the answer fails, so another can still be sent', async () => {
    fake.unknownInteractionNext();
    let state: Record<string, unknown> = {};
    await receive<ChatInputCommandInteraction>(command(), async (i) => {
      const gateway = new GatewayCommand(i, callbacks);
      await expect(gateway.reply(toMessageOptions(noticeReply('Perdu')))).rejects.toMatchObject({
        code: 10062,
      });
      state = { replied: i.replied, deferred: i.deferred };
      await gateway.reply(toMessageOptions(noticeReply('Une erreur est survenue.')));
    });
    expect(state).toEqual({ replied: false, deferred: false });
  });

  it('refuses a second first answer while the first is on its way', async () => {
    fake.failNext({ path: /\/callback$/u, delayMs: 100 });
    let second: Promise<unknown> | undefined;
    await receive<ChatInputCommandInteraction>(command(), async (i) => {
      const gateway = new GatewayCommand(i, callbacks);
      const first = gateway.reply(toMessageOptions(noticeReply('Une fois')));
      second = gateway.deferReply();
      await second.catch(() => undefined);
      await first;
    });
    await expect(second).rejects.toThrow('deferReply: the interaction has already been answered or deferred');
  });

  it('reads what the commands read from the discord.js interaction', async () => {
    const payload = chatInputInteraction({
      context: fake.context,
      name: 'ministere',
      options: [{ type: 3, name: 'sujet', value: 'emploi' }],
    });
    let seen: Record<string, unknown> = {};
    await receive<ChatInputCommandInteraction>(payload, async (i) => {
      const gateway = new GatewayCommand(i, callbacks);
      seen = {
        id: gateway.id,
        commandName: gateway.commandName,
        locale: gateway.locale,
        user: gateway.user.id,
        sujet: gateway.options.getString('sujet'),
        // The router logs every option from `options.data`.
        data: (gateway.options as unknown as { data: unknown }).data,
        replied: gateway.replied,
        deferred: gateway.deferred,
      };
      await gateway.reply(toMessageOptions(noticeReply('ok')));
    });
    expect(seen).toEqual({
      id: payload.id,
      commandName: 'ministere',
      locale: payload.locale,
      user: payload.member?.user.id,
      sujet: 'emploi',
      data: [{ type: 3, name: 'sujet', value: 'emploi' }],
      replied: false,
      deferred: false,
    });
  });
});

describe('GatewayAutocomplete', () => {
  const typing = () =>
    autocompleteInteraction({
      context: fake.context,
      name: 'convention',
      focused: { name: 'sujet', value: 'tra' },
    });
  const choices = [
    { name: 'transports', value: 'transports' },
    { name: 'travail', value: 'travail' },
  ];

  it('responds with the body discord.js would send, and marks the request responded', async () => {
    const stock = await receive<AutocompleteInteraction>(typing(), (i) => i.respond(choices));
    let responded: boolean[] = [];
    const built = await receive<AutocompleteInteraction>(typing(), async (i) => {
      const gateway = new GatewayAutocomplete(i, callbacks);
      responded.push(gateway.responded);
      await gateway.respond(choices);
      responded = [...responded, gateway.responded, i.responded];
    });
    expect(built).toEqual(stock);
    expect(responded).toEqual([false, true, true]);
    assertValidDiscordBody(fake.requests.at(-1) as (typeof fake.requests)[number]);
  });

  it('leaves the request unanswered when the choices fail to go', async () => {
    fake.unknownInteractionNext();
    let responded: boolean | undefined;
    await receive<AutocompleteInteraction>(typing(), async (i) => {
      const gateway = new GatewayAutocomplete(i, callbacks);
      await expect(gateway.respond(choices)).rejects.toMatchObject({ code: 10062 });
      responded = gateway.responded;
      await gateway.respond([]);
    });
    expect(responded).toBe(false);
  });

  it('reads what the commands read, and refuses a second response without sending it', async () => {
    const payload = typing();
    let seen: Record<string, unknown> = {};
    let second: Promise<unknown> | undefined;
    await receive<AutocompleteInteraction>(payload, async (i) => {
      const gateway = new GatewayAutocomplete(i, callbacks);
      seen = {
        id: gateway.id,
        commandName: gateway.commandName,
        locale: gateway.locale,
        user: gateway.user.id,
        focused: gateway.options.getFocused(),
      };
      await gateway.respond([]);
      second = gateway.respond(choices);
      await second.catch(() => undefined);
    });
    expect(seen).toEqual({
      id: payload.id,
      commandName: 'convention',
      locale: payload.locale,
      user: payload.member?.user.id,
      focused: 'tra',
    });
    await expect(second).rejects.toThrow('respond: the interaction has already been answered or deferred');
    expect(
      fake.requests.filter((request) => request.path.includes(`/interactions/${payload.id}/`)),
    ).toHaveLength(1);
  });
});

describe('GatewayControl', () => {
  const update: Omit<MessageOptions, 'flags'> = {
    embeds: [{ title: 'Page 2' }],
    components: [
      { type: 1, components: [{ type: 2, style: 2, custom_id: 'c1:page:0', label: 'Précédent' }] },
    ],
    allowedMentions: { parse: [] },
  };

  it('updates the message with the body discord.js would send', async () => {
    const stock = await receive<ButtonInteraction>(click(), (i) => i.update(update));
    const built = await receive<ButtonInteraction>(click(), (i) =>
      new GatewayControl(i, callbacks).update(update),
    );
    expect(built).toEqual(withoutDefaults(stock));
    assertValidDiscordBody(fake.requests.at(-1) as (typeof fake.requests)[number]);
  });

  it.each(replies)('replies with the body discord.js would send: %s', async (_name, reply) => {
    const options = toMessageOptions(reply);
    const ephemeral: Array<boolean | null> = [];
    const stock = await receive<ButtonInteraction>(click(), async (i) => {
      await i.reply(options);
      ephemeral.push(i.ephemeral);
    });
    const built = await receive<ButtonInteraction>(click(), async (i) => {
      await new GatewayControl(i, callbacks).reply(options);
      ephemeral.push(i.ephemeral);
    });
    expect(built).toEqual(withoutDefaults(stock));
    expect(ephemeral).toEqual([reply.ephemeral, reply.ephemeral]);
  });

  it.each<[string, () => Parameters<FakeDiscord['dispatchInteraction']>[0], Record<string, unknown>]>([
    [
      'a button on a private message',
      () => buttonInteraction({ context: fake.context, customId: 'c1:share', message: { flags: 64 } }),
      { customId: 'c1:share', values: undefined, private: true },
    ],
    [
      'a choice in a menu on a public message',
      () => stringSelectInteraction({ context: fake.context, customId: 'c1:jump', values: ['2'] }),
      { customId: 'c1:jump', values: ['2'], private: false },
    ],
  ])('reads what the controls read: %s', async (_name, payload, expected) => {
    let seen: Record<string, unknown> = {};
    await receive<ButtonInteraction>(payload(), async (i) => {
      const gateway = new GatewayControl(i, callbacks);
      seen = {
        customId: gateway.customId,
        values: gateway.values,
        private: gateway.message?.flags.has(MessageFlags.Ephemeral),
      };
      await gateway.update(update);
    });
    expect(seen).toEqual(expected);
  });

  it('marks the click answered, and refuses a reply after an update', async () => {
    let second: Promise<unknown> | undefined;
    let interaction: ButtonInteraction | undefined;
    await receive<ButtonInteraction>(click(), async (i) => {
      interaction = i;
      const gateway = new GatewayControl(i, callbacks);
      await gateway.update(update);
      second = gateway.reply(toMessageOptions(noticeReply('Trop tard')));
      await second.catch(() => undefined);
    });
    expect(interaction?.replied).toBe(true);
    await expect(second).rejects.toThrow('reply: the interaction has already been answered or deferred');
  });
});
