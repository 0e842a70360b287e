import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { FRENCH_MONTHS } from '../data/dates.js';
import type { Convention, Dataset, Ministry, Section, Thesaurus } from '../data/schema.js';
import { truncate } from '../util/truncate.js';
import { fold, isStopword, stem, tokenize } from './analysis.js';
import type { Concept, PlannerContext, QueryPlan, VocabularyEntry } from './query.js';
import { correctWord, isWeakGuess, phraseKey, planQuery } from './query.js';

/** A bullet of an agreement that matched the query. */
export interface AxisMatch {
  /** Index of the section in `convention.sections`. */
  section: number;
  /** Index of the item in that section. */
  item: number;
  kind: Section['kind'];
  text: string;
  /** `[start, end)` offsets of the matched words in `text`. */
  highlights: Array<[number, number]>;
  score: number;
}

/** An agreement that matched, with the evidence. */
export interface ConventionHit {
  convention: Convention;
  score: number;
  /** Share of the query's ideas this agreement matched, in [0, 1]. */
  coverage: number;
  /** The matching bullets, best first. */
  axes: AxisMatch[];
  /** Index terms of the query that this agreement matched: pass them to {@link SearchEngine.highlight}. */
  terms: string[];
}

/** A ministry that covers the topic, through one of its agreements. */
export interface MinistryHit {
  ministry: Ministry;
  convention: Convention;
  score: number;
  /** The bullets that show the ministry covers the topic, best first. */
  evidence: AxisMatch[];
}

/** Options of {@link SearchEngine.search}. */
export interface SearchOptions {
  /** Most agreements returned. */
  limit: number;
  /** Agreements scoring below this share of the best one are noise, not answers. */
  minRelativeScore: number;
}

/** The defaults, merged once with what the caller passes. */
export const DEFAULT_SEARCH_OPTIONS: Readonly<SearchOptions> = { limit: 10, minRelativeScore: 0.12 };

/** Discord autocomplete accepts at most 25 choices of at most 100 characters. */
export const COMPLETION_LIMITS = { count: 25, length: 100 } as const;

interface IndexedDocument {
  id: string;
  conventionId: string;
  section?: number;
  item?: number;
  text?: string;
  ministries?: string;
  title?: string;
  summary?: string;
  goals?: string;
  dates?: string;
}

const FIELDS = ['text', 'ministries', 'title', 'summary', 'goals', 'dates'] as const;

/** Ministry names and the bullets themselves say most about what an agreement covers. */
const FIELD_BOOSTS: Record<(typeof FIELDS)[number], number> = {
  text: 2,
  ministries: 3,
  title: 1,
  summary: 1,
  goals: 1.5,
  dates: 1.5,
};

/** Word completions offered before the matching bullets. */
const MAX_WORD_COMPLETIONS = 8;

/** Shortest stem through which inflected forms of a synonym key reach it. */
const MIN_SYNONYM_STEM = 4;

/** Beyond the best document of an agreement, each further matching one adds this share of its score. */
const EXTRA_DOCUMENT_WEIGHT = 0.3;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function datesText(convention: Convention): string {
  const [year = '', month = '', day = ''] = convention.signedOn.split('-');
  const monthName = FRENCH_MONTHS[Number(month) - 1] ?? '';
  const period = convention.period === null ? '' : ` ${convention.period.from} ${convention.period.to}`;
  return `${Number(day)} ${monthName} ${year} ${month}${period}`;
}

function documentsOf(convention: Convention): IndexedDocument[] {
  const documents: IndexedDocument[] = [
    {
      id: convention.id,
      conventionId: convention.id,
      ministries: convention.ministries.map((ministry) => `${ministry.name} ${ministry.label}`).join(' '),
      title: convention.title,
      summary: [convention.summary, ...convention.sections.map((section) => section.leadIn)].join('\n'),
      goals: convention.goals.map((goal) => goal.text).join('\n'),
      dates: datesText(convention),
    },
  ];
  convention.sections.forEach((section, sectionIndex) => {
    section.items.forEach((text, itemIndex) => {
      documents.push({
        id: `${convention.id}#${sectionIndex}.${itemIndex}`,
        conventionId: convention.id,
        section: sectionIndex,
        item: itemIndex,
        text,
      });
    });
  });
  return documents;
}

/**
 * The search engine over the agreements: one MiniSearch document per bullet and one per agreement,
 * French analysis (elision, folding, stopwords, Snowball stemming), a thesaurus, spelling correction
 * against the corpus vocabulary, and hits grouped by agreement. Immutable once built, so a reload
 * builds a new engine and swaps it in one assignment.
 */
