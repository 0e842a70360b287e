/**
 * The router's narrow interaction interfaces ({@link SlashInteraction}, {@link AutocompleteRequest},
 * {@link ComponentRequest}) implemented over a raw interaction payload received over HTTP, so the
 * same router and command modules serve both modes.
 *
 * State seen by commands (`replied`, `deferred`) is what the *command* did, as in discord.js. What
 * went over the wire may differ: when a command is slow, the server defers on its behalf (type 5
 * for a command, type 6 for a control) to keep Discord's 3-second promise, and the command's later
 * `reply` or `update` is turned into the matching webhook call.
 *
 * @module
 */
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOptionChoice,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  InteractionResponseType,
  MessageFlags,
} from 'discord.js';
import { AlreadyAnsweredError, isEphemeral, toApiMessage } from '../bot/respond.js';
import type {
  AutocompleteRequest,
  ComponentRequest,
  MessageOptions,
  SlashInteraction,
} from '../bot/types.js';
import { type InteractionExchange, InteractionExpiredError } from './exchange.js';

/** A leaf option as Discord sends it, with its value. */
interface LeafOption {
  readonly name: string;
  readonly type: ApplicationCommandOptionType;
  readonly value?: unknown;
  readonly focused?: boolean;
}

/** The options of a command, subcommands and groups flattened: names are unique within a path. */
export function leafOptions(
  options: readonly APIApplicationCommandInteractionDataOption[] | undefined,
): LeafOption[] {
  return (options ?? []).flatMap((option): LeafOption[] =>
    'options' in option && Array.isArray(option.options)
      ? leafOptions(option.options as APIApplicationCommandInteractionDataOption[])
      : [option as LeafOption],
  );
}

/** The user behind an interaction: `member.user` in a guild, `user` in a DM. */
function invokerOf(payload: { member?: { user: APIUser }; user?: APIUser }): APIUser {
  const found = payload.member?.user ?? payload.user;
  if (found === undefined) throw new Error('interaction without a user');
  return found;
}

class NotAnsweredError extends Error {
  constructor(method: string) {
    super(`${method}: the interaction has not been answered or deferred yet`);
    this.name = 'NotAnsweredError';
  }
}

/**
 * Gives a handler's message as the HTTP answer while it is still open; otherwise the server has
 * already deferred on the handler's behalf, and `later` sends the message through REST instead.
 */
function answerNowOr(
  exchange: InteractionExchange,
  response: APIInteractionResponse,
  later: () => Promise<unknown>,
): Promise<unknown> {
  return exchange.tryAnswer(response) ? exchange.acknowledged() : later();
}

/** The answer given when a command is too slow for Discord's 3 seconds: "thinking…", in public. */
export const DEFERRED_COMMAND: APIInteractionResponse = {
  type: InteractionResponseType.DeferredChannelMessageWithSource,
};
/** The answer given when a control is too slow: acknowledged, the message left as it is for now. */
export const DEFERRED_UPDATE: APIInteractionResponse = {
  type: InteractionResponseType.DeferredMessageUpdate,
};
/** The answer given when autocomplete is too slow: it cannot be deferred, so no suggestion. */
export const NO_CHOICES: APIInteractionResponse = {
  type: InteractionResponseType.ApplicationCommandAutocompleteResult,
  data: { choices: [] },
};

/** A slash command received over HTTP. */
export class HttpSlashInteraction implements SlashInteraction {
  readonly id: string;
  readonly commandName: string;
  readonly locale: string;
  readonly user: { readonly id: string; readonly username: string };
  replied = false;
  deferred = false;
  readonly options: SlashInteraction['options'] & { readonly data: readonly LeafOption[] };

  readonly #exchange: InteractionExchange;
  /** The message `editReply` changes: `@original`, or the private follow-up that replaced it. */
  #target = '@original';
  /** The command deferred privately, but the server had already deferred in public. */
  #owesPrivateAnswer = false;

  constructor(payload: APIChatInputApplicationCommandInteraction, exchange: InteractionExchange) {
    this.#exchange = exchange;
    this.id = payload.id;
    this.commandName = payload.data.name;
    this.locale = payload.locale;
    const invoker = invokerOf(payload);
    this.user = { id: invoker.id, username: invoker.username };
    const leaves = leafOptions(payload.data.options);
    const resolvedUsers = payload.data.resolved?.users ?? {};
    const find = (name: string, type: ApplicationCommandOptionType) =>
      leaves.find((option) => option.name === name && option.type === type)?.value;
    this.options = {
      data: leaves,
      getString: (name) => {
        const value = find(name, ApplicationCommandOptionType.String);
        return typeof value === 'string' ? value : null;
      },
      getBoolean: (name) => {
        const value = find(name, ApplicationCommandOptionType.Boolean);
        return typeof value === 'boolean' ? value : null;
      },
      getUser: (name) => {
        const value = find(name, ApplicationCommandOptionType.User);
        if (typeof value !== 'string') return null;
        return resolvedUsers[value] ?? { id: value };
      },
    };
  }

  async reply(options: MessageOptions): Promise<unknown> {
    if (this.replied || this.deferred) throw new AlreadyAnsweredError('reply');
    this.replied = true;
    const message = toApiMessage(options);
    return answerNowOr(
      this.#exchange,
      { type: InteractionResponseType.ChannelMessageWithSource, data: message },
      () => {
        // The server deferred in public while the command was working.
        if (isEphemeral(options.flags)) return this.#answerPrivatelyInstead(message);
        const { flags: _public, ...edit } = message;
        return this.#exchange.editMessage(edit);
      },
    );
  }

