import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  type LocalizationMap,
} from 'discord.js';

/** The English spelling of a name or description, for both English locales Discord has. */
export function english(text: string): LocalizationMap {
  return { 'en-US': text, 'en-GB': text };
}

/** Longest topic accepted: longer text is not a search, and Discord shows 100 characters of it. */
export const MAX_TOPIC_LENGTH = 200;

/**
 * The options `/convention` and `/ministere` share: the topic (with autocomplete), `prive` and
 * `cible`. Only the topic's example differs.
 */
export function answerOptions(topicExample: { fr: string; en: string }): APIApplicationCommandBasicOption[] {
  return [
    {
      type: ApplicationCommandOptionType.String,
      name: 'sujet',
      name_localizations: english('topic'),
      description: topicExample.fr,
      description_localizations: english(topicExample.en),
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
  ];
}