export class SearchEngine {
  readonly conventions: readonly Convention[];
  readonly #byId: ReadonlyMap<string, Convention>;
  readonly #documents: ReadonlyMap<string, IndexedDocument>;
  readonly #index: MiniSearch<IndexedDocument>;
  readonly #planner: PlannerContext;
  /** Inverse agreement frequency of each index term: rare terms weigh more in coverage. */
  readonly #idf: ReadonlyMap<string, number>;

  private constructor(
    conventions: readonly Convention[],
    documents: Map<string, IndexedDocument>,
    index: MiniSearch<IndexedDocument>,
    planner: PlannerContext,
  ) {
    this.conventions = conventions;
    this.#idf = agreementIdf(conventions.length, documents.values());
    this.#byId = new Map(conventions.map((convention) => [convention.id, convention]));
    this.#documents = documents;
    this.#index = index;
    this.#planner = planner;
  }

  /** Builds the index of a validated dataset with a validated thesaurus. */
  static build(dataset: Pick<Dataset, 'conventions'>, thesaurus: Thesaurus): SearchEngine {
    const ignoredStems = new Set(thesaurus.ignoredWords.map((word) => stem(fold(word))));
    const indexTerms = new Set<string>();
    const vocabulary = new SearchableMap<VocabularyEntry>();

    const processTerm = (word: string): string | null => {
      const folded = fold(word);
      if (isStopword(folded)) return null;
      const term = stem(folded);
      const known = vocabulary.get(folded);
      if (known === undefined) vocabulary.set(folded, { display: word, stem: term, count: 1 });
      else known.count += 1;
      if (ignoredStems.has(term)) return null;
      indexTerms.add(term);
      return term;
    };

    const index = new MiniSearch<IndexedDocument>({
      fields: [...FIELDS],
      tokenize: (text) => tokenize(text).map((token) => token.text),
      processTerm,
      searchOptions: {
        boost: FIELD_BOOSTS,
        combineWith: 'OR',
        prefix: false,
        fuzzy: false,
        tokenize: (text) => text.split(' '),
        processTerm: (term) => term,
      },
    });
    const documents = new Map<string, IndexedDocument>();
    for (const convention of dataset.conventions) {
      for (const document of documentsOf(convention)) documents.set(document.id, document);
    }
    index.addAll([...documents.values()]);

    const toTerms = (phrases: readonly string[]): string[] => {
      const terms = new Set<string>();
      for (const phrase of phrases) {
        for (const token of tokenize(phrase)) {
          const folded = fold(token.text);
          const term = stem(folded);
          if (!isStopword(folded) && !ignoredStems.has(term) && indexTerms.has(term)) terms.add(term);
        }
      }
      return [...terms];
    };
    const synonymsByWord = new Map<string, string[]>();
    const synonymsByPhrase = new Map<string, string[]>();
    let longestPhrase = 1;
    for (const [key, expansions] of Object.entries(thesaurus.synonyms)) {
      const stems = phraseKey(key);
      const terms = toTerms(expansions);
      if (stems.length === 0 || terms.length === 0) continue;
      if (stems.length > 1) {
        synonymsByPhrase.set(stems.join(' '), terms);
        longestPhrase = Math.max(longestPhrase, stems.length);
        continue;
      }
      const tokens = tokenize(key);
      // "tout-petits" is a phrase whose other word is a stopword: it cannot be told apart from
      // "petits" alone, so it is left out rather than made a synonym of "petits".
      if (tokens.length !== 1) continue;
      const word = fold(tokens[0]?.text ?? '');
      synonymsByWord.set(word, terms);
      // Inflected forms reach the key through its stem, unless the stem is too short to mean
      // anything: "taxi" and "taxe" share "tax".
      const keyStem = stem(word);
      if (keyStem.length >= MIN_SYNONYM_STEM && !synonymsByWord.has(keyStem))
        synonymsByWord.set(keyStem, terms);
      // Count 0: a form the corpus uses is preferred when completions keep one form per stem.
      if (!vocabulary.has(word)) vocabulary.set(word, { display: key, stem: keyStem, count: 0 });
    }

    return new SearchEngine(dataset.conventions, documents, index, {
      indexTerms,
      vocabulary,
      synonymsByWord,
      synonymsByPhrase,
      longestPhrase,
      ignoredStems,
    });
  }

