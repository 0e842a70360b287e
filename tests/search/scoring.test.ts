import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { analyseWord, tokenize } from '../../src/search/analysis.js';
import { FIELD_BOOSTS, FIELDS, type ScoredDocument } from '../../src/search/documents.js';
import {
  AgreementImpacts,
  type AnalysedField,
  CorpusStatistics,
  ImpactStore,
  NumberedQuery,
  type WeightedTerms,
} from '../../src/search/scoring.js';

const documents: ScoredDocument[] = [
  { id: 'a', conventionId: 'a', ministries: 'Ministère des Transports', title: 'Mobilité', summary: '' },
  { id: 'a#0.0', conventionId: 'a', text: 'Développer les transports en commun dans les quartiers' },
  { id: 'a#0.1', conventionId: 'a', text: 'Transports, transports et encore transports' },
  { id: 'b', conventionId: 'b', ministries: 'Ministère de la Culture', goals: 'Doubler les résidences' },
  { id: 'b#0.0', conventionId: 'b', text: 'Résidences d’artistes dans les quartiers prioritaires' },
  { id: 'b#0.1', conventionId: 'b', text: 'Éducation artistique' },
];

function analysed(document: ScoredDocument): AnalysedField[] {
  return FIELDS.flatMap((field, index) => {
    const text = document[field];
    if (text === undefined) return [];
    const words = tokenize(text).map((token) => token.text);
    return [{ field: index, words, terms: words.map(analyseWord) }];
  });
}

function statisticsOf(all: readonly ScoredDocument[]): CorpusStatistics {
  const statistics = new CorpusStatistics();
  for (const document of all) statistics.add(analysed(document));
  return statistics;
}

describe('CorpusStatistics.impacts', () => {
  it.each([
    ['transports', { transport: 1 }],
    ['quartiers résidences', { quarti: 1, resident: 0.6 }],
    ['artistique culture quartiers', { artist: 1, cultur: 0.8, quarti: 0.5 }],
  ])('gives each document the score MiniSearch gives it for %j', (_, weights: Record<string, number>) => {
    const index = new MiniSearch<ScoredDocument>({
      fields: [...FIELDS],
      tokenize: (text) => tokenize(text).map((token) => token.text),
      processTerm: analyseWord,
    });
    index.addAll(documents);
    const expected = index.search(Object.keys(weights).join(' '), {
      boost: FIELD_BOOSTS,
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      boostTerm: (term) => weights[term] ?? 1,
    });
    expect(expected.length).toBeGreaterThan(1);

    const statistics = statisticsOf(documents);
    const query = Object.entries(weights);
    for (const result of expected) {
      const position = documents.findIndex((document) => document.id === result.id);
      const impacts = new AgreementImpacts([statistics.impacts(position)]);
      const matched: number[] = [];
      const [match] = impacts.documents(query, matched);
      expect(match?.score).toBeCloseTo(result.score, 10);
      expect(matched.map((at) => query[at]?.[0])).toEqual(result.queryTerms);
    }
  });
});

describe('AgreementImpacts.documents', () => {
  const statistics = statisticsOf(documents);
  const agreementA = new AgreementImpacts([0, 1, 2].map((position) => statistics.impacts(position)));

  it('returns only the documents that contain a query term', () => {
    const matches = agreementA.documents([['commun', 1]]);
    expect(matches.map((match) => match.slot)).toEqual([1]);
  });

  it('lists them best first, equal scores in slot order', () => {
    const twins = new AgreementImpacts([new Map([['a', 1]]), new Map([['a', 2]]), new Map([['a', 1]])]);
    expect(twins.documents([['a', 1]])).toEqual([
      { slot: 1, score: 2 },
      { slot: 0, score: 1 },
      { slot: 2, score: 1 },
    ]);
  });

  it('multiplies a document’s score by the number of query terms it contains', () => {
    const [alone] = agreementA.documents([['commun', 1]]);
    const matched: number[] = [];
    const [both] = agreementA.documents(
      [
        ['commun', 1],
        ['quarti', 1],
      ],
      matched,
    );
    const quartiOnly = new AgreementImpacts([statistics.impacts(1)]).documents([['quarti', 1]])[0];
    expect(matched).toEqual([0, 1]);
    expect(both?.slot).toBe(1);
    expect(both?.score).toBeCloseTo(2 * ((alone?.score ?? 0) + (quartiOnly?.score ?? 0)), 10);
  });

  it('scales with the weight of the term', () => {
    const [full] = agreementA.documents([['commun', 1]]);
    const [half] = agreementA.documents([['commun', 0.5]]);
    expect(half?.score).toBeCloseTo((full?.score ?? 0) / 2, 10);
  });

  it('finds nothing for terms the agreement does not have', () => {
    expect(agreementA.documents([['artist', 1]])).toEqual([]);
    expect(agreementA.documents([])).toEqual([]);
  });
});

