import { type EscapeMarkdownOptions, escapeMarkdown } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import conventions from '../../data/conventions.json' with { type: 'json' };
import {
  ESCAPED_MAX,
  escapedTextCount,
  escapeText,
  neutraliseMentions,
  quoteUserText,
  truncate,
} from '../../src/discord/text.js';

/** What escapeText did before it was memoised: discord.js's escapeMarkdown, then mentions broken. */
const ALL: EscapeMarkdownOptions = {
  heading: true,
  bulletedList: true,
  numberedList: true,
  maskedLink: true,
};
const unmemoised = (text: string, options: EscapeMarkdownOptions = ALL) =>
  neutraliseMentions(escapeMarkdown(text, options));

const longest = conventions.conventions
  .map((convention) => convention.summary)
  .reduce((a, b) => (b.length > a.length ? b : a));

describe('escapeText', () => {
  it.each([
    ['plain text', 'Renforcer la prévention de la délinquance'],
    ['empty', ''],
    ['bold, italic, underline, strike, spoiler', '**gras** *italique* __souligné__ ~~barré~~ ||caché||'],
    ['snake_case and lone stars', 'article_12 vaut 2 * 3 et 4*5'],
    ['inline code and code block', 'voir `code` et ```js\nconst a = 1;\n```'],
    ['headings', '# Titre\n## Sous-titre\n### Section'],
    ['bulleted and numbered lists', '- un\n* deux\n  + trois\n1. premier\n2) second'],
    ['masked link', '[cliquez ici](https://example.org/piège)'],
    ['backslashes', 'C:\\dossier\\*fichier*'],
    ['mentions', '@everyone @here <@123456789012345678> <@&42> <#7>'],
    ['accents, emoji, quotes', 'L’État « s’engage » ✅ — _partenaires_'],
    ['the longest summary of the corpus', longest],
  ])('gives what the unmemoised escape gives: %s', (_, text) => {
    const expected = unmemoised(text);
    expect(escapeText(text)).toBe(expected);
    expect(escapeText(text)).toBe(expected);
    // A string equal to it but built anew hits the same entry.
    expect(escapeText(`${text} `.slice(0, text.length))).toBe(expected);
  });

  it('never shares a result between different options', () => {
    const text = '# Titre\n- **gras** [lien](https://example.org)';
    const withoutHeading = { ...ALL, heading: false };
    const withoutBold = { ...ALL, bold: false };
    expect(escapeText(text, withoutHeading)).toBe(unmemoised(text, withoutHeading));
    expect(escapeText(text)).toBe(unmemoised(text));
    expect(escapeText(text, withoutBold)).toBe(unmemoised(text, withoutBold));
    expect(escapeText(text, {})).toBe(unmemoised(text, {}));
    expect(
      new Set([
        escapeText(text),
        escapeText(text, withoutHeading),
        escapeText(text, withoutBold),
        escapeText(text, {}),
      ]).size,
    ).toBe(4);
    // The same options written in another order are the same options.
    expect(escapeText(text, { maskedLink: true, heading: false })).toBe(
      escapeText(text, { heading: false, maskedLink: true }),
    );
  });

  it('keeps at most ESCAPED_MAX texts, and stays right once emptied', () => {
    for (let i = 0; i < ESCAPED_MAX + 10; i += 1) {
      escapeText(`texte n°${i} *${i % 2 === 0 ? 'pair' : 'impair'}*`, i % 3 === 0 ? {} : ALL);
      expect(escapedTextCount()).toBeLessThanOrEqual(ESCAPED_MAX);
    }
    expect(escapedTextCount()).toBeGreaterThan(0);
    expect(escapeText(longest)).toBe(unmemoised(longest));
    expect(escapeText('_x_', {})).toBe(unmemoised('_x_', {}));
  });
});

describe('quoteUserText', () => {
  /** What it does, spelled out: one line without control, format or bidi characters, trimmed. */
  const reference = (text: string, max: number) =>
    neutraliseMentions(
      truncate(
        text
          .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
          .replace(/\s+/gu, ' ')
          .trim(),
        max,
      ),
    );

  it.each([
    'transports en commun',
    ' espace devant',
    'espace derrière ',
    'deux  espaces',
    'tab\there',
    'ligne\nsuivante',
    'insécable\u00a0ici',
    'trait\u00adconditionnel',
    'rtl \u202eevil\u202c',
    'zéro\u200blargeur',
    'arabe \u0627\u0644',
    '',
    '@everyone <@123456789012345678>',
  ])('quotes %j as one tidy line', (text) => {
    expect(quoteUserText(text, 100, { markdown: false })).toBe(reference(text, 100));
  });

  it('quotes any text as the spelled-out rules do', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.integer({ min: 1, max: 80 }),
        (text, max) => {
          expect(quoteUserText(text, max, { markdown: false })).toBe(reference(text, max));
        },
      ),
      { numRuns: 500 },
    );
  });
});
