/**
 * discord.js interactions as the commands see them, answering with the API JSON the bot built.
 *
 * discord.js's `reply` and `update` take options written for people and resolve them into a
 * `MessagePayload` first: content checks, a flags bit field, files, and on every call `require`
 * look-ups of four classes to tell a webhook from a message from an interaction. The bot's replies
 * are API JSON already, the very body its HTTP endpoint answers with ({@link toApiMessage}), so the
 * first answer is posted as it is, through the client's own REST manager (same route, rate limits
 * and retries), and the interaction is then marked answered as discord.js marks it, so that
 * `followUp` and `editReply` work on as before. Between interactions, with code and data no longer
 * in cache, that resolution was about a tenth of a millisecond of each answer.
 *
 * @module
 */
import {
  type ChatInputCommandInteraction,
  InteractionResponseType,
  type MessageComponentInteraction,
  MessageFlags,
  Routes,
} from 'discord.js';
import { AlreadyAnsweredError, toApiMessage } from './respond.js';
import type { ComponentRequest, MessageOptions, SlashInteraction } from './types.js';

type Answerable = ChatInputCommandInteraction | MessageComponentInteraction;

/** Posts the first answer of an interaction, then marks it answered as discord.js would. */
async function answer(
  interaction: Answerable,
  type: InteractionResponseType.ChannelMessageWithSource | InteractionResponseType.UpdateMessage,
  options: Partial<MessageOptions>,
  method: string,
): Promise<void> {
  if (interaction.deferred || interaction.replied) throw new AlreadyAnsweredError(method);
  await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body: { type, data: toApiMessage(options) },
    auth: false,
  });
  if (type === InteractionResponseType.ChannelMessageWithSource)
    interaction.ephemeral = ((options.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  interaction.replied = true;
}

/** What both kinds of interaction read from discord.js as it is, and how they answer first. */
abstract class GatewayInteraction<T extends Answerable> {
  protected readonly interaction: T;

  constructor(interaction: T) {
    this.interaction = interaction;
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
    return answer(this.interaction, InteractionResponseType.ChannelMessageWithSource, options, 'reply');
  }

  followUp(options: MessageOptions): Promise<unknown> {
    return this.interaction.followUp(options);
  }
}

/** A slash command from the gateway; everything but the first reply is discord.js's own. */
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

  deferReply(options?: { flags?: MessageFlags.Ephemeral }): Promise<unknown> {
    return this.interaction.deferReply(options);
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
    return answer(this.interaction, InteractionResponseType.UpdateMessage, options, 'update');
  }
}