  async deferReply(options?: { flags?: MessageFlags.Ephemeral }): Promise<unknown> {
    if (this.replied || this.deferred) throw new AlreadyAnsweredError('deferReply');
    this.deferred = true;
    const ephemeral = isEphemeral(options?.flags);
    const response: APIInteractionResponse = {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
    };
    if (!this.#exchange.tryAnswer(response)) {
      // Already deferred in public by the server: a private answer will replace that message.
      this.#owesPrivateAnswer = ephemeral;
    }
    return this.#exchange.acknowledged();
  }

  async editReply(options: Omit<MessageOptions, 'flags'>): Promise<unknown> {
    if (!this.replied && !this.deferred) throw new NotAnsweredError('editReply');
    this.replied = true;
    const message = toApiMessage(options);
    if (this.#owesPrivateAnswer) {
      this.#owesPrivateAnswer = false;
      return this.#answerPrivatelyInstead({ ...message, flags: MessageFlags.Ephemeral });
    }
    return this.#exchange.editMessage(message, this.#target);
  }

  async followUp(options: MessageOptions): Promise<unknown> {
    if (!this.replied && !this.deferred) throw new NotAnsweredError('followUp');
    return this.#exchange.followUp(toApiMessage(options));
  }

  /**
   * A public "thinking…" cannot become private: delete it and send the answer as a private
   * follow-up, which later edits then target.
   */
  async #answerPrivatelyInstead(message: ReturnType<typeof toApiMessage>): Promise<unknown> {
    await this.#exchange.deleteMessage();
    const sent = await this.#exchange.followUp({ ...message, flags: MessageFlags.Ephemeral });
    this.#target = sent.id;
    return sent;
  }
}

/** An autocomplete request received over HTTP. */
export class HttpAutocompleteRequest implements AutocompleteRequest {
  readonly id: string;
  readonly commandName: string;
  readonly locale: string;
  readonly user: { readonly id: string };
  responded = false;
  readonly options: AutocompleteRequest['options'];

  readonly #exchange: InteractionExchange;

  constructor(payload: APIApplicationCommandAutocompleteInteraction, exchange: InteractionExchange) {
    this.#exchange = exchange;
    this.id = payload.id;
    this.commandName = payload.data.name;
    this.locale = payload.locale;
    this.user = { id: invokerOf(payload).id };
    const focused = leafOptions(payload.data.options).find((option) => option.focused === true);
    this.options = { getFocused: () => (focused?.value === undefined ? '' : String(focused.value)) };
  }

  async respond(choices: APIApplicationCommandOptionChoice<string>[]): Promise<unknown> {
    if (this.responded) throw new AlreadyAnsweredError('respond');
    this.responded = true;
    const answered = this.#exchange.tryAnswer({
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices },
    });
    // Suggestions cannot be sent later: past the deadline, Discord already showed none.
    if (!answered) throw new InteractionExpiredError('autocomplete answered after the deadline');
    return this.#exchange.acknowledged();
  }
}

/** A button click or select-menu choice received over HTTP. */
export class HttpComponentRequest implements ComponentRequest {
  readonly id: string;
  readonly customId: string;
  readonly locale: string;
  readonly user: { readonly id: string; readonly username: string };
  replied = false;
  deferred = false;
  readonly values?: readonly string[];
  readonly message?: ComponentRequest['message'];

  readonly #exchange: InteractionExchange;

  constructor(payload: APIMessageComponentInteraction, exchange: InteractionExchange) {
    this.#exchange = exchange;
    this.id = payload.id;
    this.customId = payload.data.custom_id;
    this.locale = payload.locale;
    const invoker = invokerOf(payload);
    this.user = { id: invoker.id, username: invoker.username };
    if ('values' in payload.data) this.values = [...payload.data.values];
    const flags = payload.message?.flags ?? 0;
    this.message = { flags: { has: (flag: MessageFlags.Ephemeral) => (flags & flag) !== 0 } };
  }

  async reply(options: MessageOptions): Promise<unknown> {
    if (this.replied || this.deferred) throw new AlreadyAnsweredError('reply');
    this.replied = true;
    const message = toApiMessage(options);
    // Once acknowledged by the server (type 6), a new message is a follow-up, private or not.
    return answerNowOr(
      this.#exchange,
      { type: InteractionResponseType.ChannelMessageWithSource, data: message },
      () => this.#exchange.followUp(message),
    );
  }

  async update(options: Omit<MessageOptions, 'flags'>): Promise<unknown> {
    if (this.replied || this.deferred) throw new AlreadyAnsweredError('update');
    this.replied = true;
    const message = toApiMessage(options);
    // After a deferred update, @original is the message the control is on.
    return answerNowOr(this.#exchange, { type: InteractionResponseType.UpdateMessage, data: message }, () =>
      this.#exchange.editMessage(message),
    );
  }

  async followUp(options: MessageOptions): Promise<unknown> {
    if (!this.replied && !this.deferred) throw new NotAnsweredError('followUp');
    return this.#exchange.followUp(toApiMessage(options));
  }
}
