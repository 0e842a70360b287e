import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Convention, Thesaurus } from '../../src/data/schema.js';
import { COMPLETION_LIMITS, SearchEngine } from '../../src/search/engine.js';
import { loadSearchEngine } from '../../src/search/load.js';
import { stripCommandPrefix } from '../../src/search/query.js';

const SOURCE = 'https://example.org/conventions';

function convention(id: string, label: string, items: string[], extra: Partial<Convention> = {}): Convention {
  return {
    id,
    title: `Convention entre le ministère de la Ville et celui de ${label} - 1 mars 2017`,
    ministries: [{ name: `Ministère de ${label}`, label }],
    signedOn: '2017-03-01',
    period: null,
    summary: `Contexte de la convention ${label}.`,
    sections: [{ kind: 'axes', leadIn: 'Elle prévoit les axes suivants :', items }],
    goals: [],
    sourceUrl: SOURCE,
    ...extra,
  };
}

const fixture = [
  convention('sante-2017', 'la Santé', [
    'Améliorer l’accès aux soins',
    'Lutter contre le renoncement aux soins',
  ]),
  convention(
    'sports-2018',
    'des Sports',
    ['Développer la pratique sportive des jeunes', 'Former des éducateurs sportifs'],
    {
      signedOn: '2018-06-12',
      period: { from: 2018, to: 2021 },
      goals: [{ text: 'Doubler le nombre de licenciés', target: 'par deux' }],
    },
  ),
  convention('logement-2016', 'du Logement', [
    'Lutter contre l’habitat indigne',
    'Favoriser la mixité sociale',
  ]),
];
const thesaurus: Thesaurus = {
  version: 1,
  synonyms: {
    foot: ['pratique sportive'],
    médecin: ['soins'],
    'taudis insalubres': ['habitat indigne'],
    hlm: ['logement'],
  },
  ignoredWords: ['convention', 'ministère', 'ville'],
};
const engine = SearchEngine.build({ conventions: fixture }, thesaurus);
const ids = (query: string) => engine.search(query).map((hit) => hit.convention.id);

describe('SearchEngine.search', () => {
  it.each([
    ['soins', 'sante-2017'],
    ['SOINS', 'sante-2017'],
    ['sportif', 'sports-2018'],
    ['medecin', 'sante-2017'],
    ['foot', 'sports-2018'],
    ['taudis insalubres', 'logement-2016'],
    ['HLM', 'logement-2016'],
    ['pratiqe sportive', 'sports-2018'],
    ['renoncemnt', 'sante-2017'],
    ['spor', 'sports-2018'],
    ['juin 2018', 'sports-2018'],
    ['doubler', 'sports-2018'],
    ['Santé', 'sante-2017'],
  ])('ranks the right agreement first for %j', (query, id) => {
    expect(ids(query)[0]).toBe(id);
  });

  it.each(['pizza', 'xqzvbn', '', '   ', 'la de le', '🙂🙂', 'convention ministère'])(
    'returns nothing for %j',
    (query) => {
      expect(engine.search(query)).toEqual([]);
    },
  );

  it('prefers the agreement that matches more of the query', () => {
    expect(ids('lutter contre l’habitat')[0]).toBe('logement-2016');
  });

  it('refuses a loose correction when the rest of the query is unknown', () => {
    // "soin" is one edit from the typed word, but "gâteau" is unknown: a different topic, not a typo.
    expect(engine.search('soix gâteau')).toEqual([]);
  });

  it('returns the matching bullets with the spans of the matched words', () => {
    const [hit] = engine.search('renoncement aux soins');
    expect(hit?.axes[0]).toMatchObject({
      text: 'Lutter contre le renoncement aux soins',
      highlights: [
        [17, 28],
        [33, 38],
      ],
    });
    expect(hit?.axes.map((axis) => axis.text)).toContain('Améliorer l’accès aux soins');
  });

  it('respects the limit option and merges options with the defaults', () => {
    expect(engine.search('lutter', { limit: 1 })).toHaveLength(1);
    expect(engine.search('lutter').length).toBe(2);
    expect(engine.search('lutter', { limit: 0 })).toEqual([]);
  });

  it('ignores a slash-command or option prefix', () => {
    expect(ids('/convention soins')).toEqual(ids('soins'));
    expect(ids('sujet: soins')).toEqual(ids('soins'));
  });

  it('does not throw on hostile input', () => {
    for (const query of [
      ['.*+?^$', '{}()|[]\\'].join(''),
      '@everyone <@123456789012345678>',
      'a'.repeat(6000),
      '\u202e\u200b',
      '**gras**',
    ]) {
      expect(() => engine.search(query)).not.toThrow();
    }
  });
});