describe('AgreementImpacts.summarise', () => {
  const statistics = statisticsOf(documents);
  const agreementA = new AgreementImpacts([0, 1, 2].map((position) => statistics.impacts(position)));
  const agreementB = new AgreementImpacts([3, 4, 5].map((position) => statistics.impacts(position)));

  it.each<[string, AgreementImpacts, WeightedTerms]>([
    ['one term in two documents', agreementA, [['transport', 1]]],
    [
      'terms spread over documents',
      agreementA,
      [
        ['commun', 1],
        ['quarti', 0.5],
        ['transport', 0.8],
      ],
    ],
    [
      'a term it lacks among others',
      agreementB,
      [
        ['transport', 1],
        ['resident', 1],
        ['artist', 0.6],
      ],
    ],
  ])('gives the best and the total of the documents’ scores (%s)', (_, impacts, query) => {
    const found: number[] = [];
    const matches = impacts.documents(query, found);
    const matched: number[] = [99];
    const summary = impacts.summarise(query, matched);
    expect(summary.best).toBe(Math.max(0, ...matches.map((match) => match.score)));
    expect(summary.total).toBeCloseTo(
      matches.reduce((sum, match) => sum + match.score, 0),
      12,
    );
    expect(matched).toEqual(found);
  });

  it('gives zeros and no positions when the agreement has none of the terms', () => {
    const matched: number[] = [];
    expect(agreementA.summarise([['artist', 1]], matched)).toEqual({ best: 0, total: 0 });
    expect(matched).toEqual([]);
  });

  it('leaves nothing behind for the next agreement it sums up', () => {
    const query: WeightedTerms = [
      ['quarti', 1],
      ['resident', 1],
    ];
    const before = agreementB.summarise(query, []);
    agreementA.summarise([['transport', 1]], []);
    expect(agreementB.summarise(query, [])).toEqual(before);
  });
});

describe('AgreementImpacts against the impacts it was given', () => {
  /** Each document's score computed straight from the impact maps: the sums the class must give. */
  function expectedDocuments(maps: ReadonlyArray<ReadonlyMap<string, number>>, query: WeightedTerms) {
    const distinct = [...new Map(query)];
    return maps
      .map((impacts, slot) => {
        const present = distinct.filter(([term]) => impacts.has(term));
        const sum = present.reduce((total, [term, weight]) => total + weight * (impacts.get(term) ?? 0), 0);
        return { slot, score: sum * present.length };
      })
      .filter((document) => document.score > 0)
      .sort((a, b) => b.score - a.score || a.slot - b.slot);
  }

  // More documents than the shared buffers start with (64), and terms spread unevenly.
  const maps = Array.from(
    { length: 150 },
    (_, slot) =>
      new Map<string, number>([
        ...(slot % 2 === 0 ? [['pair', 1 + (slot % 7)] as const] : []),
        ...(slot % 3 === 0 ? [['triple', 0.5 + (slot % 5)] as const] : []),
        ...(slot === 149 ? [['last', 9] as const] : []),
      ]),
  );
  const impacts = new AgreementImpacts(maps);

  it.each<[string, WeightedTerms]>([
    ['one term', [['pair', 1]]],
    [
      'two terms',
      [
        ['triple', 0.7],
        ['pair', 1],
      ],
    ],
    [
      'a term repeated, which counts once',
      [
        ['last', 1],
        ['pair', 0.5],
        ['last', 1],
      ],
    ],
  ])('lists the documents and sums them up as the maps say (%s)', (_, query) => {
    const expected = expectedDocuments(maps, query);
    const documents = impacts.documents(query);
    expect(documents.map((document) => document.slot)).toEqual(expected.map((document) => document.slot));
    documents.forEach((document, index) => {
      expect(document.score).toBeCloseTo(expected[index]?.score ?? Number.NaN, 10);
    });
    const summary = impacts.summarise(query, []);
    expect(summary.best).toBeCloseTo(Math.max(...expected.map((document) => document.score)), 10);
    expect(summary.total).toBeCloseTo(
      expected.reduce((total, document) => total + document.score, 0),
      8,
    );
  });

  it('finds each of hundreds of terms of one agreement, and none it lacks', () => {
    // Hundreds of terms in one agreement: the search among its term numbers must find every one.
    const many = Array.from(
      { length: 40 },
      (_, slot) =>
        new Map(Array.from({ length: 25 }, (_, k) => [`w${slot * 7 + k * 13}`, 1 + ((slot + k) % 9)])),
    );
    const agreement = new AgreementImpacts(many);
    for (let term = 0; term < 600; term += 1) {
      const query: WeightedTerms = [[`w${term}`, 1]];
      const documents = agreement.documents(query);
      expect(documents).toEqual(expectedDocuments(many, query));
    }
  });

  it('gives each term present its first position in the query, a repeated one once', () => {
    const matched: number[] = [];
    impacts.summarise(
      [
        ['last', 1],
        ['absent', 1],
        ['pair', 1],
        ['last', 1],
      ],
      matched,
    );
    expect(matched).toEqual([0, 2]);
  });
});

