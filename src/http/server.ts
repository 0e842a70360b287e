/**
 * The HTTP interactions endpoint: Discord POSTs every interaction to `/interactions`, signed with
 * the application's Ed25519 key. Nothing of a request is used before its signature is verified;
 * every failure is a 401. The answer is the HTTP response body, given within Discord's 3 seconds
 * (a slow command is deferred, then finished through REST). No state is kept between requests
 * (beyond a per-process replay guard), so any number of copies can run behind a load balancer.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  InteractionResponseType,
  InteractionType,
  type REST,
} from 'discord.js';
import { toApiMessage, toMessageOptions } from '../bot/respond.js';
import { errorReference, type Router } from '../bot/router.js';
import { HTTP_DEFAULTS } from '../config.js';
import { errorReply } from '../discord/replies.js';
import { languageOf } from '../i18n.js';
import type { Logger } from '../logger.js';
import { InteractionExchange } from './exchange.js';
import {
  DEFERRED_COMMAND,
  DEFERRED_UPDATE,
  HttpAutocompleteRequest,
  HttpComponentRequest,
  HttpSlashInteraction,
  NO_CHOICES,
} from './interactions.js';
import { listenOn } from './listen.js';
import {
  isFresh,
  publicKeyFromHex,
  ReplayGuard,
  readSignatureHeaders,
  type SignatureProblem,
  verifySignature,
} from './signature.js';

/** Where Discord is told to send interactions (the Interactions Endpoint URL ends with it). */
export const INTERACTIONS_PATH = '/interactions';
/** The health endpoint, for load balancers and orchestrators. */
export const HEALTH_PATH = '/health';

/** Options of {@link createInteractionsServer}; the limits default to {@link HTTP_SERVER_DEFAULTS}. */
export interface InteractionsServerOptions {
  /** The application's public key, 64 hex characters (Developer Portal, General Information). */
  publicKey: string;
  router: Router;
  /** REST client for the answers after the HTTP one (webhook routes; no token needed). */
  rest: REST;
  logger: Logger;
  /** Larger bodies get 413, unread. */
  bodyLimitBytes?: number;
  /** Time allowed to receive a whole request; slower clients get 408. */
  requestTimeoutMs?: number;
  /** Past this, an unanswered command is deferred so Discord's 3-second limit is kept. */
  deferAfterMs?: number;
  /** Signed timestamps further than this from now are refused (a replayed capture). */
  maxTimestampAgeSeconds?: number;
  /** How long {@link InteractionsServer.close} waits for interactions in flight. */
  shutdownGraceMs?: number;
  /** Clock, in ms since the epoch (tests move it). */
  now?: () => number;
  /** Extra fields for the health report. */
  health?: () => Record<string, unknown>;
}

/** Defaults of {@link InteractionsServerOptions}: those of the configuration, and Discord's 5 minutes. */
export const HTTP_SERVER_DEFAULTS = {
  bodyLimitBytes: HTTP_DEFAULTS.bodyLimitBytes,
  requestTimeoutMs: HTTP_DEFAULTS.requestTimeoutMs,
  deferAfterMs: HTTP_DEFAULTS.deferAfterMs,
  maxTimestampAgeSeconds: 300,
  shutdownGraceMs: HTTP_DEFAULTS.shutdownGraceMs,
} as const;

/** What `GET /health` answers (200 while serving, 503 while shutting down). */
export interface HttpHealthReport {
  status: 'ok' | 'draining';
  mode: 'http';
  uptimeSeconds: number;
  /** Requests being handled and interactions whose work (edits, follow-ups) is not finished. */
  inFlight: number;
  /** Interactions answered, and requests refused by status code, since start. */
  interactions: number;
  refused: Record<string, number>;
  [extra: string]: unknown;
}

/** A running interactions endpoint. */
export interface InteractionsServer {
  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  listen(port: number, host: string): Promise<AddressInfo>;
  /** `http://host:port` once listening. */
  readonly url: string;
  health(): HttpHealthReport;
  /**
   * Graceful shutdown: stops accepting connections, answers new requests on open connections 503,
   * waits (up to the grace period) for every request and interaction in flight, then closes.
   */
  close(): Promise<void>;
}

