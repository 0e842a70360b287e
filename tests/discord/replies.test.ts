import path from 'node:path';
import type { APIEmbed } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Convention } from '../../src/data/schema.js';
import { embedLength, fitEmbeds } from '../../src/discord/fit.js';
import { DISCORD_LIMITS } from '../../src/discord/limits.js';
import {
  conventionEmbed,
  conventionReply,
  errorReply,
  helpReply,
  ministryReply,
  noResultReply,
  overviewReply,
  type Reply,
} from '../../src/discord/replies.js';
import { boldSpans, capitalise } from '../../src/discord/text.js';
import type { Language } from '../../src/i18n.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { loadSearchEngine } from '../../src/search/load.js';
import { truncate } from '../../src/util/truncate.js';
import { readJudgements } from '../relevance/relevance.js';
import { validateInteractionCallback } from '../support/discord-spec.js';

let engine: SearchEngine;
beforeAll(async () => {
  const loaded = await loadSearchEngine(path.resolve(import.meta.dirname, '../../data'));
  if (!loaded.ok) throw new Error('invalid data');
  engine = loaded.value;
});

const highlight = (text: string, terms: readonly string[]) => engine.highlight(text, terms);

/** The interaction callback body discord.js would send for a reply. */
function callbackBody(reply: Reply) {
  return {
    type: 4,
    data: {
      embeds: reply.embeds,
      allowed_mentions: reply.allowedMentions,
      ...(reply.ephemeral ? { flags: 64 } : {}),
    },
  };
}

function expectValid(reply: Reply) {
  expect(validateInteractionCallback(callbackBody(reply))).toEqual([]);
  expect(reply.allowedMentions.parse).toEqual([]);
  expect(reply.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(
    DISCORD_LIMITS.embed.total,
  );
}

const LANGUAGES: Language[] = ['fr', 'en'];

describe('conventionReply', () => {
  it.each(LANGUAGES)('renders every agreement in full in %s within Discord’s limits', (language) => {
    for (const convention of engine.conventions) {
      const hits = engine.search(convention.ministries[0]?.label ?? '');
      expect(hits[0]?.convention.id).toBe(convention.id);
      expectValid(conventionReply(hits, convention.ministries[0]?.label ?? '', language, highlight));
    }
  });

  it('shows the best match in full, the others compactly, and counts the results in the footer', () => {
    const hits = engine.search('2017');
    expect(hits.length).toBeGreaterThan(1);
    const reply = conventionReply(hits, '2017', 'fr', highlight);
    const [main, others] = reply.embeds;
    expect(main?.title).toBe(hits[0]?.convention.title);
    expect(main?.url).toBe(hits[0]?.convention.sourceUrl);
    expect(main?.fields?.map((f) => f.name)).toEqual(
      expect.arrayContaining(['Signée le', 'Période', 'Axes']),
    );
    expect(main?.footer?.text).toBe(
      `Résultat 1 sur ${hits.length} · ${hits.length} conventions correspondent à « 2017 »`,
    );
    expect(others?.title).toBe('Autres conventions correspondantes');
    expect(others?.description?.split('\n\n')).toHaveLength(hits.length - 1);
  });

  it('puts the matched words of the axes in bold', () => {
    const hits = engine.search('radicalisation');
    const axes = conventionReply(hits, 'radicalisation', 'fr', highlight).embeds[0]?.fields?.find(
      (f) => f.name === 'Axes',
    );
    expect(axes?.value).toContain('• Soutenir et promouvoir la prévention de la **radicalisation**');
  });

  it('states the quantified goals and the period when known', () => {
    const hits = engine.search('emploi');
    const fields = conventionReply(hits, 'emploi', 'en', highlight).embeds[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'Quantified goals')?.value).toMatch(/^🎯 Réduire de moitié/u);
    expect(fields.find((f) => f.name === 'Period')?.value).toBe('2016–2020');
    expect(fields.find((f) => f.name === 'Signed on')?.value).toBe('5 December 2016');
  });

  it('is private when asked', () => {
    expect(conventionReply(engine.search('bus'), 'bus', 'fr', highlight, { ephemeral: true }).ephemeral).toBe(
      true,
    );
    expect(conventionReply(engine.search('bus'), 'bus', 'fr', highlight).ephemeral).toBe(false);
  });

  it('quotes the query without letting it ping or inject markdown', () => {
    const query = '@everyone **transports** <@123456789012345678>';
    const reply = conventionReply(engine.search(query), query, 'fr', highlight);
    const footer = reply.embeds[0]?.footer?.text ?? '';
    expect(footer).not.toContain('@everyone');
    expect(footer).not.toContain('<@123456789012345678>');
    expectValid(reply);
  });

  it('refuses to build an answer without hits', () => {
    expect(() => conventionReply([], 'x', 'fr', highlight)).toThrow(RangeError);
  });
});

