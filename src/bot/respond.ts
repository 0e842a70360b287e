import {
  MessageFlags,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
  type RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord.js';
import type { Reply } from '../discord/replies.js';
import type { MessageOptions, SlashInteraction } from './types.js';

/** The discord.js message options of a reply. */
export function toMessageOptions(reply: Reply): MessageOptions {
  return {
    ...(reply.content === undefined ? {} : { content: reply.content }),
    embeds: reply.embeds,
    ...(reply.components === undefined ? {} : { components: reply.components }),
    allowedMentions: reply.allowedMentions,
    ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** Whether message flags ask for a message only its recipient sees. */
export const isEphemeral = (flags: number | undefined): boolean =>
  ((flags ?? 0) & MessageFlags.Ephemeral) !== 0;

/** The message body Discord takes in a callback, a follow-up or an edit. */
export type ApiMessage = RESTPostAPIWebhookWithTokenJSONBody & RESTPatchAPIWebhookWithTokenMessageJSONBody;

/** discord.js-style message options (camelCase) turned into Discord's JSON (snake_case). */
export function toApiMessage(options: Partial<MessageOptions>): ApiMessage {
  const mentions = options.allowedMentions;
  return {
    ...(options.content === undefined ? {} : { content: options.content }),
    ...(options.embeds === undefined ? {} : { embeds: options.embeds }),
    ...(options.components === undefined ? {} : { components: options.components }),
    ...(mentions === undefined
      ? {}
      : {
          allowed_mentions: {
            parse: [...mentions.parse],
            ...(mentions.users === undefined ? {} : { users: [...mentions.users] }),
            ...(mentions.repliedUser === undefined ? {} : { replied_user: mentions.repliedUser }),
          },
        }),
    ...(options.flags === undefined ? {} : { flags: options.flags }),
  };
}

/** A first answer asked of an interaction that already has one (or a deferral). */
export class AlreadyAnsweredError extends Error {
  constructor(method: string) {
    super(`${method}: the interaction has already been answered or deferred`);
    this.name = 'AlreadyAnsweredError';
  }
}

/**
 * Sends a reply the way the interaction's state allows: the first answer with `reply`, the
 * answer to a deferred interaction with `editReply`, anything after that with `followUp`.
 */
export async function send(interaction: SlashInteraction, reply: Reply): Promise<void> {
  const options = toMessageOptions(reply);
  if (interaction.replied) {
    await interaction.followUp(options);
  } else if (interaction.deferred) {
    const { flags: _ignored, ...edit } = options;
    await interaction.editReply(edit);
  } else {
    await interaction.reply(options);
  }
}
