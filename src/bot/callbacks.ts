/**
 * The first answer to an interaction, posted straight to Discord's callback endpoint.
 *
 * An interaction callback is a request unlike the others: its token is in the URL, so it carries
 * no bot authorization, and Discord exempts it from the bot's global rate limit. discord.js's REST
 * manager still takes it through its generic path (route hashing, handler lookup, a timer and an
 * `AbortController` per request, a `Headers` object per response), about 0.1 ms of each answer
 * between interactions, while the person who typed the command waits. {@link InteractionCallbacks}
 * keeps what matters of that path, with the client's own settings (API base and version, user
 * agent, timeout, retries, rate-limit offset): a 429 waited out as its `Retry-After` says; a 5xx,
 * a timeout or a reset connection tried again; a 4xx thrown as discord.js's own
 * `DiscordAPIError`, so its code (10062: the interaction expired) reads the same everywhere.
 * Everything after the first answer (edits, follow-ups) still goes through discord.js.
 *
 * @module
 */
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Client,
  DefaultUserAgent,
  DiscordAPIError,
  type DiscordErrorData,
  HTTPError,
  RateLimitError,
  type RESTPostAPIInteractionCallbackJSONBody,
  Routes,
} from 'discord.js';
import { Agent, errors, request } from 'undici';

/** How callbacks are posted; {@link InteractionCallbacks.forClient} takes them from a client. */
export interface CallbackOptions {
  /** API base, without version: `https://discord.com/api`, a proxy, or a fake Discord in tests. */
  api: string;
  /** API version, `10`. */
  version: string;
  /** Sent as `User-Agent`, which Discord asks of every client. */
  userAgent: string;
  /**
   * Time allowed to connect, then for Discord's response headers, then between two chunks of its
   * body, in milliseconds.
   */
  timeoutMs: number;
  /** Attempts after the first when one fails in a way another may not (5xx, timeout, reset); also the most 429s waited out. */
  retries: number;
  /** Added to every `Retry-After` wait, in milliseconds. */
  rateLimitOffsetMs: number;
}

/** Discord's code for a callback to an interaction that already has its first answer. */
const ALREADY_ACKNOWLEDGED = 40060;

/** The route of every callback, as discord.js names it in its errors (no id, no token). */
const CALLBACK_ROUTE = '/interactions/:id/:token/callback';

/** What an attempt calls for: nothing more, a wait then another try, or another try. */
type Outcome = 'accepted' | { rateLimitedForMs: number; global: boolean } | 'failed';

/**
 * Posts interaction callbacks over keep-alive connections of its own.
 *
 * @example
 * const callbacks = InteractionCallbacks.forClient(client);
 * await callbacks.post(interaction.id, interaction.token, { type: 4, data: { content: 'Bonjour' } });
 */
export class InteractionCallbacks {
  readonly #options: CallbackOptions;
  readonly #agent: Agent;
  readonly #base: string;
  /** Ends the waits for a rate limit when {@link close} is called. */
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;

