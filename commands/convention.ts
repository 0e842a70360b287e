import { ApplicationCommandType } from 'discord.js';
import type { Command } from '../src/bot/types.js';
import { answerOptions, english } from './localize.js';
import { answerCommand, completeTopic, handleAnswerControl } from './shared.js';

/** `/convention sujet:<texte> [prive:<bool>] [cible:<user>]`: the agreements that match a topic. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'convention',
    name_localizations: english('convention'),
    description: 'Chercher les conventions qui traitent d’un sujet',
    description_localizations: english('Find the agreements that cover a topic'),
    options: answerOptions({
      fr: 'Le sujet à chercher, par exemple « transports » ou « décrochage scolaire »',
      en: 'The topic to look for, for example “transport” or “school dropout”',
    }),
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
  autocomplete: completeTopic,
  component: (interaction, state, context) => handleAnswerControl(interaction, state, context),
} satisfies Command;
