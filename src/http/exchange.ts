/**
 * One interaction received over HTTP: its first answer is the body of the HTTP response, every
 * later one goes through Discord's webhook routes (no bot token needed).
 *
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type APIInteractionResponse,
  type APIMessage,
  DiscordAPIError,
  InteractionResponseType,
  type REST,
  Routes,
} from 'discord.js';
import type { ApiMessage } from '../bot/respond.js';
import type { Logger } from '../logger.js';

/** Discord's code for an interaction that can no longer be answered. */
export const UNKNOWN_INTERACTION = 10062;
/** Discord's code for a webhook (here: an interaction token) it does not know (yet). */
export const UNKNOWN_WEBHOOK = 10015;

/**
 * The interaction cannot be answered any more: the HTTP answer was already given by the deadline,
 * or the connection to Discord was lost. Carries Discord's code 10062 so the router logs it as an
 * expired interaction instead of trying to apologise.
 */
export class InteractionExpiredError extends Error {
  /** Discord's "Unknown interaction" code, which the router recognises. */
  readonly code = UNKNOWN_INTERACTION;

  constructor(message: string) {
    super(message);
    this.name = 'InteractionExpiredError';
  }
}

/** The fields of an interaction payload an exchange needs. */
export interface ExchangeTarget {
  readonly id: string;
  readonly token: string;
  readonly application_id: string;
}

/** Options of {@link InteractionExchange}. */
export interface ExchangeOptions {
  /** A REST client whose `api` is the configured Discord base; webhook routes need no token. */
  rest: REST;
  logger: Logger;
  /**
   * Retries of a webhook call answered "Unknown Webhook" just after the HTTP answer: Discord may
   * not have processed that answer yet when the follow-up arrives (default 3).
   */
  unknownWebhookRetries?: number;
  /** First wait between those retries, doubled each time (default 250 ms). */
  retryDelayMs?: number;
}

/** How the HTTP answer went. */
type Delivery = { state: 'pending' } | { state: 'delivered' } | { state: 'failed'; reason: string };

/**
 * The answer side of one HTTP interaction. The server awaits {@link response} and writes it as the
 * HTTP body, then reports the outcome with {@link delivered} or {@link failed}; REST calls wait for
 * that outcome, so nothing reaches Discord's webhook routes before the interaction is acknowledged.
 */
export class InteractionExchange {
  /** Resolves with the HTTP answer, decided by the handler or by the deadline. */
  readonly response: Promise<APIInteractionResponse>;
  /** Who decided the HTTP answer: the handler, or the deadline (a deferral). */
  answeredBy: 'handler' | 'deadline' | undefined;

  readonly #target: ExchangeTarget;
  readonly #options: ExchangeOptions;
  #resolve!: (response: APIInteractionResponse) => void;
  #delivery: Delivery = { state: 'pending' };
  readonly #outcome: Promise<void>;
  #settle!: () => void;

  constructor(target: ExchangeTarget, options: ExchangeOptions) {
    this.#target = target;
    this.#options = options;
    this.response = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    this.#outcome = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** Whether the HTTP answer is decided (it may not be written yet). */
  get answered(): boolean {
    return this.answeredBy !== undefined;
  }

  /**
   * Gives the HTTP answer if none was decided yet. Synchronous, so two answers racing in the same
   * tick cannot both win.
   * @returns false when the answer was already decided: the caller must go through REST instead.
   */
  tryAnswer(response: APIInteractionResponse, by: 'handler' | 'deadline' = 'handler'): boolean {
    if (this.answeredBy !== undefined) return false;
    this.answeredBy = by;
    this.#resolve(response);
    return true;
  }

  /** Resolves once the HTTP answer was written; rejects when it could not be. */
  async acknowledged(): Promise<void> {
    await this.#outcome;
    if (this.#delivery.state === 'failed') {
      throw new InteractionExpiredError(`the HTTP answer was not delivered: ${this.#delivery.reason}`);
    }
  }

  /** Called by the server once the HTTP response has been sent in full. */
  delivered(): void {
    if (this.#delivery.state !== 'pending') return;
    this.#delivery = { state: 'delivered' };
    this.#settle();
  }

  /** Called by the server when the HTTP response could not be sent (client gone, server closing…). */
  failed(reason: string): void {
    if (this.#delivery.state !== 'pending') return;
    this.#delivery = { state: 'failed', reason };
    // An answer nobody will read: settle the handler's wait on it.
    this.tryAnswer({ type: InteractionResponseType.DeferredMessageUpdate }, 'deadline');
    this.#settle();
  }

  /** `PATCH /webhooks/{app}/{token}/messages/@original` (or a follow-up's id). */
  async editMessage(body: ApiMessage, messageId = '@original'): Promise<APIMessage> {
    const { application_id: app, token } = this.#target;
    return (await this.#webhook(() =>
      this.#options.rest.patch(Routes.webhookMessage(app, token, messageId), { body, auth: false }),
    )) as APIMessage;
  }

  /** `DELETE /webhooks/{app}/{token}/messages/@original`. */
  async deleteMessage(messageId = '@original'): Promise<void> {
    const { application_id: app, token } = this.#target;
    await this.#webhook(() =>
      this.#options.rest.delete(Routes.webhookMessage(app, token, messageId), { auth: false }),
    );
  }

  /** `POST /webhooks/{app}/{token}?wait=true`: a follow-up message, returned so it can be edited. */
  async followUp(body: ApiMessage): Promise<APIMessage> {
    const { application_id: app, token } = this.#target;
    return (await this.#webhook(() =>
      this.#options.rest.post(Routes.webhook(app, token), {
        body,
        auth: false,
        query: new URLSearchParams({ wait: 'true' }),
      }),
    )) as APIMessage;
  }

  /** Waits for the HTTP answer to be out, then calls Discord, retrying a too-early "Unknown Webhook". */
  async #webhook(call: () => Promise<unknown>): Promise<unknown> {
    await this.acknowledged();
    const retries = this.#options.unknownWebhookRetries ?? 3;
    let delay = this.#options.retryDelayMs ?? 250;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        const early = error instanceof DiscordAPIError && error.code === UNKNOWN_WEBHOOK;
        if (!early || attempt >= retries) throw error;
        this.#options.logger.debug(
          { interactionId: this.#target.id, attempt: attempt + 1, delayMs: delay },
          'webhook not known yet: retrying',
        );
        await sleep(delay);
        delay *= 2;
      }
    }
  }
}
