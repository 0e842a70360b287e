import type { APIEmbed } from 'discord.js';
import { ApplicationCommandType, InteractionContextType, MessageFlags } from 'discord.js';
import type { Command } from '../src/bot/types.js';
import { formatProblem } from '../src/data/loader.js';
import { joinLines } from '../src/discord/fit.js';
import { DISCORD_LIMITS } from '../src/discord/limits.js';
import { COLOURS } from '../src/discord/replies.js';
import { escapeText } from '../src/discord/text.js';
import { languageOf, messages } from '../src/i18n.js';
import { truncate } from '../src/util/truncate.js';
import { english } from './localize.js';

/**
 * Joins ids with ", " in at most `max` characters: as many whole ids as fit, then
 * "… and N more" for the rest, so a large reload never exceeds an embed field.
 */
export function listWithin(ids: readonly string[], max: number, more: (count: number) => string): string {
  if (ids.length === 0) return '—';
  const all = ids.join(', ');
  if (all.length <= max) return all;
  let kept = 0;
  let length = 0;
  for (let count = 1; count < ids.length; count += 1) {
    length += (count > 1 ? 2 : 0) + (ids[count - 1]?.length ?? 0);
    if (length > max) break;
    if (length + 2 + more(ids.length - count).length <= max) kept = count;
  }
  // Not even one id fits beside the note: the note alone, cut if the limit is tiny.
  if (kept === 0) return truncate(more(ids.length), max);
  return `${ids.slice(0, kept).join(', ')}, ${more(ids.length - kept)}`;
}

/** `/recharger`: reloads `data/` without a restart. Administrators only. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'recharger',
    name_localizations: english('reload'),
    description: 'Recharger les données sans redémarrer (administrateurs)',
    description_localizations: english('Reload the data without a restart (administrators)'),
    // "0": no permission is enough, so only administrators (and those they allow) see it.
    default_member_permissions: '0',
    // Permissions do not apply in a DM with the bot, so the command exists in servers only.
    contexts: [InteractionContextType.Guild],
  },
  help: {
    fr: {
      example: '/recharger',
      description: 'recharger les données après une modification (administrateurs)',
    },
    en: { example: '/reload', description: 'reload the data after an edit (administrators)' },
  },
  async execute(interaction, context) {
    const t = messages(languageOf(interaction.locale));
    // Reading and indexing files may take a moment: acknowledge within Discord's 3 seconds.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (context.reloadData === undefined) {
      // A context without a reloader (a test harness, an embedding): say so rather than fail.
      await interaction.editReply({
        embeds: [{ color: COLOURS.error, description: t.reloadUnavailable }],
        allowedMentions: { parse: [] },
      });
      return undefined;
    }
    const result = await context.reloadData();
    let embed: APIEmbed;
    if (!result.ok) {
      embed = {
        color: COLOURS.error,
        title: t.reloadFailedTitle,
        description: joinLines(
          [
            t.reloadFailed(result.problems.length),
            ...result.problems.map((problem) => `• ${escapeText(formatProblem(problem))}`),
          ],
          DISCORD_LIMITS.embed.description,
        ),
      };
    } else {
      const { diff } = result;
      const changed =
        diff.added.length + diff.removed.length + diff.changed.length + diff.axesAdded + diff.axesRemoved > 0;
      const list = (ids: string[]) => listWithin(ids, DISCORD_LIMITS.embed.fieldValue, t.andMore);
      embed = {
        color: COLOURS.answer,
        title: t.reloadTitle,
        description: `${changed ? '' : `${t.reloadUnchanged}\n`}${t.reloadSummary(result.conventions, result.axes)}`,
        fields: changed
          ? [
              { name: t.reloadAdded, value: list(diff.added), inline: true },
              { name: t.reloadRemoved, value: list(diff.removed), inline: true },
              { name: t.reloadChanged, value: list(diff.changed), inline: true },
              { name: '\u200b', value: t.axesDiff(diff.axesAdded, diff.axesRemoved) },
            ]
          : [],
      };
    }
    await interaction.editReply({ embeds: [embed], allowedMentions: { parse: [] } });
    return undefined;
  },
} satisfies Command;
