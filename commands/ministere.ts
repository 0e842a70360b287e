import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import type { Command } from '../src/bot/types.js';
import { english, MAX_TOPIC_LENGTH } from './localize.js';
import { answerCommand, handleAnswerControl } from './shared.js';

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
      example: '/ministere sujet:police',
      description: 'quel ministère s’occupe d’un sujet, avec les axes qui le montrent',
    },
    en: {
      example: '/ministry topic:unemployment',
      description: 'which ministry covers a topic, with the objectives that show it',
    },
  },
  execute: (interaction, context) => answerCommand('ministere', interaction, context),
  async autocomplete(interaction, context) {
    const choices = context.engine().complete(interaction.options.getFocused());
    await interaction.respond(choices.map((choice) => ({ name: choice, value: choice })));
  },
  component: (interaction, state, context) => handleAnswerControl(interaction, state, context),
} satisfies Command;