describe('conventionEmbed', () => {
  const fieldValues = (embed: APIEmbed) => (embed.fields ?? []).map((entry) => entry.value).join('\n');

  it('shows the bullets of the agreement it is given, though an agreement of the same id was shown before', () => {
    const shown = engine.conventions[0] as Convention;
    const before = fieldValues(conventionEmbed(shown, 'fr'));
    // What a reload brings: new objects, the same id, a bullet changed.
    const reloaded = structuredClone(shown);
    const section = reloaded.sections[0];
    if (section === undefined) throw new Error('the agreement has no section');
    section.items[0] = 'Un axe réécrit depuis';
    const after = fieldValues(conventionEmbed(reloaded, 'fr'));
    expect(after).toContain('• Un axe réécrit depuis');
    expect(before).not.toContain('Un axe réécrit depuis');
    expect(fieldValues(conventionEmbed(shown, 'fr'))).toBe(before);
  });

  it('puts in bold the matched words of a bullet, and only for the answer that matched them', () => {
    const [hit] = engine.search('radicalisation');
    if (hit === undefined) throw new Error('no agreement matches');
    const bold = fieldValues(
      conventionEmbed(hit.convention, 'fr', {
        bullets: hit.axes,
        highlight: (text) => highlight(text, hit.terms),
      }),
    );
    const plain = fieldValues(conventionEmbed(hit.convention, 'fr'));
    expect(bold).toMatch(/\*\*radicalisation\*\*/iu);
    expect(plain).not.toContain('**');
  });
});

describe('conventionEmbed, emphasis from the evidence', () => {
  /** A matched bullet's line as it was rendered before: the bullet highlighted with the hit's terms. */
  const boldLine = (item: string, spans: ReadonlyArray<readonly [number, number]>) => {
    const raw = truncate(capitalise(item), DISCORD_LIMITS.embed.fieldValue - 40);
    return `• ${boldSpans(
      raw,
      spans.filter(([, end]) => end <= raw.length),
    )}`;
  };

  it.each(LANGUAGES)(
    'bolds in %s what highlighting every bullet with the hit’s terms bolds, for every relevance query',
    (language) => {
      const queries = (['queries', 'holdout', 'fresh'] as const).flatMap((name) =>
        readJudgements(name).map((judgement) => judgement.query),
      );
      let boldLines = 0;
      for (const query of queries) {
        for (const hit of engine.search(query)) {
          const highlightHit = (text: string) => highlight(text, hit.terms);
          const embed = conventionEmbed(hit.convention, language, {
            bullets: hit.axes,
            highlight: highlightHit,
          });
          const values = (embed.fields ?? []).map((entry) => entry.value).join('\n');
          const lines = values.split('\n');
          for (const section of hit.convention.sections) {
            for (const item of section.items) {
              const spans = highlightHit(item);
              if (spans.length === 0) continue;
              expect(lines, `${query}: ${item}`).toContain(boldLine(item, spans));
              boldLines += 1;
            }
          }
          // No other line is in bold: as many bold bullet lines as bullets with matched words.
          const bulletsInBold = lines.filter((line) => line.startsWith('• ') && line.includes('**')).length;
          expect(bulletsInBold, query).toBe(
            hit.convention.sections
              .flatMap((section) => section.items)
              .filter((item) => highlightHit(item).length > 0).length,
          );
        }
      }
      expect(boldLines).toBeGreaterThan(100);
    },
  );
});

describe('ministryReply', () => {
  it.each(LANGUAGES)('ranks ministries with their evidence in %s, within limits', (language) => {
    const hits = engine.rankMinistries('police');
    const reply = ministryReply(hits, 'police', language);
    expectValid(reply);
    expect(reply.embeds[0]?.fields?.[0]?.name).toBe('1. Ministère de l’Intérieur');
    expect(reply.embeds[0]?.fields?.[0]?.value).toContain('**sécurité**');
  });
});

