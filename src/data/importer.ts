import { frenchMonthNumber } from './dates.js';
import type { Convention, Goal, Ministry, Period, Section } from './schema.js';
import { ConventionSchema, MAX_ID_LENGTH } from './schema.js';

/** Where the CGET published the page the seed file was captured from. */
export const DEFAULT_SOURCE_URL =
  'http://www.cget.gouv.fr/territoires/quartiers-de-la-politique-de-la-ville/conventions-interministerielles-d-objectifs';

/** A problem found while reading the page, with the 1-based line it comes from. */
export class ImportError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'ImportError';
  }
}

/** What {@link parsePage} returns: the page title and its agreements, in page order. */
export interface ParsedPage {
  title: string;
  conventions: Convention[];
}

const TITLE_PATTERN =
  /^(?<kind>Conventions?\b[^-–]*?)(?:\s+(?<from>\d{4})\s*[-–]\s*(?<to>\d{4}))?\s+entre\s+(?<parties>.+?)\s+[-–]\s+(?<day>\d{1,2})(?:er)?\s+(?<month>\p{L}+)\s+(?<year>\d{4})$/u;

/** A party starts with an article or "celui de…": that is how the page chains ministries. */
const PARTY_SEPARATOR = /(?:,\s+|\s+et\s+)(?=(?:le|la|les|celui|celle|ceux)\s|l’)/u;

const GOAL_PATTERN =
  /\b(?:réduire|diminuer|augmenter|atteindre|doubler|diviser|porter)\b[^.:;]*?(?<target>(?:à\s+)?(?:moins|plus)\s+de\s+\d+(?:[.,]\d+)?\s*%|\d+(?:[.,]\d+)?\s*%|de\s+moitié|d’un\s+(?:tiers|quart)|par\s+deux)[^.:;]*/iu;

/** A gerund clause ("en s’appuyant sur…") ends the goal itself. */
const GERUND_CLAUSE = /\s+en\s+\S+ant\b.*$/u;

/**
 * Normalises one line of the captured page: typographic apostrophes, ordinary spaces for the
 * non-breaking ones, no trailing blanks. Done once here so that nothing downstream sees variants.
 */
