import { FRENCH_MONTHS } from '../data/dates.js';
import type { Convention } from '../data/schema.js';

/** Fields of the scored documents, with their boosts: ministry names and the bullets say most. */
export const FIELD_BOOSTS = {
  text: 2,
  ministries: 3,
  title: 1,
  summary: 1,
  goals: 1.5,
  dates: 1.5,
} as const;

/** A field of a scored document. */
export type Field = keyof typeof FIELD_BOOSTS;

/** The fields, in a fixed order. */
export const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/**
 * The unit of scoring: one document per bullet (`text`), and one per agreement with its
 * ministries, title, summary and lead-ins, goals and dates. An agreement is found through its
 * best document, so one precise bullet outweighs many vague mentions.
 */
export interface ScoredDocument {
  /** The agreement id, or `id#section.item` for a bullet. */
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

/** The signature date written out so that "juin 2018", "2018" or "06" find it, with the period. */
function datesText(convention: Convention): string {
  const [year = '', month = '', day = ''] = convention.signedOn.split('-');
  const monthName = FRENCH_MONTHS[Number(month) - 1] ?? '';
  const period = convention.period === null ? '' : ` ${convention.period.from} ${convention.period.to}`;
  return `${Number(day)} ${monthName} ${year} ${month}${period}`;
}

/** The documents of one agreement: its own first, then its bullets in order. */
export function documentsOf(convention: Convention): ScoredDocument[] {
  const documents: ScoredDocument[] = [
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
