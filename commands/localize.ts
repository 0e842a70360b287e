import type { LocalizationMap } from 'discord.js';

/** The English spelling of a name or description, for both English locales Discord has. */
export function english(text: string): LocalizationMap {
  return { 'en-US': text, 'en-GB': text };
}

/** Longest topic accepted: longer text is not a search, and Discord shows 100 characters of it. */
export const MAX_TOPIC_LENGTH = 200;
