/**
 * The fake REST API (`/api/v10/...`): the routes a discord.js bot uses for login, command
 * registration and interaction responses, with Discord's status codes and error bodies, request
 * recording, body validation against the OpenAPI spec, and injectable faults.
 *
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { APIApplication, APIApplicationCommand, APIMessage, APIUser } from 'discord-api-types/v10';
import { bodyKindForRoute, normaliseApiPath, validateDiscordRequest } from '../discord-spec.js';
import { snowflake } from '../payloads.js';
import { editMessage, interactionMessage, type MessageFields } from './world.js';

/** A file part of a multipart request (content is not kept, only its description). */
export interface RecordedFile {
  /** Form field, e.g. `files[0]`. */
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

/** One HTTP request the fake received, with what it answered. */
export interface RecordedRequest {
  /** Arrival order, from 1. */
  readonly seq: number;
  /** Upper-case method. */
  readonly method: string;
  /** Path without `/api/v10` and with segments percent-decoded: `/webhooks/1/tok/messages/@original`. */
  readonly path: string;
  /** Raw request target as received, e.g. `/api/v10/webhooks/1/tok/messages/%40original?with_components=false`. */
  readonly url: string;
  /** Query parameters. */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers (lower-case names). */
  readonly headers: IncomingHttpHeaders;
  /** Decoded JSON body, or the parsed `payload_json` of a multipart body; `undefined` when empty. */
  readonly body: unknown;
  /** Files of a multipart body. */
  readonly files: readonly RecordedFile[];
  /** Matched route template (`POST /interactions/{id}/{token}/callback`), `null` for unknown routes. */
  readonly route: string | null;
  /** Response status (0 when the connection was dropped on purpose). */
  readonly status: number;
  /** Response body sent (undefined for 204). */
  readonly response: unknown;
  /** Extra response headers sent (e.g. `Retry-After` and `X-RateLimit-*` on a 429). */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** Description of the injected fault that answered, if any. */
  readonly fault: string | null;
  /** Problems found by the OpenAPI validator (empty when valid or not a checked route). */
  readonly validationErrors: readonly string[];
  /** Arrival time, ms since the epoch. */
  readonly time: number;
}

/** A fault to inject on the next requests matching `method` and `path`; see {@link FakeDiscord.failNext}. */
export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  /** Path to match: a RegExp tested on the normalised path, or the exact normalised path or route template. */
  readonly path?: RegExp | string;
  /** Status to answer: 429, 5xx, 4xx… (default 404 when `code` is a 10xxx code, 400 for other codes, else 500). */
  readonly status?: number;
  /** Discord JSON error code to put in the body, e.g. 10062 (Unknown interaction). */
  readonly code?: number;
  /** Error message in the body (a Discord-like default otherwise). */
  readonly message?: string;
  /** For 429: seconds to wait, sent as `Retry-After` header and `retry_after` (default 1). */
  readonly retryAfter?: number;
  /** For 429: whether the limit is global (`X-RateLimit-Global`). */
  readonly global?: boolean;
  /** How many matching requests to affect (default 1). */
  readonly count?: number;
  /** Wait this long before answering (alone: a slow but otherwise normal answer). */
  readonly delayMs?: number;
  /** Destroy the TCP connection instead of answering. */
  readonly dropConnection?: boolean;
}

/** What the fake knows about an interaction it dispatched. */
export interface InteractionState {
  /** The dispatched payload. */
  readonly payload: DispatchedInteraction;
  readonly dispatchedAt: number;
  /** Callback type of the accepted initial response, or `null` while unanswered. */
  callbackType: number | null;
  /** Body of the accepted initial response. */
  callback: unknown;
  /** The message that `@original` designates, once there is one. */
  original: APIMessage | null;
  /** Follow-up messages, in order. */
  readonly followUps: APIMessage[];
}

/** The fields of an interaction payload the fake relies on. */
export interface DispatchedInteraction {
  readonly id: string;
  readonly token: string;
  readonly type: number;
  readonly application_id: string;
  readonly guild_id?: string;
  readonly channel_id?: string;
  readonly member?: { readonly user: APIUser };
  readonly user?: APIUser;
  readonly message?: APIMessage;
  readonly authorizing_integration_owners?: Record<string, string>;
}

