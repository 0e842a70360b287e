import type { APIApplicationCommandOptionChoice } from 'discord.js';
import { truncate } from '../util/truncate.js';
import { DISCORD_LIMITS } from './limits.js';

/**
 * Autocomplete choices for suggestions, within Discord's limits by construction: at most 25, each
 * name and value cut to 100 characters, empty suggestions and repeated values left out (Discord
 * refuses both).
 */
export function autocompleteChoices(
  suggestions: readonly string[],
): APIApplicationCommandOptionChoice<string>[] {
  const { choices: most, choiceName, choiceValue } = DISCORD_LIMITS.autocomplete;
  const seen = new Set<string>();
  const choices: APIApplicationCommandOptionChoice<string>[] = [];
  for (const suggestion of suggestions) {
    const value = truncate(suggestion.trim(), choiceValue);
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    choices.push({ name: truncate(suggestion.trim(), choiceName), value });
    if (choices.length >= most) break;
  }
  return choices;
}
