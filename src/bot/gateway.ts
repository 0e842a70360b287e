/**
 * discord.js interactions as the commands see them, answering with the API JSON the bot built.
 *
 * discord.js's `reply` and `update` take options written for people and resolve them into a
 * `MessagePayload` first: content checks, a flags bit field, files, and on every call `require`
 * look-ups of four classes to tell a webhook from a message from an interaction. The bot's replies
 * are API JSON already, the very body its HTTP endpoint answers with ({@link toApiMessage}), so the
 * first answer (a reply, an update, a deferral, autocomplete choices) is posted as it is through
 * {@link InteractionCallbacks}, and the interaction is then marked answered as discord.js marks it,
 * so that `followUp` and `editReply` work on through discord.js as before.
 *
 * @module
 */
import {
  type APIApplicationCommandOptionChoice,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  InteractionResponseType,
  type MessageComponentInteraction,
  type MessageFlags,
  type RESTPostAPIInteractionCallbackJSONBody,
} from 'discord.js';
import type { InteractionCallbacks } from './callbacks.js';
import { AlreadyAnsweredError, isEphemeral, toApiMessage } from './respond.js';
import type { AutocompleteRequest, ComponentRequest, MessageOptions, SlashInteraction } from './types.js';

type Answerable = ChatInputCommandInteraction | MessageComponentInteraction;

/**
 * Posts an interaction's first answer, once: a second one is refused, even while the first is
 * still on its way; an answer that fails may be tried again.
 */
class FirstAnswer {
  readonly #interaction: { readonly id: string; readonly token: string };
  readonly #callbacks: InteractionCallbacks;
  #inFlight = false;

  constructor(interaction: { readonly id: string; readonly token: string }, callbacks: InteractionCallbacks) {
    this.#interaction = interaction;
    this.#callbacks = callbacks;
  }

  /** Posts `body`, unless `answered` already (then throws, naming `method`). */
  async post(body: RESTPostAPIInteractionCallbackJSONBody, method: string, answered: boolean): Promise<void> {
    if (this.#inFlight || answered) throw new AlreadyAnsweredError(method);
    this.#inFlight = true;
    try {
      await this.#callbacks.post(this.#interaction.id, this.#interaction.token, body);
    } finally {
      this.#inFlight = false;
    }
  }
}

/** What both kinds of interaction read from discord.js as it is, and how they answer first. */
abstract class GatewayInteraction<T extends Answerable> {
  protected readonly interaction: T;
  readonly #first: FirstAnswer;

  constructor(interaction: T, callbacks: InteractionCallbacks) {
    this.interaction = interaction;
    this.#first = new FirstAnswer(interaction, callbacks);
  }

  /**
   * Posts the first answer, then marks the interaction as discord.js's own methods would: a reply
   * or a deferral sets `ephemeral` from its flags, and `replied` or `deferred`. An answer that
   * fails leaves the interaction unanswered, so the router can still say what went wrong.
   */
  protected async answer(body: RESTPostAPIInteractionCallbackJSONBody, method: string): Promise<void> {
    const interaction = this.interaction;
    await this.#first.post(body, method, interaction.deferred || interaction.replied);
    const flags = (body as { data?: { flags?: number } }).data?.flags;
    if (body.type !== InteractionResponseType.UpdateMessage) interaction.ephemeral = isEphemeral(flags);
    if (body.type === InteractionResponseType.DeferredChannelMessageWithSource) interaction.deferred = true;
    else interaction.replied = true;
  }

  get id(): string {
    return this.interaction.id;
  }

  get locale(): string {
    return this.interaction.locale;
  }

  get user(): T['user'] {
    return this.interaction.user;
  }

  get replied(): boolean {
    return this.interaction.replied;
  }

  get deferred(): boolean {
    return this.interaction.deferred;
  }

  reply(options: MessageOptions): Promise<void> {
    return this.answer(
      { type: InteractionResponseType.ChannelMessageWithSource, data: toApiMessage(options) },
      'reply',
    );
  }

  followUp(options: MessageOptions): Promise<unknown> {
    return this.interaction.followUp(options);
  }
}

/** A slash command from the gateway; everything but the first answer is discord.js's own. */
export class GatewayCommand
  extends GatewayInteraction<ChatInputCommandInteraction>
  implements SlashInteraction
{
  get commandName(): string {
    return this.interaction.commandName;
  }

  get options(): ChatInputCommandInteraction['options'] {
    return this.interaction.options;
  }

  deferReply(options?: { flags?: MessageFlags.Ephemeral }): Promise<void> {
    const flags = options?.flags;
    return this.answer(
      {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        ...(flags === undefined ? {} : { data: { flags } }),
      },
      'deferReply',
    );
  }

  editReply(options: Omit<MessageOptions, 'flags'>): Promise<unknown> {
    return this.interaction.editReply(options);
  }
}

/** A button or select menu from the gateway; `reply` and `update` post the bot's JSON as it is. */
export class GatewayControl
  extends GatewayInteraction<MessageComponentInteraction>
  implements ComponentRequest
{
  get customId(): string {
    return this.interaction.customId;
  }

  get values(): readonly string[] | undefined {
    return this.interaction.isStringSelectMenu() ? this.interaction.values : undefined;
  }

  get message(): MessageComponentInteraction['message'] {
    return this.interaction.message;
  }

  update(options: Omit<MessageOptions, 'flags'>): Promise<void> {
    return this.answer(
      { type: InteractionResponseType.UpdateMessage, data: toApiMessage(options) },
      'update',
    );
  }
}

/** An autocomplete request from the gateway; its choices are posted as they are. */
export class GatewayAutocomplete implements AutocompleteRequest {
  readonly #interaction: AutocompleteInteraction;
  readonly #first: FirstAnswer;

  constructor(interaction: AutocompleteInteraction, callbacks: InteractionCallbacks) {
    this.#interaction = interaction;
    this.#first = new FirstAnswer(interaction, callbacks);
  }

  get id(): string {
    return this.#interaction.id;
  }

  get commandName(): string {
    return this.#interaction.commandName;
  }

  get locale(): string {
    return this.#interaction.locale;
  }

  get user(): AutocompleteInteraction['user'] {
    return this.#interaction.user;
  }

  get responded(): boolean {
    return this.#interaction.responded;
  }

  get options(): AutocompleteInteraction['options'] {
    return this.#interaction.options;
  }

  /** Posts the choices, then marks the request responded as discord.js's `respond` does. */
  async respond(choices: APIApplicationCommandOptionChoice<string>[]): Promise<void> {
    const interaction = this.#interaction;
    await this.#first.post(
      { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } },
      'respond',
      interaction.responded,
    );
    interaction.responded = true;
  }
}