  constructor(options: CallbackOptions) {
    this.#options = options;
    this.#base = `${options.api.replace(/\/+$/u, '')}/v${options.version}`;
    this.#agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** Callbacks posted with the settings of `client`'s REST manager. */
  static forClient(client: Client): InteractionCallbacks {
    const rest = client.rest.options;
    return new InteractionCallbacks({
      api: rest.api,
      version: rest.version,
      userAgent: `${DefaultUserAgent} ${rest.userAgentAppendix}`.trim(),
      timeoutMs: rest.timeout,
      retries: rest.retries,
      rateLimitOffsetMs: typeof rest.offset === 'number' ? rest.offset : 0,
    });
  }

  /**
   * Posts `body` as the callback of interaction `id`. Resolves once Discord accepted it, or once
   * it says an earlier attempt, whose response was lost, had been.
   *
   * @throws `DiscordAPIError` on a 4xx other than 429 (its `code` is Discord's: 10062 for an
   * expired interaction); `HTTPError` on a 5xx that persists; `RateLimitError` when 429s persist;
   * the network error at once when nothing answers (refused, no route), or once retries are
   * spent on timeouts and reset connections; an `AbortError` if {@link close} ends a wait.
   */
  async post(id: string, token: string, body: RESTPostAPIInteractionCallbackJSONBody): Promise<void> {
    // Encoded: a forged id or token holding `/` or `?` must not turn the callback into another route.
    const url = this.#base + Routes.interactionCallback(encodeURIComponent(id), encodeURIComponent(token));
    const payload = JSON.stringify(body);
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      const outcome = await this.#attempt(url, payload, body, failures);
      if (outcome === 'accepted') return;
      if (outcome === 'failed') {
        failures += 1;
        continue;
      }
      rateLimits += 1;
      if (rateLimits > this.#options.retries)
        throw rateLimited(url, rateLimits, outcome.rateLimitedForMs, outcome.global);
      await sleep(outcome.rateLimitedForMs, undefined, { signal: this.#closing.signal });
    }
  }

  /** Ends the waits for a rate limit, and closes the connections once their requests are done. */
  close(): Promise<void> {
    this.#closing.abort();
    this.#closed ??= this.#agent.close();
    return this.#closed;
  }

  /**
   * One request. A failure another attempt may get past is `'failed'` while retries are left,
   * and thrown once they are spent.
   */
  async #attempt(url: string, payload: string, body: unknown, failures: number): Promise<Outcome> {
    const canRetry = failures < this.#options.retries;
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method: 'POST',
        body: payload,
        headers: { 'content-type': 'application/json', 'user-agent': this.#options.userAgent },
        dispatcher: this.#agent,
      });
    } catch (error) {
      if (canRetry && isTransient(error)) return 'failed';
      throw error;
    }
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      await response.body.dump();
      return 'accepted';
    }
    if (status === 429) {
      await response.body.dump();
      const header = response.headers['retry-after'];
      const seconds = typeof header === 'string' ? Number(header) : 0;
      return {
        rateLimitedForMs:
          (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0) + this.#options.rateLimitOffsetMs,
        global: response.headers['x-ratelimit-global'] !== undefined,
      };
    }
    if (status >= 500) {
      await response.body.dump();
      if (canRetry) return 'failed';
      throw new HTTPError(status, STATUS_CODES[status] ?? 'Unknown status', 'POST', url, { body });
    }
    const data = parseError(await response.body.text(), status);
    // An earlier attempt reached Discord and only its response was lost: the answer is there.
    if (failures > 0 && data.code === ALREADY_ACKNOWLEDGED) return 'accepted';
    throw new DiscordAPIError(data, data.code, status, 'POST', url, { body });
  }
}

/** A failure another attempt may get past: a timeout, or a connection closed under the request. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof errors.ConnectTimeoutError ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.SocketError ||
    (error as { code?: unknown } | null)?.code === 'ECONNRESET'
  );
}

/** discord.js's error for a rate limit given up on (the route named without id or token). */
function rateLimited(url: string, times: number, retryAfter: number, global: boolean): RateLimitError {
  const error = new RateLimitError({
    global,
    method: 'POST',
    url,
    route: CALLBACK_ROUTE,
    majorParameter: 'global',
    hash: `Global(POST:${CALLBACK_ROUTE})`,
    limit: Number.POSITIVE_INFINITY,
    timeToReset: retryAfter,
    retryAfter,
    sublimitTimeout: 0,
    scope: global ? 'global' : 'user',
  });
  // discord.js leaves the message empty; a log line should say what happened.
  error.message = `POST ${CALLBACK_ROUTE}: rate limited ${times} times in a row (retry after ${retryAfter} ms)`;
  return error;
}

/** Discord's JSON error, or one made up from the status when the body is not one. */
function parseError(text: string, status: number): DiscordErrorData {
  const fallback = `${status} ${STATUS_CODES[status] ?? 'Unknown status'}: ${text.slice(0, 200)}`;
  try {
    const data = JSON.parse(text) as { code?: unknown; message?: unknown } | null;
    if (data !== null && typeof data.code === 'number')
      return {
        ...data,
        code: data.code,
        message: typeof data.message === 'string' ? data.message : fallback,
      };
  } catch {
    // Not JSON (a proxy's error page): described by its status below.
  }
  return { code: 0, message: fallback };
}
