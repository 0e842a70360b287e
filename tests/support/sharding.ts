import type { APIInteractionResponse } from 'discord.js';
import { expect } from 'vitest';
import { type FakeDiscord, shardOfGuild } from './fake-discord.js';
import { chatInputInteraction, stringOption } from './payloads.js';

/**
 * Asks `/convention culture` in the guild that shard `index` of 2 owns and expects the culture
 * agreement back; returns the interaction's id (to find the shard's log line, say).
 */
export async function askInShardGuild(fake: FakeDiscord, index: number): Promise<string> {
  const context = fake.contextFor(index);
  expect(shardOfGuild(context.guildId, 2)).toBe(index);
  const interaction = fake.dispatchInteraction(
    chatInputInteraction({ context, name: 'convention', options: [stringOption('sujet', 'culture')] }),
  );
  const response = (await fake.waitForInteractionResponse(interaction.id)) as Extract<
    APIInteractionResponse,
    { type: 4 }
  >;
  expect(response.data.embeds?.[0]?.author?.name).toBe('Ville × Culture');
  return interaction.id;
}
