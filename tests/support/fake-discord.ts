/**
 * A fake Discord on 127.0.0.1 that the real discord.js `Client` can log in to, fully offline:
 * REST under `/api/v10` and the gateway (WebSocket) on the same port.
 *
 * ```ts
 * const fake = await FakeDiscord.start();
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 * const ready = once(client, Events.ClientReady); // listen first: it can fire before login() resolves
 * await client.login(fake.token);
 * await ready;
 * const interaction = fake.dispatchInteraction(chatInputInteraction({ context: fake.context, name: 'recherche' }));
 * const response = await fake.waitForInteractionResponse(interaction.id);
 * ```
 *
 * The REST part lives in `fake-discord/rest.ts`, the gateway in `fake-discord/gateway.ts` and the
 * served objects in `fake-discord/world.ts`; this class wires them to one HTTP server and adds
 * the waiters tests use.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIApplication,
  APIInteractionResponse,
  APIUser,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
  RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord-api-types/v10';
import { validateDiscordRequest } from './discord-spec.js';
import {
  type DispatchResult,
  Gateway,
  type GatewaySession,
  type IdentifyRecord,
  type ResumeRecord,
  type ShardSelector,
  shardOfGuild,
} from './fake-discord/gateway.js';
import {
  type DispatchedInteraction,
  type FaultRule,
  type InteractionState,
  type RecordedRequest,
  RestApi,
} from './fake-discord/rest.js';
import { Changes } from './fake-discord/waiters.js';
import {
  applicationObject,
  buildGuild,
  type FakeGuild,
  type FakeGuildOptions,
  makeBotUser,
} from './fake-discord/world.js';
import { type PayloadContext, snowflake, user } from './payloads.js';

export type { GatewayConnection, GatewayFrame } from './fake-discord/gateway.js';
export { SESSION_ENDING_CLOSE_CODES, shardOfGuild } from './fake-discord/gateway.js';
export type { RecordedFile } from './fake-discord/rest.js';
export type {
  DispatchResult,
  FakeGuild,
  FakeGuildOptions,
  FaultRule,
  GatewaySession,
  IdentifyRecord,
  InteractionState,
  RecordedRequest,
  ResumeRecord,
  ShardSelector,
};

/** Options of {@link FakeDiscord.start}; every field has a realistic default. */
export interface FakeDiscordOptions {
  /** Bot token the fake accepts (default: a random token shaped like Discord's). */
  readonly token?: string;
  /** Application id, also the bot user's id (default: a fresh snowflake). */
  readonly applicationId?: string;
  /** Bot username (default "Conventions"). */
  readonly botName?: string;
  /** Guilds the bot is in (default: one guild with a text channel "général"). */
  readonly guilds?: readonly FakeGuildOptions[];
  /** `shards` recommended by `GET /gateway/bot` (default 1). */
  readonly shards?: number;
  /** `session_start_limit.max_concurrency` (default 1, like most bots: identifies are 5 s apart). */
  readonly maxConcurrency?: number;
  /** HELLO's heartbeat_interval in ms (default 41250, Discord's value; shorten it to test heartbeats). */
  readonly heartbeatIntervalMs?: number;
  /** Privileged intents the application is granted (bit mask; default none, others close with 4014). */
  readonly allowedPrivilegedIntents?: number;
  /** Answer 400 Invalid Form Body to bodies failing the OpenAPI check, like Discord (default true). */
  readonly strictBodies?: boolean;
  /** Callback deadline in ms after dispatch, then 10062 (Discord: 3000; default: none, to avoid flaky tests). */
  readonly callbackDeadlineMs?: number;
  /** Lifetime of interaction tokens for webhook routes (default 15 min, as Discord). */
  readonly tokenLifetimeMs?: number;
  /** Port to listen on (default 0: any free port). */
  readonly port?: number;
  /** Print every request and gateway event to stderr (default: env `FAKE_DISCORD_DEBUG=1`). */
  readonly debug?: boolean;
}

