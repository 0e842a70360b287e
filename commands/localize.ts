import type { LocalizationMap } from 'discord.js';

/** The English spelling of a name or description, for both English locales Discord has. */
export function english(text: string): LocalizationMap {
  return { 'en-US': text, 'en-GB': text };
}

/** Queries shown when nothing matched, to show what the bot understands. */
export const EXAMPLE_QUERIES = {
  fr: [
    'transports en commun',
    'prévention de la délinquance',
    'décrochage scolaire',
    'emploi des jeunes',
    'éducation artistique',
  ],
  en: ['public transport', 'crime prevention', 'school dropout', 'jobs', 'culture'],
} as const;

/** Longest topic accepted: longer text is not a search, and Discord shows 100 characters of it. */
export const MAX_TOPIC_LENGTH = 200;
