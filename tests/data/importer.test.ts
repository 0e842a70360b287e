import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cleanBullet,
  extractGoals,
  ImportError,
  normaliseLine,
  parsePage,
  parseTitle,
  slugify,
} from '../../src/data/importer.js';
import { MAX_ID_LENGTH } from '../../src/data/schema.js';

const page = readFileSync(
  new URL('../../data/source/conventions-interministerielles.txt', import.meta.url),
  'utf8',
);
const committed = JSON.parse(readFileSync(new URL('../../data/conventions.json', import.meta.url), 'utf8'));

describe('parsePage on the CGET page', () => {
  const { title, conventions } = parsePage(page);
  const byId = new Map(conventions.map((convention) => [convention.id, convention]));

  it('reads the page title and the five agreements in page order', () => {
    expect(title).toBe('Conventions interministérielles d’objectifs');
    expect(conventions.map((convention) => convention.id)).toEqual([
      'interieur-2017',
      'education-nationale-2017',
      'transports-2017',
      'culture-2017',
      'emploi-2016',
    ]);
  });

  it.each([
    ['interieur-2017', '2017-04-10', { from: 2017, to: 2020 }],
    ['education-nationale-2017', '2017-02-27', null],
    ['transports-2017', '2017-02-08', { from: 2016, to: 2020 }],
    ['culture-2017', '2017-02-08', null],
    ['emploi-2016', '2016-12-05', { from: 2016, to: 2020 }],
  ])('dates %s: signed on %s, period %o', (id, signedOn, period) => {
    expect(byId.get(id)?.signedOn).toBe(signedOn);
    expect(byId.get(id)?.period).toEqual(period);
  });

  it.each([
    ['interieur-2017', [{ name: 'Ministère de l’Intérieur', label: 'Intérieur' }]],
    [
      'education-nationale-2017',
      [
        {
          name: 'Ministère de l’Éducation nationale, de l’Enseignement supérieur et de la Recherche',
          label: 'Éducation nationale',
        },
      ],
    ],
    ['transports-2017', [{ name: 'Ministère des Transports', label: 'Transports' }]],
    ['culture-2017', [{ name: 'Ministère de la Culture et de la Communication', label: 'Culture' }]],
    [
      'emploi-2016',
      [
        { name: 'Ministère de l’Emploi', label: 'Emploi' },
        { name: 'Service public de l’emploi', label: 'Service public de l’emploi' },
      ],
    ],
  ])('names the partners of %s without the Ville', (id, ministries) => {
    expect(byId.get(id)?.ministries).toEqual(ministries);
  });

  it.each([
    [
      'interieur-2017',
      'axes',
      'Elle prévoit le développement des axes suivants :',
      [
        'Renforcer la prévention de la délinquance',
        'Améliorer le lien entre les forces de sécurité de l’Etat et la population',
        'Soutenir et promouvoir la prévention de la radicalisation',
      ],
    ],
    [
      'education-nationale-2017',
      'results',
      'La première partie de la convention met l’accent sur le bilan positif de la convention 2013-2016 :',
      [
        'meilleure adéquation des géographies prioritaires',
        'développement de l’accueil des enfants de moins de 3 ans et du dispositif « Plus de maîtres que de classes » sur les territoires de la politique de la ville et « REP + » en particulier',
        'meilleure répartition des effectifs scolaires afin de favoriser la mixité scolaire',
        'mise en place de journées locales d’animation conjointes par le CGET et la DGESCO',
      ],
    ],
    [
      'transports-2017',
      'axes',
      'Elle prévoit le développement des axes suivants :',
      [
        'Développer les connaissances sur les conditions de desserte par les transports collectifs des QPV et les pratiques de déplacements de leurs habitants',
        'Améliorer la desserte par les transports collectifs des QPV et des zones d’emploi',
        'Développer les services à la mobilité au bénéfice des habitants des QPV, pour répondre aux besoins spécifiques de leurs déplacements, et en particulier pour se rendre sur leur lieu de travail',
      ],
    ],
    [
      'culture-2017',
      'axes',
      'Elle prévoit le développement des axes suivants :',
      [
        'renforcer la présence artistique et culturelle dans les quartiers, en lien notamment avec les conseils citoyens',
        'développer l’éducation artistique et culturelle à destination des enfants et des jeunes',
        'promouvoir la diversité culturelle et linguistique',
        'soutenir les médias de proximité, afin de lutter contre les préjugés relatifs à l’image des quartiers',
        'faciliter l’appropriation du cadre de vie et une meilleure compréhension (histoire de l’espace urbain, qualité architecturale, transmission de la mémoire)',
      ],
    ],
    [
      'emploi-2016',
      'axes',
      'La convention poursuit l’objectif de réduire de moitié les écarts entre le taux d’emploi observé dans les QPV et ceux observés dans les agglomérations qui les abritent en s’appuyant sur les axes suivants :',
      [
        'Le renforcement des dispositifs de droit commun en faveur des habitants de ces quartiers',
        'La mobilisation du service public de l’emploi et des opérateurs de l’emploi pour un accompagnement renforcé dans et vers l’emploi des habitants des QPV',
        'L’élévation des niveaux de qualification des habitants des quartiers',
      ],
    ],
  ])('reads every bullet of %s as one %s section', (id, kind, leadIn, items) => {
    expect(byId.get(id)?.sections).toEqual([{ kind, leadIn, items }]);
  });

  it('extracts the quantified goals, and only where the page states one', () => {
    expect(Object.fromEntries(conventions.map((convention) => [convention.id, convention.goals]))).toEqual({
      'interieur-2017': [],
      'education-nationale-2017': [
        {
          text: 'Réduire à moins de 10 % les écarts de réussite entre les élèves de l’éducation prioritaire et les élèves hors éducation prioritaire',
          target: 'moins de 10 %',
        },
      ],
      'transports-2017': [],
      'culture-2017': [],
      'emploi-2016': [
        {
          text: 'Réduire de moitié les écarts entre le taux d’emploi observé dans les QPV et ceux observés dans les agglomérations qui les abritent',
          target: 'de moitié',
        },
      ],
    });
  });

  it('keeps every context paragraph in the summary, and falls back to the lead-in when there is none', () => {
    expect(byId.get('education-nationale-2017')?.summary).toMatch(
      /^Cette convention a pour ambition .*\n\nDans le cadre de la refondation/su,
    );
    expect(byId.get('emploi-2016')?.summary).toBe(
      'La convention poursuit l’objectif de réduire de moitié les écarts entre le taux d’emploi observé dans les QPV et ceux observés dans les agglomérations qui les abritent.',
    );
  });

  it('leaves no non-breaking space, straight apostrophe or list punctuation in the text', () => {
    const text = JSON.stringify(conventions);
    expect(text).not.toMatch(/[\u00a0\u202f']/u);
    for (const convention of conventions) {
      for (const item of convention.sections.flatMap((section) => section.items))
        expect(item).not.toMatch(/[;.]$/u);
    }
  });

  it('produces exactly the committed dataset', () => {
    expect(committed.conventions).toEqual(conventions);
    expect(committed.source.title).toBe(title);
  });
});

describe('parseTitle', () => {
  it.each([
    [
      'Convention interministérielle d’objectifs entre le ministère de la Ville et celui des Sports - 1er mars 2018',
      '2018-03-01',
      null,
      'Sports',
    ],
    [
      'Convention interministérielle d’objectifs 2019–2022 entre le ministère de la Ville et celui de la Santé – 3 aout 2019',
      '2019-08-03',
      { from: 2019, to: 2022 },
      'Santé',
    ],
  ])('reads %s', (title, signedOn, period, label) => {
    const parts = parseTitle(title, 1);
    expect(parts.signedOn).toBe(signedOn);
    expect(parts.period).toEqual(period);
    expect(parts.ministries[0]?.label).toBe(label);
  });

  it.each([
    [
      'Convention entre le ministère de la Ville et celui des Sports - 10 brumaire 2017',
      /unknown month "brumaire"/u,
    ],
    [
      'Convention entre le ministère des Sports et celui de la Santé - 10 mai 2017',
      /no ministry in charge of the Ville/u,
    ],
    ['Une convention sans date', /expected "Convention … entre …/u],
  ])('refuses %s with a message that names the problem', (title, message) => {
    expect(() => parseTitle(title, 7)).toThrow(message);
    expect(() => parseTitle(title, 7)).toThrow(/^line 7: /u);
  });
});

describe('parsePage on malformed pages', () => {
  it.each([
    ['', /line 1: the page is empty/u],
    ['Titre\n\nPas de convention ici.\n', /line 3: text before the first agreement title/u],
    [
      'Titre\nConvention entre le ministère de la Ville et celui des Sports - 1 mai 2017\nContexte.\n> sans introduction\n',
      /line 4: a bullet list must follow a sentence ending with ":"/u,
    ],
    [
      'Titre\nConvention entre le ministère de la Ville et celui des Sports - 1 mai 2017\nContexte seulement.\n',
      /line 2: .* has no bullet list/u,
    ],
    [
      'Titre\nConvention entre le ministère de la Ville et celui des Sports - 31 février 2017\nAxes :\n> un\n',
      /line 2: .*signedOn: is not a real calendar date/u,
    ],
    [
      'Titre\nConvention entre le ministère de la Ville et celui des Sports - 1 mai 2017\nAxes :\n> un\nConvention entre le ministère de la Ville et celui des Sports - 2 mai 2017\nAxes :\n> deux\n',
      /line 5: agreement id "sports-2017" is also the id of the agreement at line 2/u,
    ],
  ])('rejects a malformed page (%#) naming the line', (text, message) => {
    expect(() => parsePage(text)).toThrow(ImportError);
    expect(() => parsePage(text)).toThrow(message);
  });

  it('accepts Windows line endings and a byte-order mark', () => {
    const parsed = parsePage(`\uFEFF${page.replace(/\n/gu, '\r\n')}`);
    expect(parsed.conventions).toEqual(parsePage(page).conventions);
  });
});

describe('parsePage ids', () => {
  const pageWith = (partner: string) =>
    `Titre\nConvention entre le ministère de la Ville et ${partner} - 1 mai 2017\nAxes :\n> un\n`;

  it('names an agreement after its first partner and its year', () => {
    expect(parsePage(pageWith('celui des Sports')).conventions[0]?.id).toBe('sports-2017');
  });

  it(`cuts a long partner name at a word so the id stays within ${MAX_ID_LENGTH} characters`, () => {
    const [convention] = parsePage(pageWith('celui de la Transition écologique des territoires')).conventions;
    expect(convention?.ministries[0]?.label).toBe('Transition écologique des territoires');
    expect(convention?.id).toBe('transition-ecologique-des-2017');
  });

  it('keeps every id within the limit, whatever the partner', () => {
    for (const length of [1, 20, 34, 35, 36, 40]) {
      const label = 'abcdefghij'.repeat(4).slice(0, length);
      const [convention] = parsePage(pageWith(`celui de ${label}`)).conventions;
      expect(convention?.id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
      expect(convention?.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*-2017$/u);
    }
  });
});

describe('text helpers', () => {
  it.each([
    ["l'Intérieur\u00a0 ", 'l’Intérieur'],
    ['«\u00a0REP +\u00a0»', '« REP + »'],
    ['a\t  b', 'a b'],
  ])('normaliseLine(%j) → %j', (input, expected) => {
    expect(normaliseLine(input)).toBe(expected);
  });

  it.each([
    [
      '> promouvoir la diversité culturelle et linguistique ;',
      'promouvoir la diversité culturelle et linguistique',
    ],
    ['> Renforcer la prévention de la délinquance.', 'Renforcer la prévention de la délinquance'],
    ['> (histoire, mémoire).', '(histoire, mémoire)'],
  ])('cleanBullet(%j) → %j', (input, expected) => {
    expect(cleanBullet(input)).toBe(expected);
  });

  it.each([
    ['Éducation nationale', 'education-nationale'],
    ['Service public de l’emploi', 'service-public-de-l-emploi'],
  ])('slugify(%j) → %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it.each([
    ['L’objectif est de doubler par deux le nombre de stages.', 'par deux'],
    ['Il s’agit d’augmenter de 15 % les embauches en s’appuyant sur les missions locales.', '15 %'],
  ])('extractGoals finds the target in %j', (sentence, target) => {
    expect(extractGoals(sentence)[0]?.target).toBe(target);
  });

  it('extractGoals finds nothing in a sentence without a quantity', () => {
    expect(extractGoals('Elle prévoit le développement des axes suivants :')).toEqual([]);
  });
});
