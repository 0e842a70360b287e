import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Client,
  DiscordAPIError,
  Events,
  HTTPError,
  InteractionResponseType,
  RateLimitError,
  Routes,
} from 'discord.js';
import { errors } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  it('posts as the client’s REST manager does: same route and body, its user agent, no authorization', async () => {
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

  it('gives up on a rate limit that does not lift with discord.js’s RateLimitError', async () => {
    const interaction = dispatched();
    const lift = fake.rateLimitNext({ path: /\/callback$/u, retryAfter: 0.01, count: 10 });
    try {
      const failure = callbacks.post(interaction.id, interaction.token, reply);
      await expect(failure).rejects.toBeInstanceOf(RateLimitError);
      await expect(failure).rejects.toMatchObject({
        method: 'POST',
        route: '/interactions/:id/:token/callback',
        retryAfter: 10,
        global: false,
      });
      await expect(failure).rejects.toThrow(
        'POST /interactions/:id/:token/callback: rate limited 3 times in a row (retry after 10 ms)',
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

  it.each([
    ['token', (id: string, token: string) => [id, `${token}/../../../../channels/1/messages?x=`] as const],
    ['id', (id: string, token: string) => [`${id}/../../../channels/1/messages?`, token] as const],
  ])('keeps a forged %s on the callback route', async (_name, forge) => {
    const interaction = dispatched();
    const [id, token] = forge(interaction.id, interaction.token);
    const before = fake.requests.length;
    await expect(callbacks.post(id, token, reply)).rejects.toBeInstanceOf(DiscordAPIError);
    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toMatch(/^\/api\/v10\/interactions\/[^/?]+\/[^/?]+\/callback$/u);
  });

  it('takes its retries from the client’s REST settings', async () => {
    const stingy = new Client({ intents: [], rest: { api: fake.apiUrl, retries: 1 } });
    const ours = InteractionCallbacks.forClient(stingy);
    opened.push(ours);
    const interaction = dispatched();
    const heal = fake.failNext({ path: /\/callback$/u, status: 500, count: 10 });
    try {
      await expect(ours.post(interaction.id, interaction.token, reply)).rejects.toBeInstanceOf(HTTPError);
      expect(attemptsOf(interaction.id).map((request) => request.status)).toEqual([500, 500]);
    } finally {
      heal();
      await stingy.destroy();
    }
  });

  it('ends a wait for a rate limit when closed', async () => {
    const closing = callbacksTo(fake.apiUrl);
    const interaction = dispatched();
    fake.rateLimitNext({ path: /\/callback$/u, retryAfter: 60 });
    const waiting = closing.post(interaction.id, interaction.token, reply).catch((error: unknown) => error);
    await waitFor(() => attemptsOf(interaction.id).length === 1, 'the 429');
    await closing.close();
    expect(await waiting).toMatchObject({ name: 'AbortError' });
    expect(attemptsOf(interaction.id)).toHaveLength(1);
  });
});

/**
 * A server answering each request in turn as `script` says: to play what the fake Discord does
 * not (a lost response, a proxy's page, a 429 without `Retry-After`).
 */
async function scripted(
  script: Array<(response: ServerResponse) => void>,
): Promise<{ api: string; arrivals: number[]; close(): Promise<void> }> {
  const arrivals: number[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    arrivals.push(performance.now());
    script[arrivals.length - 1]?.(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    api: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (status: number, body: unknown) => (response: ServerResponse) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const noContent = (response: ServerResponse) => response.writeHead(204).end();
const never = () => undefined;

describe('InteractionCallbacks against what the fake Discord does not play', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(servers.map((server) => server.close())));
  const serve = async (script: Array<(response: ServerResponse) => void>) => {
    const server = await scripted(script);
    servers.push(server);
    return server;
  };

  it.each<[string, (response: ServerResponse) => void, Record<string, unknown>]>([
    [
      'a proxy’s HTML page, by its status and the start of its body',
      (response) =>
        response
          .writeHead(403, { 'content-type': 'text/html' })
          .end('<html><body>Forbidden by policy</body></html>'),
      { status: 403, code: 0, message: '403 Forbidden: <html><body>Forbidden by policy</body></html>' },
    ],
    [
      'Discord JSON without a message, keeping its code',
      json(404, { code: 10062 }),
      { status: 404, code: 10062, message: '404 Not Found: {"code":10062}' },
    ],
    [
      'Discord JSON, as Discord wrote it',
      json(400, { code: 40060, message: 'Interaction has already been acknowledged.' }),
      { status: 400, code: 40060, message: 'Interaction has already been acknowledged.' },
    ],
  ])('describes a 4xx from %s', async (_name, answer, expected) => {
    const server = await serve([answer]);
    const failure = callbacksTo(server.api).post('123456789012345678', 'token', reply);
    await expect(failure).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(failure).rejects.toMatchObject(expected);
    expect(server.arrivals).toHaveLength(1);
  });

  it('takes "already acknowledged" after a lost response as the answer delivered', async () => {
    // The first attempt reaches Discord, whose response never comes back; the second is refused.
    const server = await serve([
      never,
      json(400, { code: 40060, message: 'Interaction has already been acknowledged.' }),
    ]);
    await callbacksTo(server.api, { timeoutMs: 100 }).post('123456789012345678', 'token', reply);
    expect(server.arrivals).toHaveLength(2);
  });

  it('gives up on a Discord that never answers, with undici’s timeout error', async () => {
    const server = await serve([never, never]);
    await expect(
      callbacksTo(server.api, { timeoutMs: 100, retries: 1 }).post('123456789012345678', 'token', reply),
    ).rejects.toBeInstanceOf(errors.HeadersTimeoutError);
    expect(server.arrivals).toHaveLength(2);
  });

  it('waits the offset alone after a 429 without Retry-After', async () => {
    const server = await serve([(response) => response.writeHead(429).end(), noContent]);
    await callbacksTo(server.api, { rateLimitOffsetMs: 150 }).post('123456789012345678', 'token', reply);
    const [first = 0, second = 0] = server.arrivals;
    expect(second - first).toBeGreaterThanOrEqual(140);
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
