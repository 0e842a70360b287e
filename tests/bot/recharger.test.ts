import type { APIEmbed } from 'discord.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import recharger, { listWithin } from '../../commands/recharger.js';
import type { ReloadResult } from '../../src/bot/reload.js';
import { DISCORD_LIMITS } from '../../src/discord/limits.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { validateWebhookEdit } from '../support/discord-spec.js';
import { collectingLogger, contextFor, FakeSlashInteraction, realEngine } from '../support/fakes.js';

let engine: SearchEngine;
beforeAll(async () => {
  engine = await realEngine();
});

/** Runs /recharger with a reload that returns `result`; gives the embed of the edited reply. */
async function reloadWith(result: ReloadResult, locale = 'fr'): Promise<APIEmbed> {
  const interaction = new FakeSlashInteraction('recharger', {}, locale);
  const context = { ...contextFor(engine, collectingLogger().logger, []), reloadData: async () => result };
  await recharger.execute(interaction, context);
  const edit = interaction.calls.find((call) => call.method === 'editReply');
  if (edit?.method !== 'editReply') throw new Error('no edited reply');
  expect(validateWebhookEdit({ embeds: edit.options.embeds })).toEqual([]);
  const [embed] = edit.options.embeds;
  if (embed === undefined) throw new Error('no embed');
  return embed;
}

const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix}-ministere-de-la-cohesion-des-territoires-${index}`);

function success(diff: Partial<Extract<ReloadResult, { ok: true }>['diff']>): ReloadResult {
  return {
    ok: true,
    diff: { added: [], removed: [], changed: [], axesAdded: 0, axesRemoved: 0, ...diff },
    conventions: 400,
    axes: 4000,
  };
}

describe('/recharger', () => {
  it('lists the added, removed and changed ids in full when they fit', async () => {
    const embed = await reloadWith(success({ added: ['culture-2017'], changed: ['emploi-2016'] }));
    expect(embed.fields?.slice(0, 3)).toEqual([
      { name: 'Ajoutées', value: 'culture-2017', inline: true },
      { name: 'Retirées', value: '—', inline: true },
      { name: 'Modifiées', value: 'emploi-2016', inline: true },
    ]);
  });

  it('cuts each list of ids to Discord’s field limit, with whole ids and the count of those left out', async () => {
    const diff = { added: ids('a', 400), removed: ids('r', 60), changed: ids('c', 25) };
    const embed = await reloadWith(success(diff));
    const [added, removed, changed] = embed.fields ?? [];
    for (const [field, all] of [
      [added, diff.added],
      [removed, diff.removed],
      [changed, diff.changed],
    ] as const) {
      const value = field?.value ?? '';
      expect(value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embed.fieldValue);
      const more = /, … et (\d+) autres$/u.exec(value);
      expect(more, value.slice(-40)).not.toBeNull();
      const shown = value.slice(0, more?.index).split(', ');
      expect(shown).toEqual(all.slice(0, shown.length));
      expect(shown.length + Number(more?.[1])).toBe(all.length);
    }
  });

  it('says how many more in English too', async () => {
    const embed = await reloadWith(success({ removed: ids('r', 100) }), 'en-US');
    const value = embed.fields?.[1]?.value ?? '';
    expect(value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embed.fieldValue);
    expect(value).toMatch(/, … and \d+ more$/u);
  });
});

describe('/recharger where reloading is not wired', () => {
  it.each([
    ['fr', 'rechargement'],
    ['en-US', 'reload'],
  ])('answers in %s that reloading is unavailable here, instead of failing', async (locale, word) => {
    const interaction = new FakeSlashInteraction('recharger', {}, locale);
    const context = contextFor(engine, collectingLogger().logger, []);
    await recharger.execute(interaction, { ...context, reloadData: undefined });
    const edit = interaction.calls.find((call) => call.method === 'editReply');
    if (edit?.method !== 'editReply') throw new Error('no edited reply');
    expect(validateWebhookEdit({ embeds: edit.options.embeds })).toEqual([]);
    expect(JSON.stringify(edit.options.embeds).toLowerCase()).toContain(word);
  });
});

describe('listWithin', () => {
  const more = (count: number) => `… and ${count} more`;

  it('shows a dash for no id, and every id when they fit', () => {
    expect(listWithin([], 10, more)).toBe('—');
    expect(listWithin(['a-1', 'b-2'], 8, more)).toBe('a-1, b-2');
  });

  it('keeps whole ids and counts the rest', () => {
    const list = ['alpha-1', 'beta-2', 'gamma-3', 'delta-4'];
    expect(listWithin(list, 29, more)).toBe('alpha-1, beta-2, … and 2 more');
    expect(listWithin(list, 28, more)).toBe('alpha-1, … and 3 more');
  });

  it('gives the note alone, cut to the limit, when no id fits beside it', () => {
    expect(listWithin(['a-very-long-identifier', 'b'], 20, more)).toBe('… and 2 more');
    expect(listWithin(['a-very-long-identifier', 'b'], 5, more)).toHaveLength(5);
  });

  it('never exceeds the limit and shows the ids in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u), { maxLength: 80 }),
        fc.integer({ min: 1, max: 300 }),
        (list, max) => {
          const text = listWithin(list, max, more);
          expect(text.length).toBeLessThanOrEqual(max);
          const cut = /(?:^|, )… and (\d+) more$/u.exec(text);
          const full = list.length === 0 ? '—' : list.join(', ');
          if (cut === null) {
            // Either everything fits, or the limit is too small even for the whole note.
            if (text !== full) expect(more(list.length).startsWith(text.slice(0, -1))).toBe(true);
          } else {
            const shown = text
              .slice(0, cut.index)
              .split(', ')
              .filter((id) => id !== '');
            expect(shown).toEqual(list.slice(0, shown.length));
            expect(shown.length + Number(cut[1])).toBe(list.length);
          }
        },
      ),
    );
  });
});