export function normaliseLine(line: string): string {
  return line
    .replace(/['ʼ‘]/gu, '’')
    .replace(/[\u00a0\u202f\u2007\t]/gu, ' ')
    .replace(/ {2,}/gu, ' ')
    .trim();
}

/** Lowercase ASCII slug of a French phrase: accents dropped, anything else becomes a dash. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
}

/**
 * An agreement's id: its first partner's label and its year, `culture-2017`. A long label is cut
 * at a dash (inside a word only when it has none) so the id stays within {@link MAX_ID_LENGTH}.
 */
export function agreementId(label: string, signedOn: string): string {
  const year = signedOn.slice(0, 4);
  const room = MAX_ID_LENGTH - year.length - 1;
  let slug = slugify(label);
  if (slug.length > room) {
    // A dash right after the room is a word boundary too: look one character further.
    const dash = slug.slice(0, room + 1).lastIndexOf('-');
    slug = dash > 0 ? slug.slice(0, dash) : slug.slice(0, room);
  }
  return `${slug}-${year}`;
}

function capitaliseFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "de l’emploi" → "de l’Emploi": the head noun of a ministry's remit takes a capital. */
function capitaliseRemit(remit: string): string {
  return remit.replace(
    /^(de\s+la\s+|de\s+l’|des\s+|du\s+|de\s+)(\p{L})/u,
    (_, lead: string, first: string) => {
      return lead + first.toUpperCase();
    },
  );
}

function parseMinistry(party: string, line: number): Ministry {
  const ministry =
    /^(?:le\s+|la\s+)?(?:ministère|ministre|celui|celle)(?:\s+chargée?)?\s+(?<remit>(?:de|des|du)\b.+)$/iu.exec(
      party,
    );
  const remit = ministry?.groups?.remit;
  if (remit !== undefined) {
    const capitalised = capitaliseRemit(remit);
    const head = capitalised
      .split(/,\s+|\s+et\s+/u)[0]
      ?.replace(/^(?:de\s+la\s+|de\s+l’|des\s+|du\s+|de\s+)/u, '');
    if (head === undefined || head === '')
      throw new ImportError(line, `cannot read the ministry in "${party}"`);
    return { name: `Ministère ${capitalised}`, label: capitaliseFirst(head) };
  }
  // Partners that are not ministries, such as "le service public de l’emploi".
  const bare = party.replace(/^(?:le|la|les)\s+|^l’/u, '');
  if (bare === '') throw new ImportError(line, `empty partner in "${party}"`);
  return { name: capitaliseFirst(bare), label: capitaliseFirst(bare) };
}

function isVille(party: string): boolean {
  return /\bville\b/iu.test(party) && /\b(?:ministère|ministre|celui)\b/iu.test(party);
}

interface TitleParts {
  title: string;
  ministries: Ministry[];
  signedOn: string;
  period: Period | null;
}

/** Reads "Convention … [2017-2020] entre … - 10 avril 2017". */
export function parseTitle(title: string, line: number): TitleParts {
  const match = TITLE_PATTERN.exec(title);
  const groups = match?.groups;
  if (groups === undefined) {
    throw new ImportError(line, `expected "Convention … entre … - <day> <month> <year>", got "${title}"`);
  }
  const { from, to, parties = '', day = '', month = '', year = '' } = groups;
  const monthNumber = frenchMonthNumber(month);
  if (monthNumber === undefined) throw new ImportError(line, `unknown month "${month}" in "${title}"`);
  const signedOn = `${year}-${String(monthNumber).padStart(2, '0')}-${day.padStart(2, '0')}`;

  const partners = parties.split(PARTY_SEPARATOR).map((party) => party.trim());
  if (!partners.some(isVille))
    throw new ImportError(line, `no ministry in charge of the Ville in "${parties}"`);
  const ministries = partners.filter((party) => !isVille(party)).map((party) => parseMinistry(party, line));
  if (ministries.length === 0)
    throw new ImportError(line, `no partner ministry besides the Ville in "${parties}"`);

  const period = from !== undefined && to !== undefined ? { from: Number(from), to: Number(to) } : null;
  return { title, ministries, signedOn, period };
}

/** Strips the "> " marker and the list punctuation (" ;" or a final ".") from a bullet. */
export function cleanBullet(line: string): string {
  return line
    .replace(/^>\s*/u, '')
    .replace(/\s*[;.]$/u, '')
    .trim();
}

/** Finds the quantified goals stated in a paragraph. */
export function extractGoals(paragraph: string): Goal[] {
  const match = GOAL_PATTERN.exec(paragraph);
  const target = match?.groups?.target;
  if (match === null || target === undefined) return [];
  const text = match[0].replace(GERUND_CLAUSE, '').trim();
  return [{ text: capitaliseFirst(text), target: target.replace(/^à\s+/u, '').trim() }];
}

function sectionKind(leadIn: string): Section['kind'] {
  return /\b(?:bilan|résultats?|acquis)\b/iu.test(leadIn) ? 'results' : 'axes';
}

interface Block {
  kind: 'paragraph' | 'bullet';
  text: string;
  line: number;
}

interface RawConvention {
  titleLine: number;
  title: string;
  blocks: Block[];
}

function buildConvention(raw: RawConvention, sourceUrl: string): Convention {
  const { title, ministries, signedOn, period } = parseTitle(raw.title, raw.titleLine);
  const sections: Section[] = [];
  const context: string[] = [];
  const leadIns: string[] = [];

  raw.blocks.forEach((block, index) => {
    const previous = raw.blocks[index - 1];
    if (block.kind === 'bullet') {
      const item = cleanBullet(block.text);
      if (item === '') throw new ImportError(block.line, 'empty bullet');
      const current = sections.at(-1);
      if (previous?.kind === 'bullet' && current !== undefined) {
        current.items.push(item);
        return;
      }
      if (previous?.kind !== 'paragraph' || !previous.text.endsWith(':')) {
        throw new ImportError(block.line, 'a bullet list must follow a sentence ending with ":"');
      }
      const leadIn = previous.text;
      leadIns.push(leadIn);
      sections.push({ kind: sectionKind(leadIn), leadIn, items: [item] });
      return;
    }
    const next = raw.blocks[index + 1];
    if (!(block.text.endsWith(':') && next?.kind === 'bullet')) context.push(block.text);
  });

  if (sections.length === 0) throw new ImportError(raw.titleLine, `agreement "${title}" has no bullet list`);
  const goals = [...context, ...leadIns].flatMap(extractGoals);
  // Some agreements state their context only in the sentence that introduces the axes.
  const summary =
    context.length > 0
      ? context.join('\n\n')
      : (leadIns[0] ?? '').replace(GERUND_CLAUSE, '').replace(/\s*:$/u, '').concat('.');

  const convention: Convention = {
    id: agreementId(ministries[0]?.label ?? '', signedOn),
    title,
    ministries,
    signedOn,
    period,
    summary,
    sections,
    goals,
    sourceUrl,
  };
  const checked = ConventionSchema.safeParse(convention);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ImportError(raw.titleLine, `agreement "${title}" is invalid: ${problems.join('; ')}`);
  }
  return checked.data;
}

/** Options of {@link parsePage}. */
export interface ParseOptions {
  /** URL recorded as each agreement's source. */
  sourceUrl: string;
}

const DEFAULT_PARSE_OPTIONS: ParseOptions = { sourceUrl: DEFAULT_SOURCE_URL };

/**
 * Parses the text of the CGET page into agreements. The page is a title line, then for each
 * agreement a title line with its date, context paragraphs, and bullet lists ("> …") each
 * introduced by a sentence ending with ":".
 *
 * @throws {ImportError} naming the line, when the text does not have that shape.
 */
export function parsePage(text: string, options: Partial<ParseOptions> = {}): ParsedPage {
  const { sourceUrl } = { ...DEFAULT_PARSE_OPTIONS, ...options };
  const lines = text
    .replace(/^\uFEFF/u, '')
    .split(/\r\n|\r|\n/u)
    .map(normaliseLine);
  let pageTitle: string | undefined;
  const raws: RawConvention[] = [];

  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line === '') return;
    if (pageTitle === undefined) {
      pageTitle = line;
      return;
    }
    if (/^Conventions?\s.*\bentre\b/u.test(line) && /\s[-–]\s[^-–]*\d{4}$/u.test(line)) {
      raws.push({ titleLine: lineNumber, title: line, blocks: [] });
      return;
    }
    const current = raws.at(-1);
    if (current === undefined) {
      throw new ImportError(lineNumber, `text before the first agreement title: "${line.slice(0, 60)}"`);
    }
    current.blocks.push({
      kind: line.startsWith('>') ? 'bullet' : 'paragraph',
      text: line,
      line: lineNumber,
    });
  });

  if (pageTitle === undefined) throw new ImportError(1, 'the page is empty');
  if (raws.length === 0)
    throw new ImportError(1, 'no agreement title ("Convention … entre … - <date>") found');
  const conventions = raws.map((raw) => buildConvention(raw, sourceUrl));

  const ids = new Map<string, number>();
  for (const [index, convention] of conventions.entries()) {
    const line = raws[index]?.titleLine ?? 1;
    const other = ids.get(convention.id);
    if (other !== undefined) {
      throw new ImportError(
        line,
        `agreement id "${convention.id}" is also the id of the agreement at line ${other}`,
      );
    }
    ids.set(convention.id, line);
  }
  return { title: pageTitle, conventions };
}
