import type { APIEmbed, APIEmbedField } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutToLimits, embedLength, fitEmbeds, withinLimits } from '../../src/discord/fit.js';
import { DISCORD_LIMITS } from '../../src/discord/limits.js';

const LIMITS = DISCORD_LIMITS.embed;

/** Text of a length around a limit: under it, at it, just over it, or empty. */
const around = (limit: number) =>
  fc.oneof(
    fc.constant(''),
    fc.integer({ min: 1, max: 12 }).map((length) => 'a'.repeat(length)),
    fc.integer({ min: -2, max: 1 }).map((offset) => 'é'.repeat(Math.max(1, limit + offset))),
  );

const fieldArbitrary: fc.Arbitrary<APIEmbedField> = fc.record(
  {
    name: around(LIMITS.fieldName),
    value: around(LIMITS.fieldValue),
    inline: fc.constantFrom(true, false, undefined),
  },
  { requiredKeys: ['name', 'value'] },
);

const embedArbitrary: fc.Arbitrary<APIEmbed> = fc.record(
  {
    title: around(LIMITS.title),
    description: around(LIMITS.description),
    footer: around(LIMITS.footerText).map((text) => ({ text })),
    author: around(LIMITS.authorName).map((name) => ({ name })),
    fields: fc.oneof(
      fc.array(fieldArbitrary, { maxLength: 4 }),
      fc
        .integer({ min: LIMITS.fields - 1, max: LIMITS.fields + 1 })
        .map((count) => Array.from({ length: count }, (_, index) => ({ name: `f${index}`, value: 'v' }))),
    ),
  },
  { requiredKeys: [] },
);

const embedsArbitrary = fc.array(embedArbitrary, { maxLength: DISCORD_LIMITS.embedsPerMessage + 1 });

describe('withinLimits', () => {
  it.each<[string, APIEmbed[], boolean]>([
    [
      'an ordinary answer',
      [{ title: 'Transports', fields: [{ name: 'Période', value: '2017–2020', inline: true }] }],
      true,
    ],
    ['a title one character too long', [{ title: 't'.repeat(LIMITS.title + 1) }], false],
    ['a field with an empty value', [{ fields: [{ name: 'Axes', value: '' }] }], false],
    ['a field marked not inline', [{ fields: [{ name: 'Axes', value: 'x', inline: false }] }], false],
    [
      'two embeds over the 6000-character total',
      [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }],
      false,
    ],
    ['eleven embeds', Array.from({ length: 11 }, () => ({ title: 'x' })), false],
  ])('%s', (_name, embeds, expected) => {
    expect(withinLimits(embeds)).toBe(expected);
  });

  it('holds only of embeds that cutting would leave as they are', () => {
    fc.assert(
      fc.property(embedsArbitrary, (embeds) => {
        if (withinLimits(embeds)) expect(cutToLimits(embeds)).toEqual(embeds);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fitEmbeds', () => {
  it('gives what cutting gives, within every limit, for any embeds', () => {
    fc.assert(
      fc.property(embedsArbitrary, (embeds) => {
        const fitted = fitEmbeds(embeds);
        expect(fitted).toEqual(cutToLimits(embeds));
        expect(fitted.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(LIMITS.total);
        expect(withinLimits(fitted)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns embeds within the limits in a new list, not copied', () => {
    const embeds: APIEmbed[] = [{ title: 'Transports' }];
    const fitted = fitEmbeds(embeds);
    expect(fitted).not.toBe(embeds);
    expect(fitted[0]).toBe(embeds[0]);
  });
});