describe('SearchEngine.search, two stages', () => {
  // Twelve agreements mention "cadre" and "vie" in separate bullets; one has them in one bullet.
  const scattered = Array.from({ length: 12 }, (_, index) =>
    convention(`dispersee-${String(index).padStart(2, '0')}`, `Partenaire ${index}`, [
      'Améliorer le cadre des équipements sportifs et le cadre scolaire des quartiers',
      'Animer la vie associative, la vie culturelle et la vie des habitants',
    ]),
  );
  const together = convention('ensemble-2020', 'Ensemble', ['Améliorer le cadre de vie']);
  const corpus = SearchEngine.build({ conventions: [...scattered, together] }, thesaurus);

  it('ranks first the agreement whose one bullet has every word, over agreements that scatter them', () => {
    expect(corpus.search('cadre de vie')[0]?.convention.id).toBe('ensemble-2020');
  });

  it('scores every matching agreement on its bullets when the depth is unbounded', () => {
    const exhaustive = corpus.search('cadre de vie', { rerankDepth: Number.POSITIVE_INFINITY, limit: 20 });
    expect(exhaustive).toHaveLength(13);
    expect(corpus.search('cadre de vie', { limit: 20 })).toEqual(exhaustive);
  });

  it('re-ranks at least as many agreements as it returns', () => {
    expect(corpus.search('cadre de vie', { rerankDepth: 1, limit: 5 })).toHaveLength(5);
  });

  it.each([Number.NaN, 2.5, -1])('refuses a rerankDepth of %d, naming the option', (rerankDepth) => {
    expect(() => engine.search('transports', { rerankDepth })).toThrow(
      new RangeError(`rerankDepth must be a whole number or Infinity, got ${rerankDepth}`),
    );
  });

  it('reports the bullets of every returned agreement, best first, with their highlights', () => {
    const [hit] = corpus.search('vie cadre');
    expect(hit?.axes.map((axis) => [axis.text, axis.highlights])).toEqual([
      [
        'Améliorer le cadre de vie',
        [
          [13, 18],
          [22, 25],
        ],
      ],
    ]);
  });
});

describe('SearchEngine.search, ties and evidence', () => {
  const twin = (id: string) => convention(id, 'la Santé', ['Améliorer l’accès aux soins']);

  it('ranks agreements of equal score by id, whatever their order in the data', () => {
    const engine = SearchEngine.build(
      { conventions: [twin('zz-2017'), twin('aa-2017'), twin('mm-2017')] },
      thesaurus,
    );
    const hits = engine.search('accès aux soins');
    expect(hits.map((hit) => hit.convention.id)).toEqual(['aa-2017', 'mm-2017', 'zz-2017']);
    expect(new Set(hits.map((hit) => hit.score)).size).toBe(1);
  });

  it.each([1, 2, 3, 40])('returns with limit %i the first results of a longer list', (limit) => {
    const engine = SearchEngine.build(
      { conventions: ['zz', 'aa', 'mm', 'bb', 'yy'].map((id) => twin(`${id}-2017`)).concat(fixture) },
      thesaurus,
    );
    for (const query of ['accès aux soins', 'soins', 'sport et soins', 'logement']) {
      const all = engine.search(query, { limit: 100 }).map((hit) => hit.convention.id);
      expect(engine.search(query, { limit }).map((hit) => hit.convention.id)).toEqual(all.slice(0, limit));
    }
  });

  it('reads a fractional limit as its whole part, as slicing does', () => {
    const engine = SearchEngine.build(
      { conventions: ['aa', 'bb', 'cc'].map((id) => twin(`${id}-2017`)) },
      thesaurus,
    );
    expect(engine.search('soins', { limit: 2.5 })).toHaveLength(2);
    expect(engine.search('soins', { limit: 60.5 })).toHaveLength(3);
    expect(engine.search('soins', { limit: Number.NaN })).toEqual([]);
  });

  it('weighs how much of a long query each agreement covers, past 30 terms as below', () => {
    // Distinct invented words, so that each is one index term of its own.
    const words = Array.from(
      { length: 36 },
      (_, index) =>
        `mot${String.fromCharCode(97 + (index % 26))}${String.fromCharCode(97 + Math.floor(index / 26))}zed`,
    );
    const engine = SearchEngine.build(
      {
        conventions: [
          convention('peu-2017', 'la Culture', [words.slice(30).join(' ')]),
          convention('beaucoup-2017', 'la Culture', [words.slice(0, 30).join(' ')]),
        ],
      },
      thesaurus,
    );
    const [first] = engine.search(words.join(' '));
    expect(first?.convention.id).toBe('beaucoup-2017');
    expect(first?.coverage).toBeCloseTo(30 / 36, 5);
    const [short] = engine.search(words.slice(0, 6).join(' '));
    expect(short?.coverage).toBeCloseTo(1, 5);
  });

  it('gives the matching bullets as plain data to JSON, highlights included', () => {
    const engine = SearchEngine.build({ conventions: fixture }, thesaurus);
    const [axis] = engine.search('renoncement aux soins')[0]?.axes ?? [];
    expect(JSON.parse(JSON.stringify(axis))).toEqual({
      section: 0,
      item: 1,
      kind: 'axes',
      text: 'Lutter contre le renoncement aux soins',
      highlights: [
        [17, 28],
        [33, 38],
      ],
      score: axis?.score,
    });
  });
});