describe('ministryReply, the partners of one agreement', () => {
  it('names them together, once, with the agreement’s evidence', () => {
    const hits = engine.rankMinistries('emploi');
    expect(hits.filter((hit) => hit.convention.id === 'emploi-2016')).toHaveLength(2);
    const names = ministryReply(hits, 'emploi', 'fr').embeds[0]?.fields?.map((f) => f.name) ?? [];
    expect(names.filter((name) => name.includes('Service public de l’emploi'))).toEqual([
      '1. Ministère de l’Emploi · Service public de l’emploi',
    ]);
    expect(names.map((name) => name.split('. ')[0])).toEqual(names.map((_, index) => String(index + 1)));
  });
});

describe('ministryReply, its title', () => {
  it.each<[string, Language, string]>([
    ['police', 'fr', 'Qui s’occupe de « police » ?'],
    ['police', 'en', 'Who covers “police”?'],
    ['quel ministère s’occupe de la police ?', 'fr', 'Quel ministère s’occupe de la police ?'],
    ['Qui gère la sécurité', 'fr', 'Qui gère la sécurité ?'],
    ['which ministry deals with the police', 'en', 'Which ministry deals with the police?'],
    ['who handles police?', 'en', 'Who handles police?'],
  ])('asks %j as a question, once (%s)', (query, language, title) => {
    expect(ministryReply(engine.rankMinistries(query), query, language).embeds[0]?.title).toBe(title);
  });
});

describe('ministryReply, the agreement behind each ministry', () => {
  it.each<[Language, string]>([
    ['fr', '[Convention du 10 avril 2017 (2017–2020)]('],
    ['en', '[Agreement of 10 April 2017 (2017–2020)]('],
  ])('is named by its date of signature in %s', (language, start) => {
    const reply = ministryReply(engine.rankMinistries('police'), 'police', language);
    const link = reply.embeds[0]?.fields?.[0]?.value.split('\n').find((line) => line.startsWith('['));
    expect(link?.slice(0, start.length)).toBe(start);
  });
});

describe('overviewReply', () => {
  it('lists every agreement with its date, period and number of axes', () => {
    const reply = overviewReply(engine.conventions, 'fr');
    expectValid(reply);
    expect(reply.embeds[0]?.fields?.map((f) => f.name)).toEqual([
      'Intérieur',
      'Éducation nationale',
      'Transports',
      'Culture',
      'Emploi · Service public de l’emploi',
    ]);
    expect(reply.embeds[0]?.fields?.[0]?.value).toMatchInlineSnapshot(`
      "Signée le 10 avril 2017 · Période : 2017–2020 · 3 axes
      [Convention interministérielle d’objectifs 2017-2020 entre le ministère de la Ville et celui de l’Intérieur - 10 avril 2017](http://www.cget.gouv.fr/territoires/quartiers-de-la-politique-de-la-ville/conventions-interministerielles-d-objectifs)"
    `);
  });

  it.each<[string, Array<Omit<Convention['sections'][number], 'leadIn'>>, string]>([
    ['axes only', [{ kind: 'axes', items: ['a', 'b', 'c'] }], '3 axes'],
    [
      'a review of the previous agreement only',
      [{ kind: 'results', items: ['a', 'b'] }],
      '2 points de bilan',
    ],
    [
      'both',
      [
        { kind: 'results', items: ['a'] },
        { kind: 'axes', items: ['b', 'c'] },
      ],
      '2 axes · 1 point de bilan',
    ],
  ])('counts axes and review points apart: %s', (_name, sections, counted) => {
    const [first] = engine.conventions;
    if (first === undefined) throw new Error('the corpus has agreements');
    const convention: Convention = {
      ...first,
      sections: sections.map((section) => ({ ...section, leadIn: 'Elle prévoit :' })),
    };
    const line = overviewReply([convention], 'fr').embeds[0]?.fields?.[0]?.value.split('\n')[0];
    expect(line).toBe(`Signée le 10 avril 2017 · Période : 2017–2020 · ${counted}`);
  });

  it('speaks English to English clients', () => {
    const reply = overviewReply(engine.conventions, 'en');
    expectValid(reply);
    expect(reply.embeds[0]?.fields?.[1]?.value).toMatchInlineSnapshot(`
      "Signed on 27 February 2017 · Period: Not stated · 4 review points
      [Convention interministérielle d’objectifs entre le ministère chargé de la Ville et celui de l’Éducation nationale, de l’Enseignement supérieur et de la Recherche - 27 février 2017](http://www.cget.gouv.fr/territoires/quartiers-de-la-politique-de-la-ville/conventions-interministerielles-d-objectifs)"
    `);
  });
});

