import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, DiscordAPIError, Events, HTTPError, InteractionResponseType, Routes } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CallbackOptions, InteractionCallbacks } from '../../src/bot/callbacks.js';
import { createClient } from '../../src/bot/client.js';
import { waitFor } from '../support/bot-harness.js';
import { assertValidDiscordBody } from '../support/discord-spec.js';
import { FakeDiscord } from '../support/fake-discord.js';
import { chatInputInteraction } from '../support/payloads.js';

let fake: FakeDiscord;
let client: Client;
let callbacks: InteractionCallbacks;
const opened: InteractionCallbacks[] = [];

/** Callbacks to the fake with short limits, so retries and timeouts show within a test. */
function callbacksTo(api: string, options: Partial<CallbackOptions> = {}): InteractionCallbacks {
  const created = new InteractionCallbacks({
    api,
    version: '10',
    userAgent: 'DiscordBot (https://example.org, 1.0)',
    timeoutMs: 2000,
    retries: 2,
    rateLimitOffsetMs: 0,
    ...options,
  });
  opened.push(created);
  return created;
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  // A client logged in, so that the fake has a gateway session to dispatch interactions to.
  client = createClient({ apiUrl: fake.apiUrl });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  callbacks = callbacksTo(fake.apiUrl);
});
afterAll(async () => {
  await client?.destroy();
  await Promise.all(opened.map((created) => created.close()));
  await fake?.close();
});

/** An interaction the fake dispatched; the client does not answer it. */
const dispatched = () =>
  fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'convention' }));
const reply = {
  type: InteractionResponseType.ChannelMessageWithSource,
  data: { content: 'Bonjour' },
} as const;
const attemptsOf = (id: string) =>
  fake.requests.filter((request) => request.path.includes(`/interactions/${id}/`));