type Refusal =
  | SignatureProblem
  | 'body too large'
  | 'request timeout'
  | 'malformed JSON'
  | 'malformed payload';

/** What the interaction needs to be answered; checked after the signature, before any use. */
function payloadProblem(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'not an object';
  const fields = payload as Record<string, unknown>;
  if (typeof fields.type !== 'number' || !Number.isInteger(fields.type)) return 'no numeric type';
  if (fields.type === InteractionType.Ping) return undefined;
  for (const name of ['id', 'token', 'application_id', 'locale'] as const) {
    if (typeof fields[name] !== 'string' || fields[name] === '') return `no ${name}`;
  }
  if (typeof fields.data !== 'object' || fields.data === null) return 'no data';
  const member = fields.member as { user?: unknown } | undefined;
  if (typeof (member?.user ?? fields.user) !== 'object') return 'no user';
  const data = fields.data as Record<string, unknown>;
  if (fields.type === InteractionType.MessageComponent && typeof data.custom_id !== 'string') {
    return 'no custom_id';
  }
  if (
    (fields.type === InteractionType.ApplicationCommand ||
      fields.type === InteractionType.ApplicationCommandAutocomplete) &&
    typeof data.name !== 'string'
  ) {
    return 'no command name';
  }
  return undefined;
}

type ReadResult = { body: Buffer } | { refusal: 'body too large' | 'request timeout' | 'aborted' };

/** Reads a request body up to `limit` bytes within `timeoutMs`, stopping early on either. */
function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: ReadResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      if (!('body' in result)) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ refusal: 'body too large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ body: Buffer.concat(chunks, size) });
    const onAbort = () => finish({ refusal: 'aborted' });
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    const timer = setTimeout(() => finish({ refusal: 'request timeout' }), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/** How a response is sent: `close` also ends the connection (the rest of the body is not read). */
interface SendOptions {
  close?: boolean;
  headers?: Record<string, string>;
}

/** Writes a JSON response. */
function sendJson(res: ServerResponse, status: number, body: unknown, options: SendOptions = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...(options.close ? { Connection: 'close' } : {}),
    ...options.headers,
  });
  res.end(text);
}

/** Writes a refusal or failure: every one has the same body, `{ error }` with a short reason. */
function sendError(res: ServerResponse, status: number, error: string, options: SendOptions = {}): void {
  sendJson(res, status, { error }, options);
}

const REFUSAL_STATUS: Record<Refusal, number> = {
  'missing signature': 401,
  'malformed signature': 401,
  'bad signature': 401,
  'stale timestamp': 401,
  'replayed request': 401,
  'body too large': 413,
  'request timeout': 408,
  'malformed JSON': 400,
  'malformed payload': 400,
};

