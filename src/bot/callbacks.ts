/**
 * The first answer to an interaction, posted straight to Discord's callback endpoint.
 *
 * An interaction callback is a request unlike the others: its token is in the URL, so it carries
 * no bot authorization, and Discord exempts it from the bot's global rate limit. discord.js's REST
 * manager still takes it through its generic path (route hashing, handler lookup, a timer and an
 * `AbortController` per request, a `Headers` object per response), about a third of the time from
 * handing the answer over to the request leaving, while the person who typed the command waits.
 * {@link InteractionCallbacks} keeps what matters of that path, with the client's own settings:
 * the same API base and version, user agent, timeout and retries; a 429 waited out as its
 * `Retry-After` says; a 5xx or a reset connection retried; a 4xx thrown as discord.js's own
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
  /** Time allowed for Discord's response headers, then for its body, in milliseconds. */
  timeoutMs: number;
  /** Retries after a 5xx, a timeout or a reset connection; also the most 429s waited out. */
  retries: number;
  /** Added to every `Retry-After` wait, in milliseconds. */
  rateLimitOffsetMs: number;
}

/** What an attempt calls for: nothing more (accepted), a wait then another try, or another try. */
type Outcome = 'accepted' | { rateLimitedForMs: number } | 'failed';

/**
 * Posts interaction callbacks over a keep-alive connection of its own.
 *
 * @example
 * const callbacks = InteractionCallbacks.forClient(client);
 * await callbacks.post(interaction.id, interaction.token, { type: 4, data: { content: 'Bonjour' } });
 */
export class InteractionCallbacks {
  readonly #options: CallbackOptions;
  readonly #agent: Agent;
  readonly #base: string;

  constructor(options: CallbackOptions) {
    this.#options = options;
    this.#base = `${options.api.replace(/\/+$/u, '')}/v${options.version}`;
    this.#agent = new Agent({ headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  }

  /** Callbacks posted with the settings of `client`'s REST manager (base, version, timeout, retries). */
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
   * Posts `body` as the callback of interaction `id`. Resolves once Discord accepted it.
   *
   * @throws `DiscordAPIError` on a 4xx (its `code` is Discord's, 10062 for an expired
   * interaction); `HTTPError` on a 5xx that persists; the network error once retries are spent.
   */
  async post(id: string, token: string, body: RESTPostAPIInteractionCallbackJSONBody): Promise<void> {
    // Encoded: a forged id or token holding `/` or `?` must not turn the callback into another route.
    const url = this.#base + Routes.interactionCallback(encodeURIComponent(id), encodeURIComponent(token));
    const payload = JSON.stringify(body);
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      const outcome = await this.#attempt(url, payload, body, failures < this.#options.retries);
      if (outcome === 'accepted') return;
      if (outcome === 'failed') {
        failures += 1;
        continue;
      }
      rateLimits += 1;
      if (rateLimits > this.#options.retries)
        throw new Error(`${url}: still rate limited after ${rateLimits} attempts`);
      await sleep(outcome.rateLimitedForMs);
    }
  }

  /** Closes the connections once the requests in flight are done. */
  close(): Promise<void> {
    return this.#agent.close();
  }

  /** One request; a failure is `'failed'` only when `canRetry`, otherwise thrown. */
  async #attempt(url: string, payload: string, body: unknown, canRetry: boolean): Promise<Outcome> {
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
      const seconds = Number(response.headers['retry-after']);
      const waitMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
      return { rateLimitedForMs: waitMs + this.#options.rateLimitOffsetMs };
    }
    if (status >= 500) {
      await response.body.dump();
      if (canRetry) return 'failed';
      throw new HTTPError(status, statusText(status), 'POST', url, { body });
    }
    const text = await response.body.text();
    const data = parseError(text, status);
    throw new DiscordAPIError(data, data.code, status, 'POST', url, { body });
  }
}

/** A failure another attempt may get past: a timeout or a connection closed under the request. */
function isTransient(error: unknown): boolean {
  return (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.SocketError ||
    (error as { code?: unknown } | null)?.code === 'ECONNRESET'
  );
}

/** Discord's JSON error, or one made up from the status when the body is not one. */
function parseError(text: string, status: number): DiscordErrorData {
  try {
    const data = JSON.parse(text) as Partial<DiscordErrorData> | null;
    if (data !== null && typeof data.code === 'number' && typeof data.message === 'string')
      return data as DiscordErrorData;
  } catch {
    // Not JSON (a proxy's error page): described by its status below.
  }
  return { code: 0, message: `${status} ${statusText(status)}: ${text.slice(0, 200)}` };
}

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown status';
}