describe('synonyms', () => {
  it('does not take a word for a synonym key because their short stems collide', () => {
    // "taxi" and "taxe" share the stem "tax": a tax is not a means of transport.
    const withTaxi = SearchEngine.build(
      { conventions: fixture },
      { ...thesaurus, synonyms: { taxi: ['pratique sportive'] } },
    );
    expect(withTaxi.search('taxi')[0]?.convention.id).toBe('sports-2018');
    expect(withTaxi.search('taxe')).toEqual([]);
  });

  it('does not turn a hyphenated key into a synonym of its one meaningful word', () => {
    // "tout-petits" is a phrase; "petits" alone (as in "petits commerces") is not a synonym of it.
    const withPhrase = SearchEngine.build(
      { conventions: fixture },
      { ...thesaurus, synonyms: { 'tout-petits': ['soins'] } },
    );
    expect(withPhrase.search('petits')).toEqual([]);
  });
});

describe('SearchEngine.rankMinistries', () => {
  it('ranks ministries with their agreement and evidence bullets', () => {
    const [first] = engine.rankMinistries('qui s’occupe des soins ?');
    expect(first?.ministry.label).toBe('la Santé');
    expect(first?.convention.id).toBe('sante-2017');
    expect(first?.evidence.map((axis) => axis.text)).toEqual([
      'Améliorer l’accès aux soins',
      'Lutter contre le renoncement aux soins',
    ]);
  });

  it('returns nothing for nonsense', () => {
    expect(engine.rankMinistries('xqzvbn')).toEqual([]);
  });

  it('never cuts the partners of an agreement apart: `limit` counts agreements', () => {
    const twoPartners = convention('sante-2017', 'la Santé', ['Améliorer l’accès aux soins'], {
      ministries: [
        { name: 'Ministère de la Santé', label: 'Santé' },
        { name: 'Agences régionales de santé', label: 'ARS' },
      ],
    });
    const shared = SearchEngine.build({ conventions: [twoPartners] }, thesaurus);
    expect(shared.rankMinistries('soins', { limit: 1 }).map((hit) => hit.ministry.label)).toEqual([
      'Santé',
      'ARS',
    ]);
  });
});

describe('SearchEngine.highlight', () => {
  it('re-analyses each word so inflected forms of a matched stem are found', () => {
    const [hit] = engine.search('sportif');
    const text = 'Former des éducateurs sportifs';
    expect(engine.highlight(text, hit?.terms ?? [])).toEqual([[22, 30]]);
  });

  it('returns no span without terms', () => {
    expect(engine.highlight('Former des éducateurs sportifs', [])).toEqual([]);
  });

  it('highlights a text the corpus does not have as well as one it has', () => {
    expect(engine.highlight('Des soins, encore des soins', ['soin'])).toEqual([
      [4, 9],
      [22, 27],
    ]);
  });

  it('keeps a word written with a combining accent whole', () => {
    const decomposed = 'Sante\u0301 et soins';
    expect(engine.highlight(decomposed, ['sant'])).toEqual([[0, 6]]);
  });
});

