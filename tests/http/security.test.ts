/**
 * Hostile requests to the interactions endpoint: none reaches a command, each gets the right
 * status, and the endpoint keeps serving genuine requests afterwards. Requests are signed with a
 * key pair generated here, as Discord signs them with the application's.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/bot/types.js';
import { chatInputInteraction } from '../support/payloads.js';
import {
  generateSigningKeys,
  type HttpHarness,
  nowSeconds,
  signatureOf,
  signedPost,
  startHttpHarness,
} from './http-harness.js';

const BODY_LIMIT = 4096;
const REQUEST_TIMEOUT_MS = 300;

let executions = 0;
/** Counts every run: a refused request must never get here. */
const spy: Command = {
  data: { name: 'espion', description: 'Compte ses exécutions' },
  help: { fr: { example: '/espion', description: '' }, en: { example: '/espion', description: '' } },
  async execute(interaction) {
    executions += 1;
    await interaction.reply({ embeds: [{ description: 'vu' }], allowedMentions: { parse: [] } });
    return undefined;
  },
};

let harness: HttpHarness;
beforeAll(async () => {
  harness = await startHttpHarness({
    commands: [spy],
    bodyLimitBytes: BODY_LIMIT,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
});
afterAll(async () => {
  await harness?.close();
});

const payload = () => JSON.stringify(chatInputInteraction({ context: harness.fake.context, name: 'espion' }));
const post = (body: string, options: Parameters<typeof signedPost>[3] = {}) =>
  signedPost(harness.bot.url, harness.keys, body, options);
const refusals = () => harness.logs.filter((line) => line.msg === 'interaction request refused');

/** Sends raw bytes on a socket and collects whatever comes back until the server closes it. */
function rawExchange(
  port: number,
  chunks: Array<{ data: string; afterMs?: number }>,
): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      text += data;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    let delay = 0;
    for (const chunk of chunks) {
      delay += chunk.afterMs ?? 0;
      setTimeout(() => {
        if (!socket.destroyed) socket.write(chunk.data);
      }, delay);
    }
  });
}

const portOf = () => Number(new URL(harness.bot.url).port);

