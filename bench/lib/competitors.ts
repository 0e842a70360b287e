/**
 * The engines compared: the bot's own {@link SearchEngine}, Fuse.js and FlexSearch, each behind the
 * same small interface (build from agreements, answer a query with agreement ids) so that speed
 * and precision@1 are measured the same way for all three.
 *
 * @module
 */
import FlexSearch from 'flexsearch';
import Fuse from 'fuse.js';
import type { Convention, Thesaurus } from '../../src/data/schema.js';
import { SearchEngine } from '../../src/search/engine.js';
import {
  agreementsInOrder,
  analysedDocument,
  type BenchDocument,
  documentsOf,
  FIELD_WEIGHTS,
  FIELDS,
  frenchAnalyzer,
} from './documents.js';

/** Names of the engines, as they appear in the table and the JSON file. */
export type EngineName = 'conventions-bot' | 'fuse.js' | 'flexsearch';

/** A built index, ready to answer. */
export interface BuiltEngine {
  name: EngineName;
  /** Runs a query the way the bot would and returns agreement ids, best first (the timed call). */
  rank(query: string): string[];
}

/** How to build each engine over a set of agreements. */
export interface EngineFactory {
  name: EngineName;
  /** One line describing the configuration, for the report. */
  configuration: string;
  build(conventions: readonly Convention[], thesaurus: Thesaurus): BuiltEngine;
}

/** The bot's engine: `SearchEngine.build`, ranked as `/convention` ranks (default options). */
export const conventionsBot: EngineFactory = {
  name: 'conventions-bot',
  configuration:
    'SearchEngine.build(dataset, thesaurus) from src/search/engine.ts; search(query) with the default options (limit 10)',
  build: (conventions, thesaurus) =>
    wrapEngine(SearchEngine.build({ conventions: [...conventions] }, thesaurus)),
};

/** The bot's engine, already built, behind the common interface. */
export function wrapEngine(engine: SearchEngine): BuiltEngine {
  return {
    name: 'conventions-bot',
    rank: (query) => engine.search(query).map((hit) => hit.convention.id),
  };
}

function conventionIndex(documents: readonly BenchDocument[]): (id: string) => string | undefined {
  const owner = new Map(documents.map((document) => [document.id, document.conventionId]));
  return (id) => owner.get(id);
}

/**
 * Fuse.js 7 token search (its mode for multi-word queries: each query term fuzzy-matched with
 * Bitap, results ranked with IDF weights), the engine's field boosts as key weights, over
 * documents whose fields hold the French-analysed terms; the query goes through the same analysis.
 * Threshold 0.2 gave Fuse its best precision@1 of 0.2, 0.4 and 0.6 (the default) on the three sets.
 */
export const fuse: EngineFactory = {
  name: 'fuse.js',
  configuration:
    'new Fuse(docs, { useTokenSearch: true, ignoreLocation: true, threshold: 0.2, keys: engine field boosts }) over analysed fields; query analysed the same way; limit 100 documents',
  build(conventions, thesaurus) {
    const analyse = frenchAnalyzer(thesaurus);
    const documents = documentsOf(conventions);
    const analysed = documents.map((document) => analysedDocument(document, analyse));
    const index = new Fuse(analysed, {
      keys: FIELDS.map((field) => ({ name: field, weight: FIELD_WEIGHTS[field] })),
      useTokenSearch: true,
      ignoreLocation: true,
      threshold: 0.2,
      // Fields and queries already hold analysed terms separated by spaces.
      tokenize: (text: string) => text.split(' ').filter((term) => term !== ''),
    });
    const owner = conventionIndex(documents);
    return {
      name: 'fuse.js',
      rank(query) {
        const terms = analyse(query);
        if (terms.length === 0) return [];
        const results = index.search(terms.join(' '), { limit: 100 });
        return agreementsInOrder(
          results.map((result) => result.item.id),
          owner,
        );
      },
    };
  },
};

/**
 * FlexSearch 0.8 `Index` (its fastest structure) with the French analysis as its encoder, one entry
 * per document holding all its fields, searched with `suggest: true` so that a document matching
 * some of the query words is still found (as the engine's OR does). Of the structures tried, it had
 * FlexSearch's best precision@1 (the `Document` index with merged fields ranks by field order).
 */
export const flexsearch: EngineFactory = {
  name: 'flexsearch',
  configuration:
    'new FlexSearch.Index({ encode: French analysis }) with one entry per document (all fields); search(query, { suggest: true, limit: 100 })',
  build(conventions, thesaurus) {
    const analyse = frenchAnalyzer(thesaurus);
    const documents = documentsOf(conventions);
    const index = new FlexSearch.Index({ encode: analyse });
    const ids: string[] = [];
    documents.forEach((document, position) => {
      ids.push(document.id);
      index.add(position, FIELDS.map((field) => document[field] ?? '').join('\n'));
    });
    const owner = conventionIndex(documents);
    return {
      name: 'flexsearch',
      rank(query) {
        const positions = index.search(query, { suggest: true, limit: 100 });
        return agreementsInOrder(
          positions.map((position) => ids[Number(position)] ?? ''),
          owner,
        );
      },
    };
  },
};

/** The three engines, the bot's first. */
export const ENGINES: readonly EngineFactory[] = [conventionsBot, fuse, flexsearch];
