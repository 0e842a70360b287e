import {
  AttachmentBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientOptions,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  SlashCommandBuilder,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { assertValidDiscordBody } from './discord-spec.js';
import { FakeDiscord, type FakeDiscordOptions, shardOfGuild } from './fake-discord.js';
import {
  autocompleteInteraction,
  booleanOption,
  buttonInteraction,
  chatInputInteraction,
  snowflake,
  stringOption,
  stringSelectInteraction,
  user,
  userOption,
} from './payloads.js';

const fakes: FakeDiscord[] = [];
const clients: Client[] = [];

afterEach(async () => {
  // Clients first: a fake closed under a live client would make it reconnect in the background.
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function startFake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  fakes.push(fake);
  return fake;
}

/** A real discord.js client, logged in to the fake and ready (all guilds received). */
async function connect(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl }, ...options });
  clients.push(client);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return client;
}

async function startBot(options: FakeDiscordOptions = {}) {
  const fake = await startFake(options);
  const client = await connect(fake);
  return { fake, client };
}

function nextInteraction(client: Client): Promise<Interaction> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
}

function chatInput(interaction: Interaction): ChatInputCommandInteraction {
  if (!interaction.isChatInputCommand())
    throw new Error(`expected a chat-input command, got type ${interaction.type}`);
  return interaction;
}

function lastRequest(fake: FakeDiscord, method: string, path: RegExp) {
  const found = fake.requests.filter((r) => r.method === method && path.test(r.path)).at(-1);
  if (!found) throw new Error(`no ${method} ${path} recorded`);
  return found;
}

