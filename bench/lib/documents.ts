/**
 * The documents the competitors index: the same split as the engine (one document per bullet, one
 * per agreement with its ministries, title, summary and lead-ins, goals and dates) and the same
 * French analysis, so the comparison is between engines and not between inputs.
 *
 * @module
 */
import { FRENCH_MONTHS } from '../../src/data/dates.js';
import type { Convention, Thesaurus } from '../../src/data/schema.js';
import { fold, isStopword, stem, tokenize } from '../../src/search/analysis.js';

/** Fields of a document, as the engine names them, with the engine's boosts. */
export const FIELD_WEIGHTS = {
  text: 2,
  ministries: 3,
  title: 1,
  summary: 1,
  goals: 1.5,
  dates: 1.5,
} as const;

/** A field name. */
export type Field = keyof typeof FIELD_WEIGHTS;

/** The fields, in the engine's order. */
export const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];

/** One indexed document: a bullet (`text`) or an agreement (the other fields). */
export interface BenchDocument {
  /** Unique id: the agreement id, or `id#section.item` for a bullet. */
  id: string;
  /** The agreement the document belongs to. */
  conventionId: string;
  text?: string;
  ministries?: string;
  title?: string;
  summary?: string;
  goals?: string;
  dates?: string;
}

function datesText(convention: Convention): string {
  const [year = '', month = '', day = ''] = convention.signedOn.split('-');
  const monthName = FRENCH_MONTHS[Number(month) - 1] ?? '';
  const period = convention.period === null ? '' : ` ${convention.period.from} ${convention.period.to}`;
  return `${Number(day)} ${monthName} ${year} ${month}${period}`;
}

/** The documents of the agreements, split as the engine splits them. */
export function documentsOf(conventions: readonly Convention[]): BenchDocument[] {
  const documents: BenchDocument[] = [];
  for (const convention of conventions) {
    documents.push({
      id: convention.id,
      conventionId: convention.id,
      ministries: convention.ministries.map((ministry) => `${ministry.name} ${ministry.label}`).join(' '),
      title: convention.title,
      summary: [convention.summary, ...convention.sections.map((section) => section.leadIn)].join('\n'),
      goals: convention.goals.map((goal) => goal.text).join('\n'),
      dates: datesText(convention),
    });
    convention.sections.forEach((section, sectionIndex) => {
      section.items.forEach((text, itemIndex) => {
        documents.push({
          id: `${convention.id}#${sectionIndex}.${itemIndex}`,
          conventionId: convention.id,
          text,
        });
      });
    });
  }
  return documents;
}

/**
 * The French analysis of the engine as a function from text to terms: elision and tokenisation,
 * folding, stopwords, Snowball stem, and the thesaurus' ignored words (which the engine drops
 * from its index and its queries alike). Stems are cached per folded word, as any encoder would.
 */
export function frenchAnalyzer(thesaurus: Thesaurus): (text: string) => string[] {
  const cache = new Map<string, string | null>();
  const ignored = new Set(thesaurus.ignoredWords.map((word) => stem(fold(word))));
  const termOf = (word: string): string | null => {
    const folded = fold(word);
    let term = cache.get(folded);
    if (term === undefined) {
      const stemmed = isStopword(folded) ? null : stem(folded);
      term = stemmed === null || ignored.has(stemmed) ? null : stemmed;
      cache.set(folded, term);
    }
    return term;
  };
  return (text) => {
    const terms: string[] = [];
    for (const token of tokenize(text)) {
      const term = termOf(token.text);
      if (term !== null) terms.push(term);
    }
    return terms;
  };
}

/** A document whose fields hold analysed terms joined by spaces, for engines that take strings. */
export function analysedDocument(
  document: BenchDocument,
  analyse: (text: string) => string[],
): BenchDocument {
  const analysed: BenchDocument = { id: document.id, conventionId: document.conventionId };
  for (const field of FIELDS) {
    const value = document[field];
    if (value !== undefined) analysed[field] = analyse(value).join(' ');
  }
  return analysed;
}

/** Agreement ids in the order of their best matching document, each once. */
export function agreementsInOrder(
  documentIds: Iterable<string>,
  conventionOf: (id: string) => string | undefined,
): string[] {
  const seen = new Set<string>();
  for (const id of documentIds) {
    const convention = conventionOf(id);
    if (convention !== undefined) seen.add(convention);
  }
  return [...seen];
}