describe('SearchEngine.complete', () => {
  it('completes the word being typed from the corpus, as written there', () => {
    expect(engine.complete('prati')).toContain('pratique');
  });

  it('completes to words people type that the thesaurus knows, not only corpus words', () => {
    expect(engine.complete('méd')).toContain('médecin');
  });

  it('offers one form per stem', () => {
    const words = SearchEngine.build(
      {
        conventions: [convention('formes-2017', 'Formes', ['Transport et transports, sportif et sportifs'])],
      },
      thesaurus,
    ).complete('spor');
    expect(words.filter((word) => word.startsWith('sportif'))).toHaveLength(1);
  });

  it('offers matching bullets, within Discord’s autocomplete limits', () => {
    const completions = engine.complete('soins');
    expect(completions).toContain('Améliorer l’accès aux soins');
    expect(completions.length).toBeLessThanOrEqual(COMPLETION_LIMITS.count);
    for (const completion of completions)
      expect(completion.length).toBeLessThanOrEqual(COMPLETION_LIMITS.length);
  });

  it('suggests the ministries for an empty input', () => {
    expect(engine.complete('').slice(0, 3)).toEqual(['la Santé', 'des Sports', 'du Logement']);
  });

  it('cuts long bullets to 100 characters', () => {
    const long = SearchEngine.build(
      { conventions: [convention('long-2017', 'Long', [`Soins ${'très '.repeat(60)}longs`])] },
      thesaurus,
    );
    for (const completion of long.complete('soins')) expect(completion.length).toBeLessThanOrEqual(100);
  });

  it('never returns more than asked', () => {
    expect(engine.complete('', 2)).toHaveLength(2);
  });
});

describe('SearchEngine.didYouMean', () => {
  it('offers corrected queries that find something', () => {
    expect(engine.didYouMean('habitaat indignes')).toContain('habitat indignes');
  });

  it('offers nothing for gibberish', () => {
    expect(engine.didYouMean('xqzvbn')).toEqual([]);
  });

  it('replaces the misspelt word itself, not the same letters inside another word', () => {
    expect(engine.didYouMean('soins oins')).toEqual(['soins soins']);
  });

  it('only offers a corrected query that finds something', () => {
    const alternatives = engine.didYouMean('pratiqe sportivve');
    expect(alternatives).not.toEqual([]);
    for (const alternative of alternatives) {
      expect(engine.search(alternative)).not.toEqual([]);
    }
  });
});

describe('SearchEngine coverage', () => {
  it('counts a concept few agreements share for more than one several share', () => {
    // "lutter" is in two of the three agreements, "sportive" in one.
    const coverage = Object.fromEntries(
      engine.search('lutter sportive').map((hit) => [hit.convention.id, hit.coverage]),
    );
    expect(coverage['sports-2018']).toBeGreaterThan(0.5);
    expect(coverage['logement-2016']).toBeLessThan(0.5);
    expect((coverage['sports-2018'] ?? 0) + (coverage['logement-2016'] ?? 0)).toBeCloseTo(1);
  });
});

describe('SearchEngine.plan', () => {
  it('gives the caller its own plan: writing to it changes no later search', () => {
    const fresh = SearchEngine.build({ conventions: fixture }, thesaurus);
    const before = JSON.stringify(fresh.search('soins'));
    const [concept] = fresh.plan('soins').concepts;
    if (concept === undefined) throw new Error('soins reads as nothing');
    (concept.terms as Map<string, number>).clear();
    expect(fresh.plan('soins').concepts[0]?.terms.size).toBeGreaterThan(0);
    expect(JSON.stringify(fresh.search('soins'))).toBe(before);
  });
});

