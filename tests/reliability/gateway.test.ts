import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type HarnessOptions, startHarness } from '../support/bot-harness.js';
import { chatInputInteraction, stringOption, user } from '../support/payloads.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: HarnessOptions = {}): Promise<Harness> {
  harness = await startHarness(options);
  await harness.fake.waitForReady();
  return harness;
}

/** Dispatches /convention and resolves with the author of the answer's first embed. */
function ask(h: Harness, topic: string) {
  const interaction = h.fake.dispatchInteraction(
    chatInputInteraction({
      context: h.fake.context,
      name: 'convention',
      options: [stringOption('sujet', topic)],
    }),
  );
  return {
    interaction,
    answered: h.fake
      .waitForInteractionResponse(interaction.id, 20_000)
      .then(
        (response) =>
          (response as { data?: { embeds?: Array<{ author?: { name: string } }> } }).data?.embeds?.[0]?.author
            ?.name,
      ),
  };
}

/** Each interaction was answered exactly once. */
function expectAnsweredOnce(h: Harness) {
  const callbacks = h.fake.requests.filter(
    (request) => request.route?.endsWith('/callback') && request.status < 300,
  );
  const ids = callbacks.map((request) => request.path.split('/')[2]);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('what the bot asks of the gateway', () => {
  it('asks for no intents and keeps no server state, yet knows its servers and answers in each', async () => {
    const textChannels = Array.from({ length: 20 }, (_, index) => `salon-${index}`);
    const h = await start({
      fake: { guilds: [0, 1, 2].map((index) => ({ name: `Serveur ${index}`, textChannels })) },
    });
    // Interactions need no intent; the Guilds intent would cache every server's channels, roles
    // and emojis (about 60 kB a server: a 2 000-server bot filled its heap).
    expect(h.fake.gateway.identifies.map((identify) => identify.intents)).toEqual([0]);
    expect(h.bot.client.guilds.cache.size).toBe(3);
    expect(h.bot.client.channels.cache.size).toBe(0);
    const interaction = h.fake.dispatchInteraction(
      chatInputInteraction({
        context: h.fake.contextFor(2),
        name: 'convention',
        options: [stringOption('sujet', 'culture')],
      }),
    );
    const response = (await h.fake.waitForInteractionResponse(interaction.id)) as {
      data?: { embeds?: Array<{ author?: { name: string } }> };
    };
    expect(response.data?.embeds?.[0]?.author?.name).toBe('Ville × Culture');
    expect(h.logs).toContainEqual(expect.objectContaining({ msg: 'bot ready', guilds: 3 }));
  });
  it('remembers no user or member from the interactions it answers', async () => {
    const h = await start();
    // Every member who ever typed a command would otherwise stay in memory for good.
    for (const username of ['alix', 'camille', 'dominique', 'sacha']) {
      const interaction = h.fake.dispatchInteraction(
        chatInputInteraction({
          context: h.fake.context,
          name: 'convention',
          options: [stringOption('sujet', 'emploi')],
          user: user({ username }),
        }),
      );
      await h.fake.waitForInteractionResponse(interaction.id);
    }
    const client = h.bot.client;
    expect([...client.users.cache.keys()]).toEqual([client.user?.id]);
    expect(client.guilds.cache.reduce((members, guild) => members + guild.members.cache.size, 0)).toBe(0);
  });
});

describe('gateway faults', () => {
  it('resumes after a close with a resumable code, and answers what was dispatched during the outage', async () => {
    const h = await start();
    await h.fake.closeGateway(4000);
    const during = ask(h, 'transports');
    expect(await during.answered).toBe('Ville × Transports');
    expect((await h.fake.waitForResume(1))[0]).toMatchObject({ accepted: true });
    expect(await ask(h, 'culture').answered).toBe('Ville × Culture');
    expect(h.fake.gateway.identifies).toHaveLength(1);
    expectAnsweredOnce(h);
  });

  it('resumes after the connection is killed without a close frame', async () => {
    const h = await start();
    h.fake.terminateGateway();
    const during = ask(h, 'emploi');
    expect(await during.answered).toBe('Ville × Emploi · Service public de l’emploi');
    await h.fake.waitForResume(1);
    expect(await ask(h, 'police').answered).toBe('Ville × Intérieur');
    expectAnsweredOnce(h);
  });

  it('reconnects and resumes on a reconnect request (op 7)', async () => {
    const h = await start();
    h.fake.sendReconnect();
    const during = ask(h, 'école');
    expect(await during.answered).toBe('Ville × Éducation nationale');
    await h.fake.waitForResume(1);
    expect(await ask(h, 'bus').answered).toBe('Ville × Transports');
  });

  it('resumes after a resumable invalid session (op 9, d: true)', async () => {
    const h = await start();
    h.fake.sendInvalidSession(true);
    await h.fake.waitForResume(1);
    expect(await ask(h, 'musée').answered).toBe('Ville × Culture');
  });

  it('identifies again after a non-resumable invalid session (op 9, d: false) and answers', async () => {
    const h = await start();
    h.fake.sendInvalidSession(false);
    // discord.js waits out its 5-second identify throttle before identifying again.
    await h.fake.waitForIdentify(2, 15_000);
    await h.fake.waitForReady();
    expect(await ask(h, 'radicalisation').answered).toBe('Ville × Intérieur');
  }, 25_000);

  it('replaces a zombie connection whose heartbeats are no longer acknowledged', async () => {
    const h = await start({ fake: { heartbeatIntervalMs: 150 } });
    h.fake.setHeartbeatAck(false);
    await h.fake.waitForResume(1);
    h.fake.setHeartbeatAck(true);
    expect(h.fake.gateway.connections[0]?.closeCode).toBe(4200);
    expect(await ask(h, 'mobilité').answered).toBe('Ville × Transports');
  });
});
