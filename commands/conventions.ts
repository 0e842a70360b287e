import { ApplicationCommandType } from 'discord.js';
import { agreementAnswer } from '../src/bot/answers.js';
import { send, toMessageOptions } from '../src/bot/respond.js';
import type { Command } from '../src/bot/types.js';
import { openMenu } from '../src/discord/components.js';
import { noticeReply, overviewReply, partnerLabels } from '../src/discord/replies.js';
import { languageOf, messages } from '../src/i18n.js';
import { english } from './localize.js';

/** `/conventions`: every agreement in one overview, with a menu to open any of them. */
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
    const language = languageOf(interaction.locale);
    const reply = overviewReply(conventions, language);
    await send(interaction, { ...reply, components: [openMenu(conventions, language, partnerLabels)] });
    return { results: conventions.length };
  },
  async component(interaction, state, context) {
    const language = languageOf(interaction.locale);
    const id = interaction.values?.[0] ?? '';
    const reply = state.action === 'open' ? agreementAnswer(context.engine(), id, language) : undefined;
    await interaction.reply(toMessageOptions(reply ?? noticeReply(messages(language).noLongerAvailable)));
    return { results: reply === undefined ? 0 : 1 };
  },
} satisfies Command;