/** What the REST API needs from the fake. */
export interface RestOptions {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  readonly application: APIApplication;
  readonly gatewayUrl: () => string;
  readonly shards: number;
  readonly maxConcurrency: number;
  /** Answer 400 Invalid Form Body when a body fails validation (as Discord would). */
  readonly strictBodies: boolean;
  /** Interaction callbacks later than this after dispatch get 10062 (Discord: 3 s). */
  readonly callbackDeadlineMs: number | undefined;
  /** Webhook calls later than this after dispatch get 401/50027 (Discord: 15 min). */
  readonly tokenLifetimeMs: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Context {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly auth: boolean;
  readonly handle: (context: Context) => Reply;
}

/** Discord's JSON error messages for the codes the fake produces. */
const ERROR_MESSAGES: Record<number, string> = {
  0: 'General error',
  10003: 'Unknown Channel',
  10004: 'Unknown Guild',
  10008: 'Unknown Message',
  10015: 'Unknown Webhook',
  10062: 'Unknown interaction',
  10063: 'Unknown application command',
  40060: 'Interaction has already been acknowledged.',
  50001: 'Missing Access',
  50013: 'Missing Permissions',
  50027: 'Invalid Webhook Token',
  50035: 'Invalid Form Body',
  50109: 'The request body contains invalid JSON.',
};

/** Message flags Discord manages itself on interaction responses. */
const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

function error(status: number, code: number, message = ERROR_MESSAGES[code] ?? 'Error'): Reply {
  return { status, body: { message, code } };
}

/** Callback types allowed per interaction type (Discord answers 400 to the others). */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = {
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

/** Routes, state and fault injection of the fake REST API. */
export class RestApi {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Dispatched interactions by id. */
  readonly interactions = new Map<string, InteractionState>();
  /** Registered commands: key `global` or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();

  readonly #options: RestOptions;
  readonly #routes: Route[];
  readonly #faults: Array<{ rule: FaultRule; remaining: number }> = [];
  readonly #byToken = new Map<string, InteractionState>();
  #seq = 0;

  constructor(options: RestOptions) {
    this.#options = options;
    this.#routes = this.#buildRoutes();
  }

  /** Adds a fault rule; returns a function that removes it early. */
  addFault(rule: FaultRule): () => void {
    const entry = { rule, remaining: rule.count ?? 1 };
    this.#faults.push(entry);
    return () => {
      entry.remaining = 0;
    };
  }

  /** Number of fault answers still pending across all rules. */
  get pendingFaults(): number {
    return this.#faults.reduce((sum, entry) => sum + entry.remaining, 0);
  }

  /** Makes an interaction known so its callback and webhook routes work. */
  registerInteraction(payload: DispatchedInteraction): InteractionState {
    const state: InteractionState = {
      payload,
      dispatchedAt: Date.now(),
      callbackType: null,
      callback: undefined,
      original: null,
      followUps: [],
    };
    this.interactions.set(payload.id, state);
    this.#byToken.set(payload.token, state);
    return state;
  }

  /** Handles one HTTP request end to end; `onRecorded` runs once it is in {@link requests}. */
  async handle(req: IncomingMessage, res: ServerResponse, onRecorded: () => void): Promise<void> {
    const seq = ++this.#seq;
    const time = Date.now();
    const url = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const parsed = new URL(url, 'http://fake');
    const query = Object.fromEntries(parsed.searchParams);
    const raw = await readAll(req);
    const record = (fields: {
      body: unknown;
      files: RecordedFile[];
      route: string | null;
      reply: Reply;
      fault?: string | null;
      validationErrors?: readonly string[];
      path: string;
    }) => {
      this.requests.push({
        seq,
        method,
        path: fields.path,
        url,
        query,
        headers: req.headers,
        body: fields.body,
        files: fields.files,
        route: fields.route,
        status: fields.reply.status,
        response: fields.reply.body,
        responseHeaders: fields.reply.headers ?? {},
        fault: fields.fault ?? null,
        validationErrors: fields.validationErrors ?? [],
        time,
      });
      this.requests.sort((a, b) => a.seq - b.seq);
      onRecorded();
    };

    let path: string;
    try {
      path = normaliseApiPath(parsed.pathname);
    } catch {
      path = parsed.pathname;
    }
    let body: unknown;
    let files: RecordedFile[] = [];
    try {
      ({ body, files } = await decodeBody(raw, req.headers['content-type']));
    } catch {
      const reply = error(400, 50109);
      record({ body: raw.toString('utf8'), files, route: null, reply, path });
      send(res, reply);
      return;
    }

    const versioned = /^\/api\/v10(\/|$)/.test(parsed.pathname);
    const match = versioned ? this.#match(method, path) : undefined;
    const route = match ? `${method} ${match.route.template}` : null;

    const fault = this.#takeFault(method, path, match?.route.template);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.dropConnection) {
      record({ body, files, route, reply: { status: 0 }, fault: 'connection dropped', path });
      req.socket.destroy();
      return;
    }
    if (fault && (fault.status !== undefined || fault.code !== undefined)) {
      const reply = faultReply(fault);
      record({ body, files, route, reply, fault: `injected ${reply.status}`, path });
      send(res, reply);
      return;
    }

    if (!match) {
      const reply = error(404, 0, '404: Not Found');
      record({ body, files, route: null, reply, path });
      send(res, reply);
      return;
    }
    if (match.route.auth && req.headers.authorization !== `Bot ${this.#options.token}`) {
      const reply = error(401, 0, '401: Unauthorized');
      record({ body, files, route, reply, path });
      send(res, reply);
      return;
    }
    const validationErrors = bodyKindForRoute(method, path)
      ? validateDiscordRequest({ method, path, body })
      : [];
    let reply: Reply;
    if (validationErrors.length > 0 && this.#options.strictBodies) {
      reply = {
        status: 400,
        body: {
          message: ERROR_MESSAGES[50035],
          code: 50035,
          errors: { _errors: validationErrors.map((message) => ({ code: 'FAKE_DISCORD_SCHEMA', message })) },
        },
      };
    } else {
      reply = match.route.handle({ method, path, params: match.params, query, body });
    }
    record({ body, files, route, reply, validationErrors, path });
    send(res, reply);
  }

  #match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (found) return { route, params: { ...found.groups } };
    }
    return undefined;
  }

  #takeFault(method: string, path: string, template: string | undefined): FaultRule | undefined {
    for (const entry of this.#faults) {
      if (entry.remaining <= 0) continue;
      const { rule } = entry;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path instanceof RegExp && !rule.path.test(path)) continue;
      if (typeof rule.path === 'string' && rule.path !== path && rule.path !== template) continue;
      entry.remaining -= 1;
      return rule;
    }
    return undefined;
  }

  #buildRoutes(): Route[] {
    const o = this.#options;
    const app = '(?<app>\\d+)';
    const guild = '(?<guild>\\d+)';
    const routes: Route[] = [];
    const add = (method: string, template: string, auth: boolean, handle: (context: Context) => Reply) => {
      const source = template
        .replace('{application.id}', app)
        .replace('{guild.id}', guild)
        .replace('{command.id}', '(?<command>\\d+)')
        .replace('{interaction.id}', '(?<interaction>\\d+)')
        .replace('{webhook.id}', '(?<webhook>\\d+)')
        .replace('{interaction.token}', '(?<token>[^/]+)')
        .replace('{webhook.token}', '(?<token>[^/]+)')
        .replace('{message.id}', '(?<message>@original|\\d+)');
      routes.push({ method, template, pattern: new RegExp(`^${source}$`), auth, handle });
    };

    add('GET', '/gateway', false, () => ({ status: 200, body: { url: o.gatewayUrl() } }));
    add('GET', '/gateway/bot', true, () => ({
      status: 200,
      body: {
        url: o.gatewayUrl(),
        shards: o.shards,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 86_400_000,
          max_concurrency: o.maxConcurrency,
        },
      },
    }));
    add('GET', '/users/@me', true, () => ({ status: 200, body: o.botUser }));
    add('GET', '/applications/@me', true, () => ({ status: 200, body: o.application }));

    for (const scope of ['', '/guilds/{guild.id}']) {
      const list = `/applications/{application.id}${scope}/commands`;
      const one = `${list}/{command.id}`;
      // Discord leaves the localization maps out of a listing unless asked with `with_localizations`.
      add('GET', list, true, (c) =>
        this.#withApp(c, () => ({
          status: 200,
          body: isTrue(c.query.with_localizations)
            ? this.#commandsOf(c)
            : this.#commandsOf(c).map(withoutLocalizations),
        })),
      );
      add('PUT', list, true, (c) => this.#withApp(c, () => this.#putCommands(c)));
      add('POST', list, true, (c) => this.#withApp(c, () => this.#postCommand(c)));
      add('GET', one, true, (c) =>
        this.#withApp(c, () => {
          const command = this.#commandsOf(c).find((cmd) => cmd.id === c.params.command);
          return command ? { status: 200, body: command } : error(404, 10063);
        }),
      );
      add('PATCH', one, true, (c) => this.#withApp(c, () => this.#patchCommand(c)));
      add('DELETE', one, true, (c) =>
        this.#withApp(c, () => {
          const commands = this.#commandsOf(c);
          const index = commands.findIndex((cmd) => cmd.id === c.params.command);
          if (index < 0) return error(404, 10063);
          commands.splice(index, 1);
          return { status: 204 };
        }),
      );
    }

    add('POST', '/interactions/{interaction.id}/{interaction.token}/callback', false, (c) =>
      this.#callback(c),
    );
    const message = '/webhooks/{webhook.id}/{webhook.token}/messages/{message.id}';
    add('GET', message, false, (c) =>
      this.#withMessage(c, (_state, found) => ({ status: 200, body: found })),
    );
    add('PATCH', message, false, (c) => this.#editWebhookMessage(c));
    add('DELETE', message, false, (c) =>
      this.#withMessage(c, (state, found) => {
        if (state.original?.id === found.id) state.original = null;
        const index = state.followUps.findIndex((m) => m.id === found.id);
        if (index >= 0) state.followUps.splice(index, 1);
        return { status: 204 };
      }),
    );
    add('POST', '/webhooks/{webhook.id}/{webhook.token}', false, (c) => this.#followUp(c));
    return routes;
  }

  #withApp(context: Context, handle: () => Reply): Reply {
    // Discord answers 403 Missing Access when the token's application differs from the path's.
    return context.params.app === this.#options.applicationId ? handle() : error(403, 50001);
  }

  #commandsOf(context: Context): APIApplicationCommand[] {
    const key = context.params.guild ?? 'global';
    let list = this.commands.get(key);
    if (!list) {
      list = [];
      this.commands.set(key, list);
    }
    return list;
  }

  /** Turns a request body into the command object Discord stores and returns. */
  #storedCommand(context: Context, input: Record<string, unknown>, id: string): APIApplicationCommand {
    const permissions = input.default_member_permissions;
    const guildId = context.params.guild;
    return {
      id,
      application_id: this.#options.applicationId,
      version: snowflake(),
      type: typeof input.type === 'number' ? input.type : 1,
      name: input.name,
      name_localizations: input.name_localizations ?? null,
      description: typeof input.description === 'string' ? input.description : '',
      description_localizations: input.description_localizations ?? null,
      ...(Array.isArray(input.options) ? { options: input.options } : {}),
      default_member_permissions:
        permissions === undefined || permissions === null ? null : String(permissions),
      dm_permission: guildId ? undefined : input.dm_permission !== false,
      contexts: input.contexts ?? null,
      integration_types: input.integration_types ?? [0],
      nsfw: input.nsfw === true,
      ...(guildId ? { guild_id: guildId } : {}),
    } as APIApplicationCommand;
  }

  #putCommands(context: Context): Reply {
    if (!Array.isArray(context.body)) return error(400, 50035);
    const previous = this.#commandsOf(context);
    const next = context.body.map((input: Record<string, unknown>) => {
      const type = typeof input.type === 'number' ? input.type : 1;
      // Discord keeps the id of a command overwritten with the same name and type.
      const same = previous.find((cmd) => cmd.name === input.name && cmd.type === type);
      return this.#storedCommand(context, input, same?.id ?? snowflake());
    });
    previous.splice(0, previous.length, ...next);
    return { status: 200, body: next };
  }

  #postCommand(context: Context): Reply {
    if (typeof context.body !== 'object' || context.body === null) return error(400, 50035);
    const input = context.body as Record<string, unknown>;
    const list = this.#commandsOf(context);
    const type = typeof input.type === 'number' ? input.type : 1;
    const index = list.findIndex((cmd) => cmd.name === input.name && cmd.type === type);
    const command = this.#storedCommand(
      context,
      input,
      index >= 0 ? (list[index]?.id ?? snowflake()) : snowflake(),
    );
    if (index >= 0) list[index] = command;
    else list.push(command);
    return { status: index >= 0 ? 200 : 201, body: command };
  }

  #patchCommand(context: Context): Reply {
    const list = this.#commandsOf(context);
    const index = list.findIndex((cmd) => cmd.id === context.params.command);
    const current = list[index];
    if (!current) return error(404, 10063);
    const patch = (typeof context.body === 'object' && context.body !== null ? context.body : {}) as Record<
      string,
      unknown
    >;
    const command = this.#storedCommand(context, { ...current, ...patch }, current.id);
    list[index] = command;
    return { status: 200, body: command };
  }

  #callback(context: Context): Reply {
    const state = this.interactions.get(context.params.interaction ?? '');
    if (!state || state.payload.token !== context.params.token) return error(404, 10062);
    const deadline = this.#options.callbackDeadlineMs;
    if (deadline !== undefined && Date.now() - state.dispatchedAt > deadline) return error(404, 10062);
    if (state.callbackType !== null) return error(400, 40060);
    const body = context.body as { type?: unknown; data?: MessageFields } | undefined;
    const type = typeof body?.type === 'number' ? body.type : -1;
    if (!(ALLOWED_CALLBACKS[state.payload.type] ?? []).includes(type)) {
      return {
        status: 400,
        body: {
          message: ERROR_MESSAGES[50035],
          code: 50035,
          errors: {
            type: {
              _errors: [
                {
                  code: 'INTERACTION_RESPONSE_TYPE_INVALID',
                  message: `Callback type ${type} is not valid for interaction type ${state.payload.type}.`,
                },
              ],
            },
          },
        },
      };
    }
    state.callbackType = type;
    state.callback = body;
    const data = body?.data;
    if (type === 4 || type === 5) {
      state.original = this.#newMessage(
        state,
        type === 5 ? { flags: Number(data?.flags ?? 0) & EPHEMERAL } : data,
        type === 5 ? LOADING : 0,
      );
    } else if (type === 6 && state.payload.message) {
      state.original = state.payload.message;
    } else if (type === 7 && state.payload.message) {
      state.original = editMessage(state.payload.message, data);
    }
    if (context.query.with_response !== 'true') return { status: 204 };
    const original = state.original;
    const hasResource = type === 4 || type === 5 || type === 7;
    return {
      status: 200,
      body: {
        interaction: {
          id: state.payload.id,
          type: state.payload.type,
          ...(original
            ? {
                response_message_id: original.id,
                response_message_loading: type === 5,
                response_message_ephemeral: ((original.flags ?? 0) & EPHEMERAL) !== 0,
              }
            : {}),
        },
        ...(hasResource ? { resource: { type, ...(original ? { message: original } : {}) } } : {}),
      },
    };
  }

  #newMessage(state: InteractionState, body: MessageFields | undefined, extraFlags = 0): APIMessage {
    const payload = state.payload;
    const user = payload.member?.user ?? payload.user;
    return interactionMessage({
      channelId: payload.channel_id ?? payload.message?.channel_id ?? '0',
      applicationId: this.#options.applicationId,
      author: this.#options.botUser,
      body,
      interaction: {
        id: payload.id,
        type: payload.type,
        user: user ?? this.#options.botUser,
        owners: payload.authorizing_integration_owners ?? {},
      },
      extraFlags,
    });
  }

  /** Finds the interaction behind a webhook path, answering Discord's errors when there is none. */
  #withWebhook(context: Context, handle: (state: InteractionState) => Reply): Reply {
    if (context.params.webhook !== this.#options.applicationId) return error(404, 10015);
    const state = this.#byToken.get(context.params.token ?? '');
    if (!state) return error(401, 50027);
    if (Date.now() - state.dispatchedAt > this.#options.tokenLifetimeMs) return error(401, 50027);
    return handle(state);
  }

  #withMessage(context: Context, handle: (state: InteractionState, message: APIMessage) => Reply): Reply {
    return this.#withWebhook(context, (state) => {
      const id = context.params.message;
      if (id === '@original') {
        // Before any response there is no original message: Discord says Unknown Webhook.
        if (state.callbackType === null) return error(404, 10015);
        return state.original ? handle(state, state.original) : error(404, 10008);
      }
      const found =
        state.original?.id === id ? state.original : state.followUps.find((message) => message.id === id);
      return found ? handle(state, found) : error(404, 10008);
    });
  }

  #editWebhookMessage(context: Context): Reply {
    return this.#withMessage(context, (state, found) => {
      const updated = editMessage(found, context.body as MessageFields | undefined, LOADING);
      if (state.original?.id === found.id) state.original = updated;
      const index = state.followUps.findIndex((message) => message.id === found.id);
      if (index >= 0) state.followUps[index] = updated;
      return { status: 200, body: updated };
    });
  }

  #followUp(context: Context): Reply {
    return this.#withWebhook(context, (state) => {
      if (state.callbackType === null) return error(404, 10015);
      const message = this.#newMessage(state, context.body as MessageFields | undefined);
      state.followUps.push(message);
      return context.query.wait === 'true' ? { status: 200, body: message } : { status: 204 };
    });
  }
}