describe('InteractionCallbacks.post', () => {
  it('posts the body as discord.js’s REST manager does: same route, JSON, user agent, no authorization', async () => {
    const ours = InteractionCallbacks.forClient(client);
    opened.push(ours);
    {
      const stock = dispatched();
      await client.rest.post(Routes.interactionCallback(stock.id, stock.token), { body: reply, auth: false });
      const built = dispatched();
      await ours.post(built.id, built.token, reply);
      const [sent, expected] = [attemptsOf(built.id)[0], attemptsOf(stock.id)[0]];
      if (sent === undefined || expected === undefined) throw new Error('both callbacks should have arrived');
      expect({
        route: sent.route,
        url: sent.url.replace(built.id, 'ID').replace(built.token, 'TOKEN'),
        body: sent.body,
        status: sent.status,
        contentType: sent.headers['content-type'],
        userAgent: sent.headers['user-agent'],
        authorization: sent.headers.authorization,
      }).toEqual({
        route: expected.route,
        url: expected.url.replace(stock.id, 'ID').replace(stock.token, 'TOKEN'),
        body: expected.body,
        status: 204,
        contentType: expected.headers['content-type'],
        userAgent: expected.headers['user-agent'],
        authorization: undefined,
      });
      expect(expected.headers.authorization).toBeUndefined();
      assertValidDiscordBody(sent);
    }
  });

  it('waits out a 429 as its Retry-After says, then posts again', async () => {
    const interaction = dispatched();
    fake.rateLimitNext({ path: /\/callback$/u, retryAfter: 0.25 });
    await callbacks.post(interaction.id, interaction.token, reply);
    const attempts = attemptsOf(interaction.id);
    expect(attempts.map((request) => request.status)).toEqual([429, 204]);
    expect((attempts[1]?.time ?? 0) - (attempts[0]?.time ?? 0)).toBeGreaterThanOrEqual(240);
  });

  it('gives up on a rate limit that does not lift, saying so', async () => {
    const interaction = dispatched();
    const lift = fake.rateLimitNext({ path: /\/callback$/u, retryAfter: 0.01, count: 10 });
    try {
      await expect(callbacks.post(interaction.id, interaction.token, reply)).rejects.toThrow(
        /\/interactions\/\d+\/[^/]+\/callback: still rate limited after 3 attempts/u,
      );
      expect(attemptsOf(interaction.id).map((request) => request.status)).toEqual([429, 429, 429]);
    } finally {
      lift();
    }
  });

  it('retries a 5xx, and throws discord.js’s HTTPError when it persists', async () => {
    const once = dispatched();
    fake.failNext({ path: /\/callback$/u, status: 502 });
    await callbacks.post(once.id, once.token, reply);
    expect(attemptsOf(once.id).map((request) => request.status)).toEqual([502, 204]);

    const always = dispatched();
    const heal = fake.failNext({ path: /\/callback$/u, status: 503, count: 10 });
    try {
      const failure = callbacks.post(always.id, always.token, reply);
      await expect(failure).rejects.toBeInstanceOf(HTTPError);
      await expect(failure).rejects.toMatchObject({ status: 503, method: 'POST' });
      expect(attemptsOf(always.id).map((request) => request.status)).toEqual([503, 503, 503]);
    } finally {
      heal();
    }
  });

  it('throws a 4xx at once as discord.js’s DiscordAPIError, with Discord’s code', async () => {
    const interaction = dispatched();
    fake.unknownInteractionNext();
    const failure = callbacks.post(interaction.id, interaction.token, reply);
    await expect(failure).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(failure).rejects.toMatchObject({
      code: 10062,
      status: 404,
      method: 'POST',
      url: expect.stringContaining(`/interactions/${interaction.id}/`),
      requestBody: { json: reply },
    });
    expect(attemptsOf(interaction.id)).toHaveLength(1);
  });

  it('posts again when the connection is cut under the request', async () => {
    const interaction = dispatched();
    fake.failNext({ path: /\/callback$/u, dropConnection: true });
    await callbacks.post(interaction.id, interaction.token, reply);
    expect(attemptsOf(interaction.id).map((request) => request.status)).toEqual([0, 204]);
  });

  it('posts again when Discord does not answer in time', async () => {
    // undici checks this timeout about every half second, hence a long delay.
    const quick = callbacksTo(fake.apiUrl, { timeoutMs: 100 });
    const interaction = dispatched();
    fake.failNext({ path: /\/callback$/u, delayMs: 2000 });
    await quick.post(interaction.id, interaction.token, reply);
    expect(await fake.waitForInteractionResponse(interaction.id)).toEqual(reply);
    // The first attempt, given up, is recorded once the fake's delay is over.
    await waitFor(() => attemptsOf(interaction.id).length === 2, 'both attempts to be recorded');
    expect(attemptsOf(interaction.id).filter((request) => request.status === 204)).toHaveLength(1);
  });

  it('keeps a forged id or token on the callback route', async () => {
    const interaction = dispatched();
    const forged = `${interaction.token}/../../../../channels/1/messages?x=`;
    await expect(callbacks.post(interaction.id, forged, reply)).rejects.toBeInstanceOf(DiscordAPIError);
    const [sent] = fake.requests.slice(-1);
    expect(sent?.url).toMatch(/^\/api\/v10\/interactions\/\d+\/[^/?]+\/callback$/u);
    expect(sent?.route).toBe('POST /interactions/{interaction.id}/{interaction.token}/callback');
  });
});

describe('InteractionCallbacks errors from something that is not Discord', () => {
  let proxy: Server;
  let api: string;
  beforeAll(async () => {
    // A proxy in front of Discord answering an HTML error page.
    proxy = createServer((_request, response) => {
      response
        .writeHead(403, { 'content-type': 'text/html' })
        .end('<html><body>Forbidden by policy</body></html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api`;
  });
  afterEach(() => undefined);
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it('describes a 4xx that is not Discord JSON by its status and the start of its body', async () => {
    const failure = callbacksTo(api).post('123456789012345678', 'token', reply);
    await expect(failure).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      message: '403 Forbidden: <html><body>Forbidden by policy</body></html>',
    });
  });

  it('rejects with the network error when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(callbacksTo(`http://127.0.0.1:${port}/api`).post('1', 't', reply)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
