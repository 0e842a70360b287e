import type { Reply } from '../../src/discord/replies.js';
import { validateInteractionCallback } from './discord-spec.js';

/** Errors of the interaction callback discord.js would send for a reply (empty: valid). */
export function validateReply(reply: Reply): string[] {
  return validateInteractionCallback({
    type: 4,
    data: {
      ...(reply.content === undefined ? {} : { content: reply.content }),
      embeds: reply.embeds,
      ...(reply.components === undefined ? {} : { components: reply.components }),
      allowed_mentions: reply.allowedMentions,
      ...(reply.ephemeral ? { flags: 64 } : {}),
    },
  });
}

/** Errors of an autocomplete callback with these choices (empty: valid). */
export function validateAutocompleteChoices(choices: Array<{ name: string; value: string }>): string[] {
  return validateInteractionCallback({ type: 8, data: { choices } });
}
