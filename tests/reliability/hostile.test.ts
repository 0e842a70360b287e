import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { answer } from '../../src/bot/answers.js';
import { createRouter } from '../../src/bot/router.js';
import type { Reply } from '../../src/discord/replies.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { validateAutocompleteChoices, validateReply } from '../support/discord-checks.js';
import {
  collectingLogger,
  contextFor,
  FakeAutocomplete,
  FakeSlashInteraction,
  realEngine,
} from '../support/fakes.js';

let engine: SearchEngine;
beforeAll(async () => {
  engine = await realEngine();
});

/** Text people (and attackers) type: any Unicode, plus the pieces that break naive bots. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '@everyone',
    '@here',
    '<@123456789012345678>',
    '<@&123456789012345678>',
    '<#123456789012345678>',
    '**gras** __souligné__ ~~barré~~ ||spoiler|| `code` ```bloc```',
    '[lien](https://evil.example)',
    ['.*+?^$', '{}()|[]\\'].join(''),
    '\u202egnirts desrever\u202c',
    'zero\u200bwidth\u200d\ufeff',
    'שלום עולם مرحبا',
    '👩‍👩‍👧‍👦🇫🇷🔥',
    'a'.repeat(6000),
    '/convention /convention /convention',
    'sujet: topic: q:',
  ),
  fc
    .array(fc.constantFrom('transports', '@everyone', '**', 'école', '<@1>', 'xq', '🙂', 'l’', '\n'), {
      maxLength: 40,
    })
    .map((parts) => parts.join(' ')),
);

/** Mentions that would ping if Discord parsed them. */
const PINGS = /@(?:everyone|here)|<@[!&]?\d+>/u;

function expectSafe(reply: Reply, query: string) {
  expect(validateReply(reply), query).toEqual([]);
  expect(reply.allowedMentions.parse).toEqual([]);
  expect(reply.allowedMentions.users ?? []).toEqual([]);
  const visible = JSON.stringify(reply.embeds) + (reply.content ?? '');
  expect(PINGS.test(visible), `${query} → ${visible.slice(0, 200)}`).toBe(false);
}

describe('hostile queries', () => {
  it('never throw, never ping, and always give replies within Discord’s limits', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), fc.constantFrom('fr', 'en-US'), (query, ephemeral, locale) => {
        const language = locale === 'fr' ? 'fr' : 'en';
        for (const command of ['convention', 'ministere'] as const) {
          const { reply } = answer(engine, {
            command,
            query,
            language,
            owner: '300000000000000001',
            ephemeral,
          });
          expectSafe(reply, query);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('give autocomplete choices within Discord’s limits', () => {
    fc.assert(
      fc.property(hostileText, (partial) => {
        const choices = engine.complete(partial).map((text) => ({ name: text, value: text }));
        expect(validateAutocompleteChoices(choices), partial).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never make the router reject, whatever the options', async () => {
    const { logger } = collectingLogger();
    const router = createRouter(commands, contextFor(engine, logger, commands));
    await fc.assert(
      fc.asyncProperty(hostileText, fc.option(fc.boolean()), async (query, prive) => {
        const interaction = new FakeSlashInteraction(
          'convention',
          prive === null ? { sujet: query } : { sujet: query, prive },
        );
        await router.command(interaction);
        expect(interaction.calls).toHaveLength(1);
        const completion = new FakeAutocomplete('ministere', query);
        await router.autocomplete(completion);
        expect(completion.choices?.length ?? 0).toBeLessThanOrEqual(25);
      }),
      { numRuns: 100 },
    );
  });
});