  /** How the engine reads a query: useful to explain a result or a miss. */
  plan(query: string): QueryPlan {
    return planQuery(query, this.#planner);
  }

  /** Looks an agreement up by id. */
  get(id: string): Convention | undefined {
    return this.#byId.get(id);
  }

  /**
   * Finds the agreements that match a query, best first. A query with nothing meaningful in it,
   * or nothing the corpus knows, gives an empty list: no weak guess.
   */
  search(query: string, options: Partial<SearchOptions> = {}): ConventionHit[] {
    const { limit, minRelativeScore } = { ...DEFAULT_SEARCH_OPTIONS, ...options };
    const plan = this.plan(query);
    if (plan.concepts.length === 0 || limit <= 0) return [];
    // Words only guessed by spelling correction, beside words the corpus does not know at all,
    // are a different topic ("météo demain" is one letter from "métro"), not a typo.
    if (plan.unknown.length > 0 && plan.concepts.every(isWeakGuess)) return [];

    const weights = new Map<string, number>();
    for (const concept of plan.concepts) {
      for (const [term, weight] of concept.terms) {
        if ((weights.get(term) ?? 0) < weight) weights.set(term, weight);
      }
    }
    const raw = this.#index.search([...weights.keys()].join(' '), {
      boostTerm: (term) => weights.get(term) ?? 1,
    });

    const grouped = new Map<string, { scores: number[]; terms: Set<string>; axes: AxisMatch[] }>();
    for (const result of raw) {
      const document = this.#documents.get(String(result.id));
      const convention = document === undefined ? undefined : this.#byId.get(document.conventionId);
      if (document === undefined || convention === undefined) continue;
      let group = grouped.get(convention.id);
      if (group === undefined) {
        group = { scores: [], terms: new Set(), axes: [] };
        grouped.set(convention.id, group);
      }
      group.scores.push(result.score);
      for (const term of result.terms) group.terms.add(term);
      if (document.section !== undefined && document.item !== undefined && document.text !== undefined) {
        const section = convention.sections[document.section];
        group.axes.push({
          section: document.section,
          item: document.item,
          kind: section?.kind ?? 'axes',
          text: document.text,
          highlights: this.highlight(document.text, result.terms),
          score: result.score,
        });
      }
    }

    const hits: ConventionHit[] = [];
    for (const [id, group] of grouped) {
      const convention = this.#byId.get(id);
      if (convention === undefined) continue;
      const [best = 0, ...others] = group.scores;
      const relevance = best + EXTRA_DOCUMENT_WEIGHT * others.reduce((sum, score) => sum + score, 0);
      const coverage = conceptCoverage(plan.concepts, group.terms, this.#idf);
      hits.push({
        convention,
        score: relevance * coverage * coverage,
        coverage,
        axes: group.axes,
        terms: [...group.terms],
      });
    }
    hits.sort((a, b) => b.score - a.score || a.convention.id.localeCompare(b.convention.id));
    const top = hits[0]?.score ?? 0;
    return hits.filter((hit) => hit.score >= top * minRelativeScore).slice(0, limit);
  }

  /**
   * Answers "which ministry covers this topic": the partner ministries of the matching agreements,
   * best first, each with the bullets that are the evidence.
   */
  rankMinistries(query: string, options: Partial<SearchOptions> = {}): MinistryHit[] {
    const limit = options.limit ?? DEFAULT_SEARCH_OPTIONS.limit;
    return this.search(query, options)
      .flatMap((hit) =>
        hit.convention.ministries.map((ministry) => ({
          ministry,
          convention: hit.convention,
          score: hit.score,
          evidence: hit.axes,
        })),
      )
      .slice(0, limit);
  }

  /**
   * `[start, end)` spans of the words of `text` that stand for one of `terms`. Index terms are
   * stems, so each word of the original text is analysed again and compared.
   */
  highlight(text: string, terms: Iterable<string>): Array<[number, number]> {
    const wanted = terms instanceof Set ? (terms as Set<string>) : new Set(terms);
    const spans: Array<[number, number]> = [];
    if (wanted.size === 0) return spans;
    for (const token of tokenize(text)) {
      const folded = fold(token.text);
      if (!isStopword(folded) && wanted.has(stem(folded))) spans.push([token.start, token.end]);
    }
    return spans;
  }

