import { describe, expect, it } from 'vitest';
import { autocompleteChoices } from '../../src/discord/choices.js';
import { DISCORD_LIMITS } from '../../src/discord/limits.js';

describe('autocompleteChoices', () => {
  it('gives each suggestion as name and value', () => {
    expect(autocompleteChoices(['transports', 'Transports en commun'])).toEqual([
      { name: 'transports', value: 'transports' },
      { name: 'Transports en commun', value: 'Transports en commun' },
    ]);
  });

  it('keeps at most 25 choices', () => {
    const many = Array.from({ length: 40 }, (_, index) => `suggestion ${index}`);
    expect(autocompleteChoices(many)).toHaveLength(DISCORD_LIMITS.autocomplete.choices);
  });

  it('cuts names and values to 100 characters', () => {
    const [choice] = autocompleteChoices(['é'.repeat(150)]);
    expect(choice?.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocomplete.choiceName);
    expect(choice?.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.autocomplete.choiceValue);
  });

  it('leaves out empty suggestions and values already offered', () => {
    expect(autocompleteChoices(['', '   ', 'emploi', 'emploi '])).toEqual([
      { name: 'emploi', value: 'emploi' },
    ]);
  });
});
