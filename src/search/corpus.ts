/**
 * The corpus as the engine keeps it, from one pass of analysis over every text: each agreement's
 * bullets with their searchable words, the BM25+ impacts of its documents, the first stage's index
 * (one document per agreement), the vocabulary for completion and correction (MiniSearch's radix
 * tree; the engine gives corrections a `Speller` over the same words), and how many agreements use
 * each term.
 *
 * @module
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Convention, Section } from '../data/schema.js';
import { fold, isStopword, stem, tokenize } from './analysis.js';
import { CandidateIndex } from './candidates.js';
import { documentsOf, FIELDS } from './documents.js';
import type { VocabularyEntry } from './query.js';
import { AgreementImpacts, type AnalysedField, CorpusStatistics, ImpactStore } from './scoring.js';
import { type AnalysedToken, analyseTokens, type SearchableWords, searchableWords } from './words.js';

/** A bullet, ready to be scored and highlighted without analysing its text again. */
export interface Bullet {
  section: number;
  item: number;
  kind: Section['kind'];
  text: string;
  words: SearchableWords;
}

/** What the engine keeps of an agreement. */
export interface IndexedAgreement {
  convention: Convention;
  bullets: Bullet[];
  /** Impacts of its documents: slot 0 is the agreement's own (ministries, title, summary…), slot i + 1 is `bullets[i]`. */
  impacts: AgreementImpacts;
}

/** The analysed corpus: see {@link indexCorpus}. */
export interface IndexedCorpus {
  /** In the order of the conventions: the ordinals of {@link candidates}. */
  agreements: IndexedAgreement[];
  /** The first stage: one document per agreement, every index term of it. */
  candidates: CandidateIndex;
  /** Folded corpus words, for prefixes and corrections. */
  vocabulary: SearchableMap<VocabularyEntry>;
  /** Terms present in the corpus, ignored ones left out. */
  indexTerms: Set<string>;
  /** The number of each index term. */
  termIds: ReadonlyMap<string, number>;
  /** `ln(1 + N / df)` of each term, df counting the agreements that use it. */
  idf: Map<string, number>;
  /** Bullets and goals, analysed: highlighting them is a look-up. */
  analysedTexts: Map<string, SearchableWords>;
}

/**
 * Analyses every text of the agreements once. `ignoredStems` (words nearly every agreement has)
 * are neither index terms nor highlighted.
 */
export function indexCorpus(
  conventions: readonly Convention[],
  ignoredStems: ReadonlySet<string>,
): IndexedCorpus {
  const indexTerms = new Set<string>();
  const vocabulary = new SearchableMap<VocabularyEntry>();
  const owners = new Map<string, Set<string>>();
  const analysedTexts = new Map<string, SearchableWords>();
  // One number per index term, shared by the agreements' impacts and the bullets' words.
  const termIds = new Map<string, number>();
  const statistics = new CorpusStatistics();
  const pending: Array<{ convention: Convention; bullets: Bullet[]; positions: number[] }> = [];

  // Every text is analysed once, here: the scorer's statistics, the vocabulary for completion
  // and correction, the agreement frequencies and the highlight offsets all come from this pass.
  const analyse = (text: string, conventionId: string): AnalysedToken[] => {
    const tokens: AnalysedToken[] = [];
    for (const token of tokenize(text)) {
      const folded = fold(token.text);
      let term: string | null = null;
      if (!isStopword(folded)) {
        term = stem(folded);
        const known = vocabulary.get(folded);
        if (known === undefined) vocabulary.set(folded, { display: token.text, stem: term, count: 1 });
        else known.count += 1;
        const owner = owners.get(term);
        if (owner === undefined) owners.set(term, new Set([conventionId]));
        else owner.add(conventionId);
        if (ignoredStems.has(term)) term = null;
        else {
          indexTerms.add(term);
          if (!termIds.has(term)) termIds.set(term, termIds.size);
        }
      }
      tokens.push({ start: token.start, end: token.end, term });
    }
    return tokens;
  };

  const agreementDocuments: string[][] = [];
  for (const convention of conventions) {
    const bullets: Bullet[] = [];
    const agreementTerms: string[] = [];
    const positions: number[] = [];
    for (const document of documentsOf(convention)) {
      const fields: AnalysedField[] = [];
      let bulletTokens: AnalysedToken[] = [];
      FIELDS.forEach((field, fieldIndex) => {
        const text = document[field];
        if (text === undefined) return;
        const tokens = analyse(text, convention.id);
        if (field === 'text') bulletTokens = tokens;
        for (const token of tokens) if (token.term !== null) agreementTerms.push(token.term);
        fields.push({
          field: fieldIndex,
          words: tokens.map((token) => text.slice(token.start, token.end)),
          terms: tokens.map((token) => token.term),
        });
      });
      positions.push(statistics.add(fields));
      if (document.text === undefined || document.section === undefined || document.item === undefined)
        continue;
      const words = searchableWords(bulletTokens, termIds);
      analysedTexts.set(document.text, words);
      bullets.push({
        section: document.section,
        item: document.item,
        kind: convention.sections[document.section]?.kind ?? 'axes',
        text: document.text,
        words,
      });
    }
    for (const goal of convention.goals)
      analysedTexts.set(goal.text, searchableWords(analyseTokens(goal.text, ignoredStems)));
    pending.push({ convention, bullets, positions });
    agreementDocuments.push(agreementTerms);
  }

  // Impacts need the statistics of the whole corpus, so they come after every document is in.
  const store = new ImpactStore();
  const agreements = pending.map(({ convention, bullets, positions }) => ({
    convention,
    bullets,
    impacts: new AgreementImpacts(
      positions.map((position) => statistics.impacts(position)),
      termIds,
      store,
    ),
  }));
  const agreementCount = Math.max(1, conventions.length);
  const idf = new Map<string, number>();
  for (const [term, owner] of owners) idf.set(term, Math.log(1 + agreementCount / owner.size));

  return {
    agreements,
    candidates: CandidateIndex.build(agreementDocuments),
    vocabulary,
    indexTerms,
    termIds,
    idf,
    analysedTexts,
  };
}
