import { MessageFlags } from 'discord.js';
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
