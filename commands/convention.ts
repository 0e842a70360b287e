import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import type { Command } from '../src/bot/types.js';
import { english, MAX_TOPIC_LENGTH } from './localize.js';
import { answerCommand, handleAnswerControl } from './shared.js';

/** `/convention sujet:<texte> [prive:<bool>] [cible:<user>]`: the agreements that match a topic. */
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
        description: 'Répondre à vous seul, avec un bouton pour partager ensuite dans le salon',
        description_localizations: english(
          'Answer only to you, with a button to share it in the channel afterwards',
        ),
      },
      {
        type: ApplicationCommandOptionType.User,
        name: 'cible',
        name_localizations: english('for'),
        description: 'Adresser la réponse à un collègue (seule personne mentionnée)',
        description_localizations: english('Address the answer to a colleague (the only person mentioned)'),
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
  execute: (interaction, context) => answerCommand('convention', interaction, context),
  async autocomplete(interaction, context) {
    const choices = context.engine().complete(interaction.options.getFocused());
    await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
  },
  component: (interaction, state, context) => handleAnswerControl(interaction, state, context),
} satisfies Command;