/** A boolean query parameter as Discord reads it. */
function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(?:true|1)$/iu.test(value);
}

/**
 * A command as a listing without `with_localizations=true` returns it: no `name_localizations`
 * nor `description_localizations`, on the command, its options and their choices.
 */
function withoutLocalizations<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutLocalizations) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'name_localizations' || key === 'description_localizations') continue;
    out[key] = key === 'options' || key === 'choices' ? withoutLocalizations(item) : item;
  }
  return out as T;
}

function faultReply(rule: FaultRule): Reply {
  const code = rule.code;
  const status =
    rule.status ??
    (code === undefined
      ? 500
      : code >= 10000 && code < 20000
        ? 404
        : code === 50013 || code === 50001
          ? 403
          : 400);
  if (status === 429) {
    const retryAfter = rule.retryAfter ?? 1;
    const headers: Record<string, string> = {
      'Retry-After': String(retryAfter),
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String((Date.now() / 1000 + retryAfter).toFixed(3)),
      'X-RateLimit-Reset-After': String(retryAfter),
      'X-RateLimit-Bucket': 'f4k3d15c0rdb0ck3t',
      'X-RateLimit-Scope': rule.global ? 'global' : 'user',
    };
    if (rule.global) headers['X-RateLimit-Global'] = 'true';
    return {
      status,
      headers,
      body: {
        message: rule.message ?? 'You are being rate limited.',
        retry_after: retryAfter,
        global: rule.global === true,
        ...(code !== undefined ? { code } : {}),
      },
    };
  }
  const message =
    rule.message ?? (code !== undefined ? ERROR_MESSAGES[code] : undefined) ?? `${status}: Error`;
  return { status, body: { message, code: code ?? 0 } };
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers);
  res.end(text);
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Decodes a JSON or multipart (payload_json + files[n]) body; throws on malformed JSON. */
async function decodeBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = contentType ?? '';
  if (type.startsWith('multipart/form-data')) {
    // The WHATWG Response parser (undici, built into Node) already knows multipart; reuse it.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
    const files: RecordedFile[] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({ field, name: value.name, contentType: value.type, size: value.size });
      }
    }
    return { body, files };
  }
  if (type.startsWith('application/json') || type === '') {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  }
  return { body: raw.toString('utf8'), files: [] };
}
