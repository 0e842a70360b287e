import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { send } from '../src/bot/respond.js';
import type { Command } from '../src/bot/types.js';
import { conventionReply, noResultReply } from '../src/discord/replies.js';
import { languageOf } from '../src/i18n.js';
import { EXAMPLE_QUERIES, english, MAX_TOPIC_LENGTH } from './localize.js';

/** `/convention sujet:<texte> [prive:<bool>]`: the agreements that match a topic. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'convention',
    name_localizations: english('convention'),
    description: 'Chercher les conventions qui traitent d’un sujet',
    description_localizations: english('Find the agreements that cover a topic'),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'sujet',
        name_localizations: english('topic'),
        description: 'Le sujet à chercher, par exemple « transports » ou « décrochage scolaire »',
        description_localizations: english(
          'The topic to look for, for example “transport” or “school dropout”',
        ),
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
      example: '/convention sujet:transports',
      description: 'les conventions qui traitent d’un sujet, la meilleure en détail',
    },
    en: {
      example: '/convention topic:public transport',
      description: 'the agreements that cover a topic, the best one in full',
    },
  },
  async execute(interaction, context) {
    const query = interaction.options.getString('sujet') ?? '';
    const language = languageOf(interaction.locale);
    const engine = context.engine();
    const hits = engine.search(query);
    if (hits.length === 0) {
      await send(
        interaction,
        noResultReply(query, engine.didYouMean(query), EXAMPLE_QUERIES[language], language),
      );
      return { results: 0, query };
    }
    const ephemeral = interaction.options.getBoolean('prive') ?? false;
    await send(
      interaction,
      conventionReply(hits, query, language, (text, terms) => engine.highlight(text, terms), { ephemeral }),
    );
    return { results: hits.length, query };
  },
  async autocomplete(interaction, context) {
    const choices = context.engine().complete(interaction.options.getFocused());
    await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
  },
} satisfies Command;