describe('refused before any command runs', () => {
  it('refuses a request without signature headers with 401', async () => {
    const answer = await post(payload(), { signature: null });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'Invalid request signature' });
  });

  it('refuses a request with only one of the two headers', async () => {
    const body = payload();
    const response = await fetch(`${harness.bot.url}/interactions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Signature-Timestamp': nowSeconds() },
      body,
    });
    expect(response.status).toBe(401);
  });

  it('refuses a forged signature', async () => {
    const forged = Buffer.alloc(64, 7).toString('hex');
    expect((await post(payload(), { signature: forged })).status).toBe(401);
  });

  it('refuses a signature that is not hexadecimal', async () => {
    expect((await post(payload(), { signature: 'not-a-signature' })).status).toBe(401);
  });

  it('refuses a request signed with another key', async () => {
    const body = payload();
    const timestamp = nowSeconds();
    const stranger = generateSigningKeys();
    const answer = await post(body, {
      timestamp,
      signature: signatureOf(stranger.privateKey, timestamp, body),
    });
    expect(answer.status).toBe(401);
  });

  it('refuses a genuine signature over a body that was changed on the way', async () => {
    const body = payload();
    const tampered = body.replace('"espion"', '"esp10n"');
    expect(tampered).not.toBe(body);
    expect((await post(body, { sentBody: tampered })).status).toBe(401);
  });

  it('refuses a genuine signature whose timestamp is too old (a replayed capture) or too far ahead', async () => {
    expect((await post(payload(), { timestamp: nowSeconds(-301) })).status).toBe(401);
    expect((await post(payload(), { timestamp: nowSeconds(-3600 * 24) })).status).toBe(401);
    expect((await post(payload(), { timestamp: nowSeconds(301) })).status).toBe(401);
  });

  it('answers 400 to malformed JSON with a genuine signature', async () => {
    const answer = await post('{"type": 2, "id": ');
    expect(answer.status).toBe(400);
    expect((await post('not json at all')).status).toBe(400);
  });

  it('answers 400 to signed JSON that is not an interaction', async () => {
    expect((await post('[]')).status).toBe(400);
    expect((await post('{"type":"2"}')).status).toBe(400);
    expect((await post('{"type":2,"id":"1"}')).status).toBe(400);
    expect((await post('null')).status).toBe(400);
  });

  it('answers 413 to a body over the limit, announced by Content-Length, without reading it', async () => {
    const big = JSON.stringify({ type: 2, padding: 'x'.repeat(BODY_LIMIT) });
    const answer = await post(big);
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
  });

  it('answers 413 to a chunked body that grows over the limit', async () => {
    const timestamp = nowSeconds();
    const big = JSON.stringify({ type: 2, padding: 'y'.repeat(BODY_LIMIT * 2) });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${harness.bot.url}/interactions`,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Signature-Ed25519': signatureOf(harness.keys.privateKey, timestamp, big),
            'X-Signature-Timestamp': timestamp,
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // No Content-Length: Transfer-Encoding: chunked, in pieces.
      for (let start = 0; start < big.length; start += 1024) req.write(big.slice(start, start + 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 408 to a client that sends its body too slowly, then closes the connection', async () => {
    const body = payload();
    const timestamp = nowSeconds();
    const head = [
      'POST /interactions HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Signature-Ed25519: ${signatureOf(harness.keys.privateKey, timestamp, body)}`,
      `X-Signature-Timestamp: ${timestamp}`,
      '',
      '',
    ].join('\r\n');
    const { text, closedAfterMs } = await rawExchange(portOf(), [
      { data: head },
      { data: body.slice(0, 20), afterMs: 50 },
      // The rest would come long after the limit.
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 408 /u);
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 20);
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
  });

  it('closes a client that never finishes its headers (slowloris) with 408', async () => {
    const { text, closedAfterMs } = await rawExchange(portOf(), [
      { data: 'POST /interactions HTTP/1.1\r\nHost: 127.0.0.1\r\n' },
      { data: 'X-Slow: 1\r\n', afterMs: 100 },
    ]);
    expect(text).toMatch(/^HTTP\/1\.1 408 /u);
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2000);
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    expect((await post(payload(), { path: '/' })).status).toBe(404);
    const get = await fetch(`${harness.bot.url}/interactions`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('let none of them reach a command, and logged each with its reason', () => {
    expect(executions).toBe(0);
    expect(harness.logs.some((line) => line.msg === 'command answered')).toBe(false);
    const reasons = new Set(refusals().map((line) => line.reason));
    expect([...reasons].sort()).toEqual(
      [
        'bad signature',
        'body too large',
        'malformed JSON',
        'malformed payload',
        'malformed signature',
        'missing signature',
        'request timeout',
        'stale timestamp',
      ].sort(),
    );
  });
});

describe('still serving', () => {
  it('answers PING with PONG', async () => {
    const answer = await post(
      JSON.stringify({ id: '1', type: 1, application_id: '2', token: 't', version: 1 }),
    );
    expect(answer).toMatchObject({ status: 200, body: { type: 1 } });
  });

  it('runs a genuine command once, and refuses the same signed request delivered again', async () => {
    const body = payload();
    const timestamp = nowSeconds();
    const first = await post(body, { timestamp });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ type: 4, data: { embeds: [{ description: 'vu' }] } });
    const again = await post(body, { timestamp });
    expect(again.status).toBe(401);
    expect(refusals().at(-1)?.reason).toBe('replayed request');
    expect(executions).toBe(1);
  });

  it('reports its health and what it refused', async () => {
    const response = await fetch(`${harness.bot.url}/health`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as Record<string, unknown>;
    expect(report).toMatchObject({ status: 'ok', mode: 'http', inFlight: expect.any(Number) });
    expect(report.refused).toMatchObject({ 400: 6, 408: 1, 413: 2 });
    expect((report.refused as Record<string, number>)['401']).toBeGreaterThanOrEqual(9);
  });
});