describe('SearchEngine, after other queries', () => {
  // Readings of words, rarities and completions are kept between queries: none may leak.
  it('answers every query as a fresh engine would, whatever it answered before', () => {
    const word = fc.constantFrom(
      'lutter',
      'soins',
      'Soins',
      'soin',
      'médecin',
      'sport',
      'spor',
      'sportive',
      'habitat',
      'habitta',
      'logement',
      'hlm',
      'taudis',
      'insalubres',
      'jeunes',
      'xyz',
      'le',
    );
    const query = fc.array(word, { minLength: 0, maxLength: 4 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(fc.array(query, { minLength: 1, maxLength: 5 }), (queries) => {
        const used = SearchEngine.build({ conventions: fixture }, thesaurus);
        for (const text of queries) {
          const fresh = SearchEngine.build({ conventions: fixture }, thesaurus);
          expect(JSON.stringify(used.search(text))).toBe(JSON.stringify(fresh.search(text)));
          expect(used.complete(text)).toEqual(fresh.complete(text));
          expect(JSON.stringify(used.rankMinistries(text))).toBe(JSON.stringify(fresh.rankMinistries(text)));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('stripCommandPrefix', () => {
  it.each([
    ['/convention transports', 'transports'],
    ['/ministere  police', 'police'],
    ['sujet:emploi', 'emploi'],
    ['topic: jobs', 'jobs'],
    ['transports', 'transports'],
  ])('%j → %j', (query, stripped) => {
    expect(stripCommandPrefix(query)).toBe(stripped);
  });

  it('strips exactly what the two prefix patterns strip, on any text', () => {
    const part = fc.constantFrom(
      ' ',
      '/',
      ':',
      'sujet',
      'Topic',
      'q',
      'convention',
      'é',
      '-',
      '_',
      'transports',
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(part, { maxLength: 8 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (query) => {
        const patterns = query
          .replace(/^\s*\/[\p{L}\p{N}_-]+\s*/u, '')
          .replace(/^\s*(?:sujet|topic|query|q)\s*:\s*/iu, '');
        expect(stripCommandPrefix(query)).toBe(patterns);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the real corpus', () => {
  let real: SearchEngine;
  beforeAll(async () => {
    const loaded = await loadSearchEngine(path.resolve(import.meta.dirname, '../../data'));
    if (!loaded.ok) throw new Error('invalid data');
    real = loaded.value;
  });

  it.each([
    ['securite', 'interieur-2017'],
    ['sécurité', 'interieur-2017'],
    ['quel ministère s’occupe de la police', 'interieur-2017'],
    ['qui s’occupe du chômage ?', 'emploi-2016'],
    ['bus', 'transports-2017'],
    ['école', 'education-nationale-2017'],
    ['patrimoine', 'culture-2017'],
    ['/convention transports', 'transports-2017'],
    ['radicalistion', 'interieur-2017'],
    // English words for the young, which the agreements call "jeunes" and "enfants".
    ['young people', 'culture-2017'],
    ['youth', 'culture-2017'],
    ['children', 'culture-2017'],
    ['early childhood', 'education-nationale-2017'],
  ])('answers %j with %s first', (query, id) => {
    expect(real.search(query)[0]?.convention.id).toBe(id);
  });

  it.each([
    // Transports and culture were both signed on 8 February 2017, education on the 27th.
    ['convention du 8 février 2017', ['culture-2017', 'transports-2017']],
    ['8 février', ['culture-2017', 'transports-2017']],
    ['27 février 2017', ['education-nationale-2017']],
  ])('reads the day of a date, even of one digit: %j', (query, first) => {
    const found = real.search(query).map((hit) => hit.convention.id);
    expect(found.slice(0, first.length).sort()).toEqual(first);
  });

  it('takes a lone digit the agreements do not have for nothing, as before digits were words', () => {
    expect(real.search('trasnports 4')[0]?.convention.id).toBe('transports-2017');
    expect(real.isAboutEveryAgreement('axe 4')).toBe(true);
    expect(real.didYouMean('5G')).not.toContain('5');
  });

  it.each([
    ['prévention de la dé', 'prévention de la délinquance'],
    ['transports c', 'transports collectifs'],
    ['éducation art', 'éducation artistique'],
  ])('completes %j first with the word that follows it in the axes it finds', (partial, first) => {
    expect(real.complete(partial)[0]).toBe(first);
  });

  it('completes a first word as before: the most frequent words first', () => {
    expect(real.complete('tra').slice(0, 2)).toEqual(['transports', 'traduire']);
  });

  it.each([
    // Two edits from "qualité", which opened the culture agreement as if it were a match.
    'equality',
    'gender equality',
  ])('does not correct %j into a word that starts differently', (query) => {
    expect(real.search(query)).toEqual([]);
  });

  it.each([
    ['trasnports', 'transports-2017'],
    ['unemploymnet', 'emploi-2016'],
  ])('still corrects two-edit typos of %j that keep the first letter', (query, id) => {
    expect(real.search(query)[0]?.convention.id).toBe(id);
  });

  it('applies the limit to agreements, keeping every partner of each', () => {
    expect(new Set(real.rankMinistries('emploi').map((hit) => hit.convention.id)).size).toBeGreaterThan(1);
    expect(real.rankMinistries('emploi', { limit: 1 }).map((hit) => hit.ministry.label)).toEqual([
      'Emploi',
      'Service public de l’emploi',
    ]);
  });

  it('highlights the matched words of the best axis in the original text', () => {
    const [hit] = real.search('forces de sécurité');
    const axis = hit?.axes[0];
    expect(axis?.text).toBe('Améliorer le lien entre les forces de sécurité de l’Etat et la population');
    expect(axis?.highlights.map(([start, end]) => axis.text.slice(start, end))).toEqual([
      'forces',
      'sécurité',
    ]);
  });

  it('expands every thesaurus entry to at least one term of the corpus', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = JSON.parse(
      await readFile(path.resolve(import.meta.dirname, '../../data/synonyms.json'), 'utf8'),
    ) as Thesaurus;
    const dead = Object.keys(file.synonyms).filter((key) => real.plan(key).concepts.length === 0);
    expect(dead).toEqual([]);
  });
});