/** Creates the endpoint; call {@link InteractionsServer.listen} to start it. */
export function createInteractionsServer(options: InteractionsServerOptions): InteractionsServer {
  const { router, rest, logger } = options;
  const limits = { ...HTTP_SERVER_DEFAULTS, ...definedOnly(options) };
  const now = options.now ?? Date.now;
  const key = publicKeyFromHex(options.publicKey);
  const replays = new ReplayGuard(limits.maxTimestampAgeSeconds * 2000);
  const startedAt = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  const refused: Record<string, number> = {};
  let interactions = 0;
  let draining = false;
  let closing: Promise<void> | undefined;
  let url = '';

  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
  };

  const refuse = (req: IncomingMessage, res: ServerResponse, refusal: Refusal, close: boolean) => {
    const status = REFUSAL_STATUS[refusal];
    refused[status] = (refused[status] ?? 0) + 1;
    logger.warn(
      { status, reason: refusal, remote: req.socket.remoteAddress, path: req.url?.slice(0, 100) },
      'interaction request refused',
    );
    const messages: Record<number, string> = {
      400: 'Bad request',
      401: 'Invalid request signature',
      408: 'Request timeout',
      413: 'Payload too large',
    };
    sendError(res, status, messages[status] ?? 'Refused', { close });
  };

  const health = (): HttpHealthReport => ({
    status: draining ? 'draining' : 'ok',
    mode: 'http',
    uptimeSeconds: Math.round((performance.now() - startedAt) / 1000),
    inFlight: inFlight.size,
    interactions,
    refused: { ...refused },
    ...options.health?.(),
  });

  /** Sends the payload to the router and answers the HTTP request with the first answer. */
  const dispatch = async (payload: Record<string, unknown>, res: ServerResponse) => {
    if (payload.type === InteractionType.Ping) {
      sendJson(res, 200, { type: InteractionResponseType.Pong });
      return;
    }
    const target = payload as unknown as {
      id: string;
      token: string;
      application_id: string;
      locale: string;
    };
    const exchange = new InteractionExchange(target, { rest, logger });
    let run: () => Promise<void>;
    let deadlineAnswer: APIInteractionResponse;
    let fallback: () => APIInteractionResponse;
    switch (payload.type) {
      case InteractionType.ApplicationCommand: {
        const interaction = new HttpSlashInteraction(
          payload as unknown as APIChatInputApplicationCommandInteraction,
          exchange,
        );
        run = () => router.command(interaction);
        deadlineAnswer = DEFERRED_COMMAND;
        fallback = () => ({
          type: InteractionResponseType.ChannelMessageWithSource,
          data: toApiMessage(toMessageOptions(errorReply(errorReference(), languageOf(target.locale)))),
        });
        break;
      }
      case InteractionType.ApplicationCommandAutocomplete: {
        const interaction = new HttpAutocompleteRequest(
          payload as unknown as APIApplicationCommandAutocompleteInteraction,
          exchange,
        );
        run = () => router.autocomplete(interaction);
        deadlineAnswer = NO_CHOICES;
        fallback = () => NO_CHOICES;
        break;
      }
      case InteractionType.MessageComponent: {
        const interaction = new HttpComponentRequest(
          payload as unknown as APIMessageComponentInteraction,
          exchange,
        );
        run = () => router.component(interaction);
        deadlineAnswer = DEFERRED_UPDATE;
        fallback = () => DEFERRED_UPDATE;
        break;
      }
      default:
        logger.warn({ interactionId: target.id, type: payload.type }, 'interaction type not handled');
        sendError(res, 400, 'Unsupported interaction type');
        return;
    }
    interactions += 1;
    res.once('close', () => {
      if (res.writableFinished) exchange.delivered();
      else exchange.failed('the connection closed before the answer was sent');
    });
    const deadline = setTimeout(() => {
      if (exchange.tryAnswer(deadlineAnswer, 'deadline')) {
        logger.info(
          { interactionId: target.id, afterMs: limits.deferAfterMs, type: deadlineAnswer.type },
          'no answer yet: deferred to keep Discord’s 3-second limit',
        );
      }
    }, limits.deferAfterMs);
    const work = run()
      .catch((error: unknown) => logger.error({ interactionId: target.id, err: error }, 'router failed'))
      .finally(() => {
        clearTimeout(deadline);
        if (exchange.tryAnswer(fallback(), 'deadline')) {
          logger.error({ interactionId: target.id }, 'the handler finished without answering');
        }
      });
    track(work);
    const response = await exchange.response;
    clearTimeout(deadline);
    if (res.destroyed) return;
    sendJson(res, 200, response);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      const report = health();
      sendJson(res, draining ? 503 : 200, report, { close: draining });
      return;
    }
    if (draining) {
      sendError(res, 503, 'Shutting down', { close: true });
      return;
    }
    if (path !== INTERACTIONS_PATH) {
      sendError(res, 404, 'Not found', { close: true });
      return;
    }
    if (req.method !== 'POST') {
      sendError(res, 405, 'Method not allowed', { close: true, headers: { Allow: 'POST' } });
      return;
    }
    // 1. The signature headers, before reading a byte of the body.
    const signature = readSignatureHeaders(req.headers);
    if (typeof signature === 'string') {
      refuse(req, res, signature, true);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > limits.bodyLimitBytes) {
      refuse(req, res, 'body too large', true);
      return;
    }
    // 2. The body, bounded in size and time.
    const read = await readBody(req, limits.bodyLimitBytes, limits.requestTimeoutMs);
    if ('refusal' in read) {
      if (read.refusal === 'aborted') {
        logger.debug({ remote: req.socket.remoteAddress }, 'client went away mid-request');
        res.destroy();
        return;
      }
      refuse(req, res, read.refusal, true);
      return;
    }
    // 3. The signature over timestamp + body, then the timestamp's age, then replays.
    if (!verifySignature(key, signature, read.body)) {
      refuse(req, res, 'bad signature', false);
      return;
    }
    const at = now();
    if (!isFresh(signature.timestamp, at, limits.maxTimestampAgeSeconds)) {
      refuse(req, res, 'stale timestamp', false);
      return;
    }
    if (!replays.firstSighting(signature.signature, Number(signature.timestamp), at)) {
      refuse(req, res, 'replayed request', false);
      return;
    }
    // 4. Only now is the body parsed.
    let payload: unknown;
    try {
      payload = JSON.parse(read.body.toString('utf8'));
    } catch {
      refuse(req, res, 'malformed JSON', false);
      return;
    }
    const problem = payloadProblem(payload);
    if (problem !== undefined) {
      logger.warn({ problem }, 'signed payload not understood');
      refuse(req, res, 'malformed payload', false);
      return;
    }
    try {
      await dispatch(payload as Record<string, unknown>, res);
    } catch (error) {
      logger.error({ err: error }, 'could not handle a signed interaction');
      sendError(res, 400, 'Bad request');
    }
  };

  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs * 2,
      headersTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.requestTimeoutMs / 2)),
    },
    (req, res) => {
      track(
        handle(req, res).catch((error: unknown) => {
          logger.error({ err: error }, 'interactions endpoint failed');
          sendError(res, 500, 'Internal error', { close: true });
        }),
      );
    },
  );
  server.keepAliveTimeout = 5000;
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'malformed or timed-out HTTP request');
    if (socket.writable && !socket.destroyed) {
      const code = (error as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      socket.end(
        `HTTP/1.1 ${code} ${code === 408 ? 'Request Timeout' : 'Bad Request'}\r\nConnection: close\r\n\r\n`,
      );
    }
    socket.destroy();
  });

  return {
    async listen(port, host) {
      const bound = await listenOn(server, port, host);
      const address = bound.address;
      url = bound.url;
      logger.info(
        { host: address.address, port: address.port, path: INTERACTIONS_PATH },
        'interactions endpoint listening',
      );
      return address;
    },
    get url() {
      return url;
    },
    health,
    close() {
      closing ??= (async () => {
        draining = true;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        logger.info({ inFlight: inFlight.size }, 'draining interactions in flight');
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), limits.shutdownGraceMs);
        });
        const outcome = await Promise.race([waitUntilEmpty(inFlight), grace]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          logger.warn({ inFlight: inFlight.size }, 'grace period over: closing with interactions in flight');
        }
        server.closeAllConnections();
        await closed;
        logger.info('interactions endpoint closed');
      })();
      return closing;
    },
  };
}

/** Resolves once the set is empty, including work added while waiting. */
async function waitUntilEmpty(set: Set<Promise<unknown>>): Promise<'empty'> {
  while (set.size > 0) await Promise.allSettled([...set]);
  return 'empty';
}

/** The options that were given a value, so `undefined` does not override a default. */
function definedOnly(options: InteractionsServerOptions): Partial<typeof HTTP_SERVER_DEFAULTS> {
  return Object.fromEntries(
    Object.keys(HTTP_SERVER_DEFAULTS)
      .map((name) => [name, options[name as keyof typeof HTTP_SERVER_DEFAULTS]])
      .filter(([, value]) => value !== undefined),
  );
}
