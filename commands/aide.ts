import { ApplicationCommandType } from 'discord.js';
import { send } from '../src/bot/respond.js';
import type { Command } from '../src/bot/types.js';
import { helpReply } from '../src/discord/replies.js';
import { languageOf } from '../src/i18n.js';
import { english } from './localize.js';

/** `/aide`: what the bot does, each command with an example, where the data comes from. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'aide',
    name_localizations: english('help'),
    description: 'Ce que fait le bot, avec un exemple par commande',
    description_localizations: english('What the bot does, with an example for each command'),
  },
  help: {
    fr: { example: '/aide', description: 'cette aide' },
    en: { example: '/help', description: 'this help' },
  },
  async execute(interaction, context) {
    const language = languageOf(interaction.locale);
    const engine = context.engine();
    const entries = context.commands.map((command) => command.help[language]);
    const sourceUrl = engine.conventions[0]?.sourceUrl ?? '';
    await send(
      interaction,
      helpReply(entries, { url: sourceUrl, count: engine.conventions.length }, language),
    );
    return undefined;
  },
} satisfies Command;
