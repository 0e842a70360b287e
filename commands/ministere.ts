import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { send } from '../src/bot/respond.js';
import type { Command } from '../src/bot/types.js';
import { ministryReply, noResultReply } from '../src/discord/replies.js';
import { languageOf } from '../src/i18n.js';
import { EXAMPLE_QUERIES, english, MAX_TOPIC_LENGTH } from './localize.js';

/** `/ministere sujet:<texte>`: which ministry covers a topic, with the evidence. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ministere',
    name_localizations: english('ministry'),
    description: 'Quel ministère s’occupe de ce sujet ?',
    description_localizations: english('Which ministry covers this topic?'),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'sujet',
        name_localizations: english('topic'),
        description: 'Le sujet, par exemple « police » ou « chômage »',
        description_localizations: english('The topic, for example “police” or “unemployment”'),
        required: true,
        autocomplete: true,
        min_length: 1,
        max_length: MAX_TOPIC_LENGTH,
      },
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'prive',
        name_localizations: english('private'),
        description: 'Répondre à vous seul plutôt que dans le salon',
        description_localizations: english('Answer only to you instead of in the channel'),
      },
    ],
  },
  help: {
    fr: {
      example: '/ministere sujet:police',
      description: 'quel ministère s’occupe d’un sujet, avec les axes qui le montrent',
    },
    en: {
      example: '/ministry topic:unemployment',
      description: 'which ministry covers a topic, with the objectives that show it',
    },
  },
  async execute(interaction, context) {
    const query = interaction.options.getString('sujet') ?? '';
    const language = languageOf(interaction.locale);
    const engine = context.engine();
    const hits = engine.rankMinistries(query);
    if (hits.length === 0) {
      await send(
        interaction,
        noResultReply(query, engine.didYouMean(query), EXAMPLE_QUERIES[language], language),
      );
      return { results: 0, query };
    }
    const ephemeral = interaction.options.getBoolean('prive') ?? false;
    await send(interaction, ministryReply(hits, query, language, { ephemeral }));
    return { results: hits.length, query };
  },
  async autocomplete(interaction, context) {
    const choices = context.engine().complete(interaction.options.getFocused());
    await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
  },
} satisfies Command;
