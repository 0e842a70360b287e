import { ApplicationCommandType } from 'discord.js';
import type { Command } from '../src/bot/types.js';
import { answerOptions, english } from './localize.js';
import { answerCommand, completeTopic, handleAnswerControl } from './shared.js';

/** `/ministere sujet:<texte>`: which ministry covers a topic, with the evidence. */
export default {
  data: {
    type: ApplicationCommandType.ChatInput,
    name: 'ministere',
    name_localizations: english('ministry'),
    description: 'Quel ministère s’occupe de ce sujet ?',
    description_localizations: english('Which ministry covers this topic?'),
    options: answerOptions({
      fr: 'Le sujet, par exemple « police » ou « chômage »',
      en: 'The topic, for example “police” or “unemployment”',
    }),
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
  autocomplete: completeTopic,
  component: (interaction, state, context) => handleAnswerControl(interaction, state, context),
} satisfies Command;