  /**
   * Completions for a partial query, for Discord autocomplete: the last word completed from the
   * corpus vocabulary, then the bullets that match. At most 25, each at most 100 characters.
   */
  complete(partial: string, limit: number = COMPLETION_LIMITS.count): string[] {
    const max = Math.min(limit, COMPLETION_LIMITS.count);
    const suggestions = new Map<string, string>();
    const add = (text: string) => {
      const clean = truncate(text.replace(/\s+/gu, ' ').trim(), COMPLETION_LIMITS.length);
      const key = fold(clean);
      if (clean !== '' && !suggestions.has(key) && suggestions.size < max) suggestions.set(key, clean);
    };
    const text = this.plan(partial).text;
    if (text.trim() === '') {
      for (const convention of this.conventions) {
        for (const ministry of convention.ministries) add(ministry.label);
      }
      for (const convention of this.conventions) {
        for (const section of convention.sections) for (const item of section.items) add(capitalise(item));
      }
      return [...suggestions.values()];
    }

    const tokens = tokenize(text);
    const last = tokens.at(-1);
    const typingWord = last !== undefined && last.end === text.length;
    if (last !== undefined && typingWord) {
      const head = text.slice(0, last.start);
      const lastFolded = fold(last.text);
      const planner = this.#planner;
      // One form per stem ("transports", not also "transport"): the most frequent one.
      const byStem = new Map<string, VocabularyEntry>();
      for (const [word, entry] of planner.vocabulary.atPrefix(lastFolded)) {
        if (word === lastFolded || isStopword(word)) continue;
        if (!planner.indexTerms.has(entry.stem) && !planner.synonymsByWord.has(word)) continue;
        const kept = byStem.get(entry.stem);
        const better =
          kept === undefined ||
          entry.count > kept.count ||
          (entry.count === kept.count && entry.display.length < kept.display.length);
        if (better) byStem.set(entry.stem, entry);
      }
      const words = [...byStem.values()]
        .sort((a, b) => b.count - a.count || a.display.localeCompare(b.display))
        .slice(0, MAX_WORD_COMPLETIONS)
        .map((entry) => [entry.display, entry] as const);
      for (const [, entry] of words) add(`${head}${entry.display.toLowerCase()}`);
    }
    for (const hit of this.search(text)) {
      const axes = hit.axes.length > 0 ? hit.axes : [];
      for (const axis of axes) add(capitalise(axis.text));
      for (const ministry of hit.convention.ministries) add(ministry.label);
    }
    return [...suggestions.values()];
  }

  /**
   * Alternatives for a query that found nothing: each unknown word replaced by the closest corpus
   * word within a looser distance, kept only when the new query finds something.
   */
  didYouMean(query: string, limit = 5): string[] {
    const plan = this.plan(query);
    const alternatives = new Set<string>();
    for (const word of plan.unknown) {
      const folded = fold(word);
      const distance = Math.min(3, Math.max(1, Math.floor(folded.length / 3)));
      const candidates = [...this.#planner.vocabulary.fuzzyGet(folded, distance)]
        .filter(([candidate, [entry]]) => !isStopword(candidate) && this.#planner.indexTerms.has(entry.stem))
        .sort((a, b) => a[1][1] - b[1][1] || b[1][0].count - a[1][0].count);
      for (const [, [entry]] of candidates) {
        const alternative = plan.text.replace(word, entry.display.toLowerCase()).trim();
        if (alternative !== plan.text && this.search(alternative, { limit: 1 }).length > 0) {
          alternatives.add(alternative);
        }
        if (alternatives.size >= limit) break;
      }
    }
    for (const concept of plan.concepts) {
      if (concept.correctedTo !== undefined) {
        alternatives.add(plan.text.replace(concept.source, concept.correctedTo.toLowerCase()));
      }
    }
    return [...alternatives].slice(0, limit);
  }

  /** Corrects a single word against the corpus vocabulary (exposed for "did you mean"). */
  correct(word: string): string | undefined {
    return correctWord(this.#planner.vocabulary, fold(word))?.[1].display;
  }
}

/**
 * Share of the query's concepts that the matched terms express, each weighted by its confidence
 * and by how rare it is among the agreements: matching "radicalisation" says more than matching
 * "lutte", which several agreements use.
 */
function conceptCoverage(
  concepts: readonly Concept[],
  matched: ReadonlySet<string>,
  idf: ReadonlyMap<string, number>,
): number {
  let covered = 0;
  let total = 0;
  for (const concept of concepts) {
    let rarity = 0;
    let best = 0;
    for (const [term, weight] of concept.terms) {
      rarity = Math.max(rarity, idf.get(term) ?? 0);
      if (matched.has(term) && weight > best) best = weight;
    }
    covered += best * rarity;
    total += rarity;
  }
  return total === 0 ? 0 : covered / total;
}

/** `ln(1 + N / df)` for every term, where df counts the agreements whose documents contain it. */
function agreementIdf(agreements: number, documents: Iterable<IndexedDocument>): Map<string, number> {
  const seenIn = new Map<string, Set<string>>();
  for (const document of documents) {
    for (const name of FIELDS) {
      const text = document[name];
      if (text === undefined) continue;
      for (const token of tokenize(text)) {
        const folded = fold(token.text);
        if (isStopword(folded)) continue;
        const term = stem(folded);
        let owners = seenIn.get(term);
        if (owners === undefined) {
          owners = new Set();
          seenIn.set(term, owners);
        }
        owners.add(document.conventionId);
      }
    }
  }
  const idf = new Map<string, number>();
  for (const [term, owners] of seenIn) idf.set(term, Math.log(1 + Math.max(1, agreements) / owners.size));
  return idf;
}