/** Default wait of the waiters, well under vitest's 20 s test timeout. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** A random token shaped like a bot token: base64(id).timestamp.hmac. */
function fakeToken(applicationId: string): string {
  const id = Buffer.from(applicationId).toString('base64url');
  return `${id}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}

/** The fake Discord server. Start with {@link FakeDiscord.start}, stop with {@link FakeDiscord.close}. */
export class FakeDiscord {
  /** Bot token to pass to `client.login`. */
  readonly token: string;
  /** Application id (also the bot user id). */
  readonly applicationId: string;
  /** The bot user sent in READY and `GET /users/@me`. */
  readonly botUser: APIUser;
  /** The application of `GET /applications/@me`. */
  readonly application: APIApplication;
  /** Guilds the bot is in, with their `GUILD_CREATE` payloads. */
  readonly guilds: readonly FakeGuild[];
  /** The gateway: sessions, frames, identifies, resumes, fault controls. */
  readonly gateway: Gateway;
  /** The REST side: requests, interactions, commands. */
  readonly rest: RestApi;

  readonly #server: Server;
  readonly #changes = new Changes();
  readonly #debug: boolean;
  #port = 0;
  #closed = false;

  private constructor(options: FakeDiscordOptions) {
    this.applicationId = options.applicationId ?? snowflake(new Date('2024-01-10T12:00:00Z'));
    this.token = options.token ?? fakeToken(this.applicationId);
    this.botUser = makeBotUser(this.applicationId, options.botName ?? 'Conventions');
    const owner = user({ username: 'proprietaire' });
    this.application = applicationObject(this.applicationId, this.botUser, owner);
    this.guilds = (options.guilds ?? [{}]).map((guild) => buildGuild(guild, this.botUser, owner.id));
    this.#debug = options.debug ?? process.env.FAKE_DISCORD_DEBUG === '1';
    const log = (line: string) => {
      if (this.#debug) process.stderr.write(`[fake-discord] ${line}\n`);
    };
    const wsBase = () => `ws://127.0.0.1:${this.#port}`;
    this.gateway = new Gateway({
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      botUser: this.botUser,
      applicationId: this.applicationId,
      guilds: this.guilds,
      allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? 0,
      baseUrl: wsBase,
      changes: this.#changes,
      log,
    });
    this.rest = new RestApi({
      token: this.token,
      applicationId: this.applicationId,
      botUser: this.botUser,
      application: this.application,
      gatewayUrl: () => this.gateway.url,
      shards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
      strictBodies: options.strictBodies ?? true,
      callbackDeadlineMs: options.callbackDeadlineMs,
      tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
    });
    this.#server = createServer((req, res) => {
      this.rest
        .handle(req, res, () => {
          const last = this.rest.requests.at(-1);
          if (last) log(`${last.method} ${last.url} → ${last.status}${last.fault ? ` (${last.fault})` : ''}`);
          this.#changes.notify();
        })
        .catch((error: unknown) => {
          log(`REST handler failed: ${String(error)}`);
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
        });
    });
    this.#server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').startsWith('/gateway')) this.gateway.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
  }

  /** Starts a fake Discord listening on 127.0.0.1 (a free port unless `options.port`). */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(options.port ?? 0, '127.0.0.1', () => {
        fake.#server.off('error', reject);
        resolve();
      });
    });
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  /** Stops everything: gateway connections are cut, HTTP connections closed, waiters rejected. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#changes.close();
    this.gateway.close();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      // Keep-alive sockets of undici would otherwise hold close() open.
      this.#server.closeAllConnections();
    });
  }

  /** Port the fake listens on. */
  get port(): number {
    return this.#port;
  }

  /** Value for discord.js `rest.api`: `http://127.0.0.1:PORT/api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  /** Gateway URL announced by `GET /gateway/bot`. */
  get gatewayUrl(): string {
    return this.gateway.url;
  }

  /** Every REST request received, in arrival order. */
  get requests(): readonly RecordedRequest[] {
    return this.rest.requests;
  }

  /** Requests that matched no route (answered 404). */
  get unknownRequests(): readonly RecordedRequest[] {
    return this.rest.requests.filter((request) => request.route === null);
  }

  /** Ids for payload builders: application, first guild and its first text channel, bot user. */
  get context(): PayloadContext {
    return this.contextFor(0);
  }

  /** Like {@link context} for another guild (index in {@link guilds} or guild id). */
  contextFor(guild: number | string): PayloadContext {
    const found = typeof guild === 'number' ? this.guilds[guild] : this.guilds.find((g) => g.id === guild);
    if (!found) throw new Error(`fake Discord has no guild ${guild}`);
    const channelId = found.textChannelIds[0];
    if (!channelId) throw new Error(`guild ${found.id} has no text channel`);
    const channel = found.payload.channels.find((c) => c.id === channelId);
    return {
      applicationId: this.applicationId,
      guildId: found.id,
      channelId,
      channelName: channel && 'name' in channel && channel.name ? channel.name : 'général',
      botUser: this.botUser,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Dispatching
  // -------------------------------------------------------------------------------------------

  /**
   * Sends `INTERACTION_CREATE` for `payload` to the shard owning its guild (`(guild_id >> 22) %
   * shard_count`; shard 0 for DMs) and makes its callback and webhook routes live.
   * @returns the payload, for its `id` and `token`.
   * @throws if the payload is for another application or no session exists yet.
   */
  dispatchInteraction<T extends DispatchedInteraction>(payload: T): T {
    if (payload.application_id !== this.applicationId) {
      throw new Error(
        `interaction is for application ${payload.application_id}, the fake is ${this.applicationId}; build it with { context: fake.context }`,
      );
    }
    const shard = payload.guild_id ? shardOfGuild(payload.guild_id, this.gateway.shardCount) : 0;
    this.rest.registerInteraction(payload);
    this.gateway.dispatch('INTERACTION_CREATE', payload, shard);
    return payload;
  }

  /** Sends any dispatch event to a shard (default 0); buffered for RESUME if the shard is offline. */
  dispatch(event: string, data: unknown, shard = 0): DispatchResult {
    return this.gateway.dispatch(event, data, shard);
  }

  // -------------------------------------------------------------------------------------------
  // Faults
  // -------------------------------------------------------------------------------------------

  /**
   * Makes the next `rule.count` (default 1) requests matching `rule.method`/`rule.path` fail, e.g.
   * `failNext({ method: 'POST', path: /\/callback$/, status: 429, retryAfter: 0.2 })`.
   * @returns a function that cancels what is left of the rule.
   */
  failNext(rule: FaultRule): () => void {
    return this.rest.addFault(rule);
  }

  /** Shorthand: the next matching requests get 429 with `Retry-After: retryAfter` (seconds). */
  rateLimitNext(rule: Omit<FaultRule, 'status'> & { retryAfter: number }): () => void {
    return this.rest.addFault({ ...rule, status: 429 });
  }

  /** Shorthand: the next interaction callbacks get 404 `{ code: 10062, message: 'Unknown interaction' }`. */
  unknownInteractionNext(count = 1): () => void {
    return this.rest.addFault({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      code: 10062,
      count,
    });
  }

  /** Closes gateway connections with `code` (4000 resumable, 4004 fatal…) and waits for them to close. */
  closeGateway(code: number, options: ShardSelector & { reason?: string } = {}): Promise<void> {
    return this.gateway.closeConnections(code, options);
  }

  /** Cuts gateway TCP connections without a close frame. */
  terminateGateway(options: ShardSelector = {}): void {
    this.gateway.terminate(options);
  }

  /** Sends op 7 RECONNECT. */
  sendReconnect(options: ShardSelector = {}): void {
    this.gateway.sendReconnect(options);
  }

  /** Sends op 9 INVALID_SESSION with `d: resumable`. */
  sendInvalidSession(resumable: boolean, options: ShardSelector = {}): void {
    this.gateway.sendInvalidSession(resumable, options);
  }

  /** Turns heartbeat ACKs (op 11) on or off. */
  setHeartbeatAck(enabled: boolean): void {
    this.gateway.ackHeartbeats = enabled;
  }

  // -------------------------------------------------------------------------------------------
  // Waiters
  // -------------------------------------------------------------------------------------------

  /** Resolves with the first recorded request (past or future) satisfying `predicate`. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<RecordedRequest> {
    return this.#changes.waitFor(
      () => this.rest.requests.find(predicate),
      timeoutMs,
      () => `a matching request; received:\n${this.#describeRequests()}`,
    );
  }

  /** Resolves with the body of the accepted (2xx) callback for the interaction. */
  async waitForInteractionResponse(
    interaction: string | { readonly id: string },
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<APIInteractionResponse> {
    const id = typeof interaction === 'string' ? interaction : interaction.id;
    const request = await this.#changes.waitFor(
      () =>
        this.rest.requests.find(
          (r) => r.route?.endsWith('/callback') === true && r.path.split('/')[2] === id && isSuccess(r),
        ),
      timeoutMs,
      () => `the callback of interaction ${id}; received:\n${this.#describeRequests()}`,
    );
    return request.body as APIInteractionResponse;
  }

  /** Resolves with the body of the first accepted edit of `@original` for the interaction token. */
  async waitForWebhookEdit(
    interaction: string | { readonly token: string },
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<RESTPatchAPIWebhookWithTokenMessageJSONBody> {
    const token = typeof interaction === 'string' ? interaction : interaction.token;
    const request = await this.#changes.waitFor(
      () =>
        this.rest.requests.find(
          (r) =>
            r.method === 'PATCH' &&
            r.path === `/webhooks/${this.applicationId}/${token}/messages/@original` &&
            isSuccess(r),
        ),
      timeoutMs,
      () => `an edit of @original for token ${token.slice(0, 24)}…; received:\n${this.#describeRequests()}`,
    );
    return request.body as RESTPatchAPIWebhookWithTokenMessageJSONBody;
  }

  /** Resolves with the body of the `index`-th (0-based) accepted follow-up for the interaction token. */
  async waitForFollowUp(
    interaction: string | { readonly token: string },
    index = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<RESTPostAPIWebhookWithTokenJSONBody> {
    const token = typeof interaction === 'string' ? interaction : interaction.token;
    const request = await this.#changes.waitFor(
      () =>
        this.rest.requests.filter(
          (r) => r.method === 'POST' && r.path === `/webhooks/${this.applicationId}/${token}` && isSuccess(r),
        )[index],
      timeoutMs,
      () => `follow-up #${index} for token ${token.slice(0, 24)}…; received:\n${this.#describeRequests()}`,
    );
    return request.body as RESTPostAPIWebhookWithTokenJSONBody;
  }

  /**
   * Resolves once every shard of the latest shard count has a live session that received READY
   * (or RESUMED); returns those sessions ordered by shard id. This is the fake's side: discord.js
   * emits `clientReady` only after handling the GUILD_CREATEs, so await that event for the client.
   */
  waitForReady(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<GatewaySession[]> {
    return this.#changes.waitFor(
      () => {
        const count = this.gateway.shardCount;
        if (this.gateway.identifies.length === 0) return undefined;
        const live = this.gateway.liveSessions().filter((session) => session.shard[1] === count);
        const byShard = Array.from({ length: count }, (_, shard) => live.find((s) => s.shard[0] === shard));
        return byShard.every((session) => session !== undefined) ? (byShard as GatewaySession[]) : undefined;
      },
      timeoutMs,
      () =>
        `every shard to be ready; identifies: ${JSON.stringify(this.gateway.identifies.map((i) => i.shard))}`,
    );
  }

  /** Resolves once at least `count` IDENTIFYs were accepted; returns them all. */
  waitForIdentify(count = 1, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<IdentifyRecord[]> {
    return this.#changes.waitFor(
      () => (this.gateway.identifies.length >= count ? [...this.gateway.identifies] : undefined),
      timeoutMs,
      () => `${count} IDENTIFY; got ${this.gateway.identifies.length}`,
    );
  }

  /** Resolves once at least `count` RESUMEs were accepted; returns the accepted ones. */
  waitForResume(count = 1, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ResumeRecord[]> {
    return this.#changes.waitFor(
      () => {
        const accepted = this.gateway.resumes.filter((resume) => resume.accepted);
        return accepted.length >= count ? accepted : undefined;
      },
      timeoutMs,
      () => `${count} accepted RESUME; got ${JSON.stringify(this.gateway.resumes)}`,
    );
  }

  /** Resolves with the value of `probe` once defined, re-checked on every request and gateway event. */
  waitUntil<T>(probe: () => T | undefined, description: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
    return this.#changes.waitFor(probe, timeoutMs, () => description);
  }

  /**
   * Throws if any recorded body failed the OpenAPI/limits check (useful in `afterEach` even with
   * `strictBodies: false`), listing each offending request and its problems.
   */
  assertAllBodiesValid(): void {
    const bad = this.rest.requests
      .map((request) => ({ request, errors: validateDiscordRequest(request) }))
      .filter(({ errors }) => errors.length > 0);
    if (bad.length === 0) return;
    const lines = bad.map(
      ({ request, errors }) => `${request.method} ${request.path}\n    - ${errors.join('\n    - ')}`,
    );
    throw new Error(`invalid Discord request bodies:\n  ${lines.join('\n  ')}`);
  }

  #describeRequests(): string {
    if (this.rest.requests.length === 0) return '  (no requests)';
    return this.rest.requests
      .slice(-15)
      .map((r) => `  ${r.method} ${r.path} → ${r.status}${r.fault ? ` (${r.fault})` : ''}`)
      .join('\n');
  }
}

function isSuccess(request: RecordedRequest): boolean {
  return request.status >= 200 && request.status < 300;
}
