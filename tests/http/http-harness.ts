/**
 * The bot in HTTP interactions mode, with Discord played by the test: a key pair generated here
 * signs every request as Discord would, and the fake Discord (REST only) receives what comes after
 * the HTTP answer. Each HTTP answer is checked against Discord's OpenAPI spec and then relayed to
 * the fake's callback route, as Discord records it, so webhook edits and follow-ups find it there
 * and `fake.waitForInteractionResponse` and `fake.assertAllBodiesValid` see it too.
 *
 * @module
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { APIInteractionResponse } from 'discord.js';
import { commands as defaultCommands } from '../../commands/index.js';
import type { Command } from '../../src/bot/types.js';
import { HTTP_DEFAULTS } from '../../src/config.js';
import { type RunningHttpBot, startHttpBot } from '../../src/http/start.js';
import { preloadDiscordSpec, validateInteractionCallback } from '../support/discord-spec.js';
import type { DispatchedInteraction } from '../support/fake-discord/rest.js';
import { FakeDiscord, type FakeDiscordOptions } from '../support/fake-discord.js';
import { collectingLogger, realEngine } from '../support/fakes.js';

const root = path.resolve(import.meta.dirname, '../..');

/** An Ed25519 key pair, the public half as the Developer Portal shows it. */
export interface SigningKeys {
  publicKeyHex: string;
  privateKey: KeyObject;
}

/** A fresh key pair, like an application's. */
export function generateSigningKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKeyHex: Buffer.from(String(jwk.x), 'base64url').toString('hex'), privateKey };
}

/** The `X-Signature-Ed25519` of `timestamp + body`. */
export function signatureOf(privateKey: KeyObject, timestamp: string, body: string | Buffer): string {
  return sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
}

/** Unix time in seconds, as Discord puts in `X-Signature-Timestamp`. */
export const nowSeconds = (offsetSeconds = 0) => String(Math.floor(Date.now() / 1000) + offsetSeconds);

/** A raw answer of the endpoint. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Options of {@link signedPost}. */
export interface PostOptions {
  /** Signed timestamp (default now). */
  timestamp?: string;
  /** Overrides the signature (default: a genuine one over timestamp + body). */
  signature?: string | null;
  /** Sent instead of the signed body (a tampered request). */
  sentBody?: string;
  path?: string;
}

/** POSTs `body` to the endpoint as Discord would, signed with `keys`. */
export async function signedPost(
  baseUrl: string,
  keys: SigningKeys,
  body: string,
  options: PostOptions = {},
): Promise<HttpAnswer> {
  const timestamp = options.timestamp ?? nowSeconds();
  const signature =
    options.signature === undefined ? signatureOf(keys.privateKey, timestamp, body) : options.signature;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Discord-Interactions/1.0 (+https://discord.com)',
  };
  if (signature !== null) {
    headers['X-Signature-Ed25519'] = signature;
    headers['X-Signature-Timestamp'] = timestamp;
  }
  const response = await fetch(`${baseUrl}${options.path ?? '/interactions'}`, {
    method: 'POST',
    headers,
    body: options.sentBody ?? body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The bot in HTTP mode against a fake Discord. */
export interface HttpHarness {
  fake: FakeDiscord;
  bot: RunningHttpBot;
  keys: SigningKeys;
  dataPath: string;
  logs: Array<Record<string, unknown>>;
  rawLogs: string[];
  /** Every copy started, the first being {@link bot}. */
  copies: RunningHttpBot[];
  /** Starts another copy of the endpoint (same key, same fake): stateless copies behind a balancer. */
  startCopy(): Promise<RunningHttpBot>;
  /**
   * Plays Discord for one interaction: makes it known to the fake, POSTs it signed to `copy`,
   * checks the answer against the OpenAPI spec (throwing on a problem) and records it in the fake.
   */
  deliver(payload: DispatchedInteraction, copy?: RunningHttpBot): Promise<APIInteractionResponse>;
  /** How long the endpoint took to answer the last {@link deliver}, in ms (the HTTP exchange alone). */
  readonly lastAnswerMs: number;
  close(): Promise<void>;
}

/** Options of {@link startHttpHarness}. */
export interface HttpHarnessOptions {
  commands?: readonly Command[];
  fake?: FakeDiscordOptions;
  deferAfterMs?: number;
  shutdownGraceMs?: number;
  bodyLimitBytes?: number;
  requestTimeoutMs?: number;
}

/** Starts a fake Discord and the bot's HTTP endpoint on 127.0.0.1 with a fresh key pair. */
export async function startHttpHarness(options: HttpHarnessOptions = {}): Promise<HttpHarness> {
  const fake = await FakeDiscord.start(options.fake);
  const dataPath = await mkdtemp(path.join(tmpdir(), 'conventions-http-'));
  await cp(path.join(root, 'data/conventions.json'), path.join(dataPath, 'conventions.json'));
  await cp(path.join(root, 'data/synonyms.json'), path.join(dataPath, 'synonyms.json'));
  const { logger, lines, raw } = collectingLogger();
  const engine = await realEngine();
  const keys = generateSigningKeys();
  preloadDiscordSpec();
  let lastAnswerMs = 0;
  const start = () =>
    startHttpBot({
      config: { apiUrl: fake.apiUrl, dataPath, cooldown: { commands: 0, windowMs: 0 } },
      http: {
        ...HTTP_DEFAULTS,
        host: '127.0.0.1',
        port: 0,
        ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
        ...(options.shutdownGraceMs === undefined ? {} : { shutdownGraceMs: options.shutdownGraceMs }),
        ...(options.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: options.bodyLimitBytes }),
        ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      },
      publicKey: keys.publicKeyHex,
      logger,
      engine,
      commands: options.commands ?? defaultCommands,
      watchData: false,
    });
  const copies = [await start()];
  const first = copies[0] as RunningHttpBot;
  return {
    fake,
    bot: first,
    keys,
    dataPath,
    logs: lines,
    rawLogs: raw,
    copies,
    get lastAnswerMs() {
      return lastAnswerMs;
    },
    async startCopy() {
      const copy = await start();
      copies.push(copy);
      return copy;
    },
    async deliver(payload, copy = first) {
      fake.rest.registerInteraction(payload);
      const started = performance.now();
      const answer = await signedPost(copy.url, keys, JSON.stringify(payload));
      lastAnswerMs = performance.now() - started;
      if (answer.status !== 200) {
        throw new Error(`the endpoint answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      const problems = validateInteractionCallback(answer.body);
      if (problems.length > 0) {
        throw new Error(`invalid interaction response:\n  - ${problems.join('\n  - ')}`);
      }
      // What Discord does with the HTTP answer: it becomes the interaction's callback.
      const relayed = await fetch(`${fake.apiUrl}/v10/interactions/${payload.id}/${payload.token}/callback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(answer.body),
      });
      if (!relayed.ok) throw new Error(`the fake refused the callback: ${await relayed.text()}`);
      return answer.body as APIInteractionResponse;
    },
    async close() {
      for (const copy of copies) await copy.stop().catch(() => undefined);
      await fake.close();
      await rm(dataPath, { recursive: true, force: true });
    },
  };
}
