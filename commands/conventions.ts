import { ApplicationCommandType } from 'discord.js';
import { send } from '../src/bot/respond.js';
import type { Command } from '../src/bot/types.js';
import { overviewReply } from '../src/discord/replies.js';
import { languageOf } from '../src/i18n.js';
import { english } from './localize.js';

/** `/conventions`: every agreement in one overview. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'conventions',
    name_localizations: english('agreements'),
    description: 'Toutes les conventions en un coup d’œil',
    description_localizations: english('Every agreement at a glance'),
  },
  help: {
    fr: {
      example: '/conventions',
      description: 'toutes les conventions : ministère, date, période, nombre d’axes',
    },
    en: {
      example: '/agreements',
      description: 'every agreement: ministry, date, period, number of objectives',
    },
  },
  async execute(interaction, context) {
    const { conventions } = context.engine();
    await send(interaction, overviewReply(conventions, languageOf(interaction.locale)));
    return { results: conventions.length };
  },
} satisfies Command;