describe('NumberedQuery.of', () => {
  const termIds = new Map([
    ['transport', 0],
    ['quarti', 1],
    ['commun', 2],
  ]);

  it.each<[string, WeightedTerms, number[], number[], number[]]>([
    [
      'numbers the terms the corpus has, in query order, with their weights and positions',
      [
        ['commun', 0.5],
        ['inconnu', 1],
        ['transport', 1],
      ],
      [2, 0],
      [0.5, 1],
      [0, 2],
    ],
    [
      'keeps a repeated term once, with its first weight and position',
      [
        ['quarti', 0.8],
        ['transport', 1],
        ['quarti', 1],
      ],
      [1, 0],
      [0.8, 1],
      [0, 1],
    ],
  ])('%s', (_, query, ids, weights, positions) => {
    const numbered = NumberedQuery.of(query, termIds);
    expect([...numbered.ids]).toEqual(ids);
    expect([...numbered.weights]).toEqual(weights);
    expect([...numbered.positions]).toEqual(positions);
  });

  it('scores every agreement of the corpus as the terms themselves do', () => {
    const statistics = statisticsOf(documents);
    const shared = new Map<string, number>();
    const agreements = [
      [0, 1, 2],
      [3, 4, 5],
    ].map(
      (positions) =>
        new AgreementImpacts(
          positions.map((position) => statistics.impacts(position)),
          shared,
        ),
    );
    const query: WeightedTerms = [
      ['resident', 1],
      ['quarti', 0.5],
      ['artist', 0.6],
      ['transport', 0.8],
      ['quarti', 1],
    ];
    const numbered = NumberedQuery.of(query, shared);
    for (const agreement of agreements) {
      const byTerms: number[] = [];
      const byNumbers: number[] = [];
      expect(agreement.documents(numbered, byNumbers)).toEqual(agreement.documents(query, byTerms));
      expect(byNumbers).toEqual(byTerms);
      expect(agreement.summarise(numbered, [])).toEqual(agreement.summarise(query, []));
    }
  });
});

describe('ImpactStore', () => {
  it('keeps many agreements in one store, each scoring as it does in a store of its own', () => {
    // Enough agreements and postings for the store to grow several times while they are added.
    const agreementMaps = Array.from({ length: 60 }, (_, agreement) =>
      Array.from(
        { length: 1 + (agreement % 7) },
        (_, slot) =>
          new Map<string, number>([
            [`t${(agreement + slot) % 11}`, 1 + slot],
            [`t${(agreement * 3 + slot) % 13}`, 0.5 + (agreement % 5)],
          ]),
      ),
    );
    const termIds = new Map<string, number>();
    const store = new ImpactStore();
    const shared = agreementMaps.map((maps) => new AgreementImpacts(maps, termIds, store));
    expect(store.layout.length).toBeGreaterThan(256);
    const query: WeightedTerms = [
      ['t3', 1],
      ['t7', 0.5],
      ['t12', 0.8],
    ];
    agreementMaps.forEach((maps, agreement) => {
      const alone = new AgreementImpacts(maps);
      expect(shared[agreement]?.documents(query)).toEqual(alone.documents(query));
    });
  });
});