describe('helpReply', () => {
  it.each(LANGUAGES)('lists each command with an example and the data source in %s', (language) => {
    const reply = helpReply(
      [{ example: '/convention sujet:transports', description: 'chercher' }],
      { url: 'https://example.org', count: 5 },
      language,
    );
    expectValid(reply);
    expect(reply.ephemeral).toBe(true);
    expect(JSON.stringify(reply.embeds)).toContain('https://example.org');
  });
});

describe('noResultReply', () => {
  it('answers privately with the suggestions, or with examples when there are none, and what is available', () => {
    const covered = ['Intérieur', 'Transports'];
    const withSuggestions = noResultReply('habitaat', ['habitat'], ['transports'], covered, 'fr');
    expect(withSuggestions.ephemeral).toBe(true);
    expect(withSuggestions.embeds[0]?.description).toMatchInlineSnapshot(`
      "Aucune convention ne correspond à « habitaat ».

      Vouliez-vous dire :
      • habitat

      Conventions disponibles : Intérieur, Transports. \`/conventions\` les présente."
    `);
    const withExamples = noResultReply('pizza', [], ['transports', 'emploi'], ['Culture'], 'en');
    expect(withExamples.embeds[0]?.description).toMatchInlineSnapshot(`
      "No agreement matches “pizza”.

      Try for example:
      • transports
      • emploi

      Agreement available: Culture. \`/agreements\` lists it."
    `);
    expectValid(withExamples);
  });

  it('escapes a hostile query', () => {
    const reply = noResultReply('@here `code` [lien](https://evil.example)', [], [], [], 'fr');
    expect(reply.embeds[0]?.description).not.toContain('@here');
    // A backslash before "[" is how Discord shows a masked link as typed.
    expect(reply.embeds[0]?.description).toContain('\\[lien](');
    expect(reply.embeds[0]?.description).not.toMatch(/(^|[^\\])\[lien\]\(/u);
  });
});

describe('errorReply', () => {
  it('apologises privately with the reference', () => {
    expect(errorReply('AB12CD34', 'en')).toMatchInlineSnapshot(`
      {
        "allowedMentions": {
          "parse": [],
        },
        "embeds": [
          {
            "color": 13501696,
            "description": "The command could not complete. Try again in a moment; if it keeps happening, report reference \`AB12CD34\`.",
            "title": "Something went wrong",
          },
        ],
        "ephemeral": true,
      }
    `);
  });
});

describe('fitEmbeds', () => {
  const huge: Convention = {
    id: 'enorme-2020',
    title: 'T'.repeat(400),
    ministries: Array.from({ length: 30 }, (_, index) => ({
      name: `Ministère ${index} ${'x'.repeat(300)}`,
      label: `M${index}`,
    })),
    signedOn: '2020-01-01',
    period: { from: 2020, to: 2024 },
    summary: 'Résumé '.repeat(2000),
    sections: Array.from({ length: 10 }, () => ({
      kind: 'axes' as const,
      leadIn: 'Axes :',
      items: Array.from({ length: 12 }, (_, index) => `${index} ${'axe très long '.repeat(80)}`),
    })),
    goals: Array.from({ length: 20 }, () => ({ text: 'Réduire '.repeat(50), target: '10 %' })),
    sourceUrl: 'https://example.org',
  };

  it.each(LANGUAGES)('cuts an enormous agreement to every limit in %s', (language) => {
    const embeds = fitEmbeds([
      conventionEmbed(huge, language),
      conventionEmbed(huge, language),
      conventionEmbed(huge, language),
    ]);
    expectValid({ embeds, ephemeral: false, allowedMentions: { parse: [] } });
    expect(embeds[0]?.fields?.length).toBeGreaterThan(0);
  });

  it('keeps the first embed and drops later ones first', () => {
    const big: APIEmbed = {
      title: 'a',
      description: 'd'.repeat(4000),
      fields: [{ name: 'f', value: 'v'.repeat(1000) }],
    };
    const embeds = fitEmbeds([big, { ...big, title: 'b' }]);
    expect(embeds[0]?.title).toBe('a');
    expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(6000);
  });
});
