import { describe, expect, it } from 'vitest';
import { analyseText, cachedWordCount, fold, isStopword, stem, tokenize } from '../../src/search/analysis.js';

describe('tokenize', () => {
  it('cuts elided articles off the next word, with either apostrophe, keeping offsets into the text', () => {
    const text = "l’emploi d'abord, qu’il faut";
    expect(tokenize(text)).toEqual([
      { text: 'emploi', start: 2, end: 8 },
      { text: 'abord', start: 11, end: 16 },
      { text: 'il', start: 21, end: 23 },
      { text: 'faut', start: 24, end: 28 },
    ]);
  });

  it('splits on punctuation and keeps digits', () => {
    expect(tokenize('2016-2020 (QPV), « REP + »').map((token) => token.text)).toEqual([
      '2016',
      '2020',
      'QPV',
      'REP',
    ]);
  });

  it('keeps a word whose apostrophe is not an elision', () => {
    expect(tokenize('aujourd’hui').map((token) => token.text)).toEqual(['aujourd', 'hui']);
  });
});

describe('fold', () => {
  it.each([
    ['Éducation', 'education'],
    ['SÉCURITÉ', 'securite'],
    ['cœur', 'coeur'],
    ['maîtres', 'maitres'],
  ])('fold(%j) → %j', (word, folded) => {
    expect(fold(word)).toBe(folded);
  });
});

describe('stem', () => {
  it.each([
    ['securite', 'sécurité'],
    ['educative', 'éducation'],
    ['emplois', 'emploi'],
    ['transports', 'transport'],
    ['deplacements', 'déplacement'],
  ])('gives %j and %j the same stem once folded', (typed, written) => {
    expect(stem(fold(typed))).toBe(stem(fold(written)));
  });

  it('leaves numbers alone', () => {
    expect(stem('2017')).toBe('2017');
  });
});

describe('isStopword', () => {
  it.each(['quel', 'quelle', 'occupe', 'soccupe', 'the', 'which', 'de', 'x'])(
    '%j carries no topic',
    (word) => {
      expect(isStopword(word)).toBe(true);
    },
  );

  it.each(['emploi', 'transports', 'police', 'recherche', 'niveaux'])('%j is a topic', (word) => {
    expect(isStopword(word)).toBe(false);
  });
});

describe('analyseText', () => {
  it('folds before stemming and drops stopwords', () => {
    expect(analyseText('Quel ministère s’occupe de la sécurité ?')).toEqual([
      stem('ministere'),
      stem('securite'),
    ]);
  });
});

describe('the analysis caches', () => {
  it('keep words, not long phrases, so a completion or a pasted text does not fill them', () => {
    const before = cachedWordCount();
    const phrase = `Améliorer la desserte des quartiers ${'x'.repeat(200)}`;
    expect(fold(phrase)).toBe(fold(phrase));
    expect(stem(fold(phrase))).toBe(stem(fold(phrase)));
    expect(cachedWordCount()).toBe(before);
  });

  it('keep a word once folded', () => {
    const word = `Desserte${Date.now()}`;
    const before = cachedWordCount();
    fold(word);
    expect(cachedWordCount()).toBe(before + 1);
  });
});