describe('FakeDiscord', () => {
  describe('login', () => {
    it('lets a real discord.js Client log in and become ready with the configured guild and channel', async () => {
      const { fake, client } = await startBot({
        guilds: [{ name: 'Quartiers prioritaires', textChannels: ['général', 'veille'] }],
      });

      expect(client.user?.id).toBe(fake.applicationId);
      expect(client.user?.bot).toBe(true);
      expect(client.application?.id).toBe(fake.applicationId);
      const guild = client.guilds.cache.get(fake.context.guildId);
      expect(guild?.name).toBe('Quartiers prioritaires');
      expect(guild?.channels.cache.get(fake.context.channelId)?.name).toBe('général');
      expect(guild?.members.me?.id).toBe(fake.applicationId);

      const [identify] = await fake.waitForIdentify(1);
      expect(identify?.shard).toEqual([0, 1]);
      expect(identify?.intents).toBe(GatewayIntentBits.Guilds);
      const gatewayBot = lastRequest(fake, 'GET', /^\/gateway\/bot$/);
      expect(gatewayBot.headers.authorization).toBe(`Bot ${fake.token}`);
      expect(fake.gateway.connections[0]?.url).toBe('/gateway?v=10&encoding=json');
    });

    it('sends GUILD_CREATE only to a session with the Guilds intent, as Discord does', async () => {
      const fake = await startFake({ guilds: [{ name: 'Un' }, { name: 'Deux' }] });
      const client = await connect(fake, { intents: [] });
      const [identify] = await fake.waitForIdentify(1);
      expect(identify?.intents).toBe(0);
      // READY lists the guilds as unavailable; without the intent nothing more comes.
      expect(client.guilds.cache.size).toBe(2);
      expect(client.guilds.cache.every((guild) => guild.available === false)).toBe(true);
      expect(client.channels.cache.size).toBe(0);
    });

    it('answers 401 to a wrong token, which discord.js reports as an invalid token', async () => {
      const fake = await startFake();
      const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
      clients.push(client);

      await expect(
        client.login('bm90IHRoZSB0b2tlbg.AAAAAA.wrongwrongwrongwrongwrongwrongwr'),
      ).rejects.toThrow(/token/i);
      expect(lastRequest(fake, 'GET', /^\/gateway\/bot$/).status).toBe(401);
      expect(fake.gateway.connections).toHaveLength(0);
    });
  });

  describe('interaction responses from discord.js', () => {
    it('records a reply with an embed as a type 4 callback that the OpenAPI spec accepts', async () => {
      const { fake, client } = await startBot();
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({
          context: fake.context,
          name: 'recherche',
          options: [
            stringOption('requête', 'emploi'),
            booleanOption('privé', false),
            userOption('pour', user({ username: 'dominique' })),
          ],
        }),
      );

      const interaction = chatInput(await received);
      expect(interaction.options.getString('requête')).toBe('emploi');
      expect(interaction.options.getBoolean('privé')).toBe(false);
      expect(interaction.options.getUser('pour')?.username).toBe('dominique');
      expect(interaction.locale).toBe('fr');
      expect(interaction.guildLocale).toBe('fr');
      expect(interaction.channel?.id).toBe(fake.context.channelId);
      expect(interaction.guild?.id).toBe(fake.context.guildId);
      await interaction.reply({
        embeds: [new EmbedBuilder().setTitle('3 conventions').setDescription('Marseille, Lille, Nantes')],
      });

      const response = await fake.waitForInteractionResponse(payload);
      expect(response.type).toBe(4);
      expect(response).toMatchObject({ data: { embeds: [{ title: '3 conventions' }] } });
      const request = lastRequest(fake, 'POST', /\/callback$/);
      expect(request.status).toBe(204);
      expect(request.query.with_response).toBe('false');
      expect(() => assertValidDiscordBody(request)).not.toThrow();
    });

    it('records deferReply then editReply as a type 5 callback and a PATCH of @original', async () => {
      const { fake, client } = await startBot();
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'recherche' }),
      );
      const interaction = chatInput(await received);

      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const message = await interaction.editReply({ content: 'Résultats prêts' });

      expect(await fake.waitForInteractionResponse(payload)).toEqual({
        type: 5,
        data: { flags: MessageFlags.Ephemeral },
      });
      expect(await fake.waitForWebhookEdit(payload)).toMatchObject({ content: 'Résultats prêts' });
      const edit = lastRequest(fake, 'PATCH', /@original$/);
      expect(edit.url).toContain('/messages/%40original');
      expect(edit.headers.authorization).toBeUndefined();
      expect(() => assertValidDiscordBody(edit)).not.toThrow();
      // discord.js builds its Message from the fake's answer.
      expect(message.content).toBe('Résultats prêts');
      expect(message.author.id).toBe(fake.applicationId);
      expect(message.channelId).toBe(fake.context.channelId);
      expect(message.flags.has(MessageFlags.Ephemeral)).toBe(true);
      expect(message.flags.has(MessageFlags.Loading)).toBe(false);
    });

    it('records a follow-up as a POST on the interaction webhook and returns a message', async () => {
      const { fake, client } = await startBot();
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'recherche' }),
      );
      const interaction = chatInput(await received);

      await interaction.reply('Première partie');
      const followUp = await interaction.followUp({ content: 'Suite', flags: MessageFlags.Ephemeral });

      expect(await fake.waitForFollowUp(payload)).toMatchObject({
        content: 'Suite',
        flags: MessageFlags.Ephemeral,
      });
      const request = lastRequest(fake, 'POST', /^\/webhooks\//);
      expect(request.query.wait).toBe('true');
      expect(() => assertValidDiscordBody(request)).not.toThrow();
      expect(followUp.id).toMatch(/^\d{17,19}$/);
      expect(followUp.content).toBe('Suite');
      expect(fake.rest.interactions.get(payload.id)?.followUps).toHaveLength(1);
    });

    it('answers a reply with withResponse with the created message', async () => {
      const { fake, client } = await startBot();
      const received = nextInteraction(client);
      fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'recherche' }));
      const interaction = chatInput(await received);

      const response = await interaction.reply({ content: 'Voilà', withResponse: true });

      expect(response.resource?.message?.content).toBe('Voilà');
      expect(response.interaction.responseMessageId).toBe(response.resource?.message?.id);
      expect(lastRequest(fake, 'POST', /\/callback$/).status).toBe(200);
    });

    it('sends files as multipart and records payload_json as the body', async () => {
      const { fake, client } = await startBot();
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'export' }),
      );
      const interaction = chatInput(await received);

      await interaction.reply({
        content: 'Export',
        files: [new AttachmentBuilder(Buffer.from('a;b\n1;2\n'), { name: 'export.csv' })],
      });

      const request = lastRequest(fake, 'POST', /\/callback$/);
      expect(request.headers['content-type']).toMatch(/^multipart\/form-data/);
      expect(request.files).toEqual([
        expect.objectContaining({ field: 'files[0]', name: 'export.csv', size: 8 }),
      ]);
      expect(await fake.waitForInteractionResponse(payload)).toMatchObject({
        type: 4,
        // discord.js describes the file by its index only; the name travels in the multipart part.
        data: { content: 'Export', attachments: [{ id: '0' }] },
      });
    });

    it('records an autocomplete respond as a type 8 callback with the choices', async () => {
      const { fake, client } = await startBot();
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        autocompleteInteraction({
          context: fake.context,
          name: 'recherche',
          focused: { name: 'ville', value: 'mar' },
        }),
      );
      const interaction = (await received) as AutocompleteInteraction;
      expect(interaction.isAutocomplete()).toBe(true);
      expect(interaction.options.getFocused(true)).toMatchObject({ name: 'ville', value: 'mar' });

      await interaction.respond([
        { name: 'Marseille', value: 'marseille' },
        { name: 'Martigues', value: 'martigues' },
      ]);

      expect(await fake.waitForInteractionResponse(payload)).toEqual({
        type: 8,
        data: {
          choices: [
            { name: 'Marseille', value: 'marseille' },
            { name: 'Martigues', value: 'martigues' },
          ],
        },
      });
      expect(() => assertValidDiscordBody(lastRequest(fake, 'POST', /\/callback$/))).not.toThrow();
    });

    it('delivers button and select interactions with the message they sit on', async () => {
      const { fake, client } = await startBot();
      let received = nextInteraction(client);
      const click = fake.dispatchInteraction(
        buttonInteraction({ context: fake.context, customId: 'page:2' }),
      );
      const button = (await received) as ButtonInteraction;
      expect(button.isButton()).toBe(true);
      expect(button.customId).toBe('page:2');
      expect(button.message.author.id).toBe(fake.applicationId);
      await button.update({ content: 'Page 2', components: [] });
      expect(await fake.waitForInteractionResponse(click)).toMatchObject({
        type: 7,
        data: { content: 'Page 2' },
      });

      received = nextInteraction(client);
      const pick = fake.dispatchInteraction(
        stringSelectInteraction({ context: fake.context, customId: 'convention', values: ['lille'] }),
      );
      const select = (await received) as StringSelectMenuInteraction;
      expect(select.values).toEqual(['lille']);
      await select.deferUpdate();
      expect(await fake.waitForInteractionResponse(pick)).toEqual({ type: 6 });
    });

    it('handles a command sent in the bot’s DMs', async () => {
      const { fake, client } = await startBot();
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'aide', dm: true }),
      );
      const interaction = chatInput(await received);

      expect(interaction.inGuild()).toBe(false);
      expect(interaction.user.id).toBe(payload.user.id);
      await interaction.reply('Bonjour');
      expect(await fake.waitForInteractionResponse(payload)).toMatchObject({
        type: 4,
        data: { content: 'Bonjour' },
      });
    });
  });

  describe('commands', () => {
    it('stores PUT commands with ids, returns them on GET and keeps ids when they are overwritten', async () => {
      const { fake, client } = await startBot();
      const command = new SlashCommandBuilder()
        .setName('recherche')
        .setDescription('Chercher dans les conventions')
        .addStringOption((o) => o.setName('requête').setDescription('Mots à chercher').setRequired(true))
        .toJSON();

      const registered = await client.application?.commands.set([command]);
      const put = lastRequest(fake, 'PUT', /\/commands$/);
      expect(() => assertValidDiscordBody(put)).not.toThrow();
      const first = registered?.first();
      expect(first?.name).toBe('recherche');
      expect(first?.id).toMatch(/^\d{17,19}$/);

      const fetched = await client.application?.commands.fetch();
      expect(fetched?.map((c) => c.id)).toEqual([first?.id]);
      const again = await client.application?.commands.set([command]);
      expect(again?.first()?.id).toBe(first?.id);

      const guild = client.guilds.cache.get(fake.context.guildId);
      await guild?.commands.set([command]);
      expect(fake.rest.commands.get(fake.context.guildId)?.[0]).toMatchObject({
        name: 'recherche',
        guild_id: fake.context.guildId,
      });
    });

    it('lists commands without their localizations unless asked with with_localizations=true, as Discord does', async () => {
      const fake = await startFake();
      const url = `${fake.apiUrl}/v10/applications/${fake.applicationId}/commands`;
      const headers = { Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' };
      const localized = { 'en-US': 'search' };
      await fetch(url, {
        method: 'PUT',
        headers,
        body: JSON.stringify([
          {
            name: 'recherche',
            name_localizations: localized,
            description: 'Chercher',
            description_localizations: { 'en-US': 'Search' },
            options: [
              {
                type: 3,
                name: 'sujet',
                name_localizations: { 'en-US': 'topic' },
                description: 'Le sujet',
                description_localizations: { 'en-US': 'The topic' },
                choices: [{ name: 'bus', name_localizations: { 'en-US': 'coach' }, value: 'bus' }],
              },
            ],
          },
        ]),
      });
      const list = async (query: string) =>
        JSON.stringify(await (await fetch(`${url}${query}`, { headers })).json());

      const plain = await list('');
      expect(plain).toContain('"name":"recherche"');
      expect(plain).not.toContain('localizations');
      expect(await list('?with_localizations=false')).not.toContain('localizations');
      const full = JSON.parse(await list('?with_localizations=true'));
      expect(full[0]).toMatchObject({
        name_localizations: localized,
        description_localizations: { 'en-US': 'Search' },
        options: [
          {
            name_localizations: { 'en-US': 'topic' },
            choices: [{ name_localizations: { 'en-US': 'coach' } }],
          },
        ],
      });
    });
  });

  describe('REST behaviour', () => {
    it('records unknown routes and answers them with a Discord-shaped 404', async () => {
      const fake = await startFake();
      const res = await fetch(`${fake.apiUrl}/v10/channels/123/messages`, {
        headers: { Authorization: `Bot ${fake.token}` },
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
      expect(fake.unknownRequests.map((r) => r.path)).toEqual(['/channels/123/messages']);
    });

    it('requires the bot token on authenticated routes only', async () => {
      const fake = await startFake();
      expect((await fetch(`${fake.apiUrl}/v10/users/@me`)).status).toBe(401);
      const me = await fetch(`${fake.apiUrl}/v10/users/@me`, {
        headers: { Authorization: `Bot ${fake.token}` },
      });
      expect(await me.json()).toMatchObject({ id: fake.applicationId, bot: true });
      // Interaction routes authenticate with the interaction token in the path.
      const callback = await fetch(`${fake.apiUrl}/v10/interactions/${snowflake()}/nope/callback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 4, data: { content: 'x' } }),
      });
      expect(callback.status).toBe(404);
      expect(await callback.json()).toEqual({ message: 'Unknown interaction', code: 10062 });
    });

    it('refuses a second acknowledgement and bodies Discord would reject', async () => {
      const { fake } = await startBot();
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'recherche' }),
      );
      const url = `${fake.apiUrl}/v10/interactions/${payload.id}/${payload.token}/callback`;
      const post = (body: unknown) =>
        fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });

      const invalid = await post({ type: 4, data: { embeds: [{ title: 'x'.repeat(257) }] } });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ code: 50035 });
      expect((await post({ type: 4, data: { content: 'ok' } })).status).toBe(204);
      const again = await post({ type: 4, data: { content: 'encore' } });
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({
        message: 'Interaction has already been acknowledged.',
        code: 40060,
      });
    });
  });

  describe('REST faults', () => {
    it('answers 429 with Retry-After, and discord.js retries the callback after it', async () => {
      const { fake, client } = await startBot();
      fake.rateLimitNext({ method: 'POST', path: /\/callback$/, retryAfter: 0.2 });
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'recherche' }),
      );

      await chatInput(await received).reply('Après une pause');

      const callbacks = fake.requests.filter((r) => r.path.endsWith('/callback'));
      expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
      expect(callbacks[0]?.responseHeaders['Retry-After']).toBe('0.2');
      expect(callbacks[0]?.response).toEqual({
        message: 'You are being rate limited.',
        retry_after: 0.2,
        global: false,
      });
      expect(await fake.waitForInteractionResponse(payload)).toMatchObject({
        data: { content: 'Après une pause' },
      });
    });

    it('answers a given 5xx, which discord.js retries', async () => {
      const { fake, client } = await startBot();
      fake.failNext({ method: 'PATCH', path: /@original$/, status: 502 });
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'recherche' }),
      );
      const interaction = chatInput(await received);
      await interaction.deferReply();

      await interaction.editReply('Enfin');

      expect(fake.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([502, 200]);
      expect(await fake.waitForWebhookEdit(payload)).toMatchObject({ content: 'Enfin' });
    });

    it('answers 10062 Unknown interaction, which discord.js raises as a DiscordAPIError', async () => {
      const { fake, client } = await startBot();
      fake.unknownInteractionNext();
      const received = nextInteraction(client);
      fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'recherche' }));

      const error = await chatInput(await received)
        .reply('Trop tard')
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DiscordAPIError);
      expect(error).toMatchObject({ code: 10062, status: 404 });
    });
  });

  describe('gateway', () => {
    it('replays an event dispatched while the connection was closed with 4000 once discord.js resumes', async () => {
      const { fake, client } = await startBot();
      const [session] = await fake.waitForReady();

      await fake.closeGateway(4000);
      // discord.js waits 500 ms before reconnecting: the shard has no connection right now.
      expect(session?.connection).toBeNull();
      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.context, name: 'recherche' }),
      );

      const interaction = chatInput(await received);
      await interaction.reply('Reçu après reprise');
      const [resume] = await fake.waitForResume(1);
      expect(resume).toMatchObject({ sessionId: session?.id, accepted: true });
      expect(resume?.replayed).toBeGreaterThanOrEqual(1);
      expect(fake.gateway.connections.at(-1)?.url).toBe('/gateway/resume?v=10&encoding=json');
      expect(fake.gateway.identifies).toHaveLength(1);
      expect(await fake.waitForInteractionResponse(payload)).toMatchObject({ type: 4 });
    });

    it('ends the session on a close with 4004, after which discord.js gives the shard up', async () => {
      const { fake, client } = await startBot();
      const [session] = await fake.waitForReady();
      const disconnected = new Promise<number>((resolve) => {
        client.once(Events.ShardDisconnect, (event) => resolve(event.code));
      });
      const shardError = new Promise<Error>((resolve) => {
        client.once(Events.ShardError, (error) => resolve(error));
      });

      await fake.closeGateway(4004);

      expect(await disconnected).toBe(4004);
      expect((await shardError).message).toMatch(/Authentication failed/);
      expect(session?.invalidated).toBe(true);
      expect(() =>
        fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'x' })),
      ).not.toThrow();
      expect(fake.gateway.dropped.map((event) => event.t)).toEqual(['INTERACTION_CREATE']);
    });

    it('resumes after the TCP connection drops without a close frame', async () => {
      const { fake, client } = await startBot();
      await fake.waitForReady();

      fake.terminateGateway();
      const received = nextInteraction(client);
      fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'recherche' }));

      expect(chatInput(await received).commandName).toBe('recherche');
      expect(fake.gateway.connections[0]?.closeCode).toBe(1006);
      expect(await fake.waitForResume(1)).toHaveLength(1);
    });

    it('makes discord.js reconnect and resume on op 7 RECONNECT', async () => {
      const { fake, client } = await startBot();
      await fake.waitForReady();

      fake.sendReconnect();
      await fake.waitForResume(1);
      const received = nextInteraction(client);
      fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'recherche' }));

      expect(chatInput(await received).commandName).toBe('recherche');
      expect(fake.gateway.connections[0]?.closeCode).toBe(4200);
      expect(fake.gateway.identifies).toHaveLength(1);
    });

    it('lets discord.js resume on the same connection after op 9 INVALID_SESSION with d: true', async () => {
      const { fake } = await startBot();
      await fake.waitForReady();

      fake.sendInvalidSession(true);

      const [resume] = await fake.waitForResume(1);
      expect(resume?.connectionId).toBe(fake.gateway.connections[0]?.id);
      expect(fake.gateway.connections).toHaveLength(1);
    });

    it('makes discord.js identify a new session after op 9 INVALID_SESSION with d: false', async () => {
      const { fake, client } = await startBot();
      const [first] = await fake.waitForReady();

      fake.sendInvalidSession(false);
      // discord.js waits out its 5 s identify throttle before the second IDENTIFY.
      const identifies = await fake.waitForIdentify(2, 15_000);
      const [second] = await fake.waitForReady();
      expect(second?.id).not.toBe(first?.id);
      expect(identifies[1]?.sessionId).toBe(second?.id);

      const received = nextInteraction(client);
      fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'recherche' }));
      expect(chatInput(await received).commandName).toBe('recherche');
    });

    it('acknowledges heartbeats, and a missing ACK makes discord.js resume a zombie connection', async () => {
      const { fake } = await startBot({ heartbeatIntervalMs: 150 });
      await fake.waitUntil(
        () => (fake.gateway.connections[0]?.heartbeats ?? 0) >= 2 || undefined,
        'two heartbeats',
      );
      expect(fake.gateway.frames.some((f) => f.direction === 'out' && f.op === 11)).toBe(true);

      fake.setHeartbeatAck(false);
      await fake.waitForResume(1);
      fake.setHeartbeatAck(true);
      expect(fake.gateway.connections[0]?.closeCode).toBe(4200);
    });

    it('serves two shards, each identifying with its own [id, count] and getting its own guilds', async () => {
      const guildIds = [0, 1].map((shard) => {
        let id = snowflake();
        while (shardOfGuild(id, 2) !== shard) id = snowflake();
        return id;
      });
      const fake = await startFake({ shards: 2, maxConcurrency: 2, guilds: guildIds.map((id) => ({ id })) });
      const client = await connect(fake, { shards: [0, 1], shardCount: 2 });

      const sessions = await fake.waitForReady();
      expect(sessions.map((s) => s.shard)).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(fake.gateway.identifies.map((i) => i.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(client.guilds.cache.get(guildIds[1] ?? '')?.shardId).toBe(1);

      const received = nextInteraction(client);
      const payload = fake.dispatchInteraction(
        chatInputInteraction({ context: fake.contextFor(1), name: 'recherche' }),
      );
      const interaction = chatInput(await received);
      expect(interaction.guild?.shardId).toBe(1);
      const frame = fake.gateway.frames.find((f) => f.t === 'INTERACTION_CREATE');
      expect(frame?.connectionId).toBe(sessions[1]?.connection?.id);
      await interaction.reply('Depuis le shard 1');
      expect(await fake.waitForInteractionResponse(payload)).toMatchObject({ type: 4 });
    });
  });
});
