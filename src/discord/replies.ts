import type { APIEmbed, APIEmbedField } from 'discord.js';
import { formatEnglishDate, formatFrenchDate } from '../data/dates.js';
import type { Convention, Section } from '../data/schema.js';
import type { Language } from '../i18n.js';
import { messages } from '../i18n.js';
import type { AxisMatch, ConventionHit, MinistryHit } from '../search/engine.js';
import { keep } from '../util/memo.js';
import type { ActionRow } from './components.js';
import { field, fitEmbeds, joinLines } from './fit.js';
import { DISCORD_LIMITS } from './limits.js';
import { boldSpans, capitalise, escapeText, quoteUserText, truncate } from './text.js';

/**
 * A reply as plain data: what a command sends, whatever carries it (gateway, HTTP endpoint or the
 * local console). `allowedMentions` is always present so that nothing the bot sends can ping.
 */
export interface Reply {
  content?: string;
  embeds: APIEmbed[];
  components?: ActionRow[];
  ephemeral: boolean;
  allowedMentions: { parse: []; users?: string[] };
}

/** Returns the `[start, end)` spans to bold in a text; the search engine's `highlight` fits. */
export type Highlighter = (text: string, terms: readonly string[]) => Array<[number, number]>;

/** Colours of the embeds: the French state's blue for answers, grey and red for the rest. */
export const COLOURS = {
  answer: 0x000091,
  secondary: 0x6a6af4,
  notFound: 0x929292,
  error: 0xce0500,
} as const;

/** How many further matches are listed under the best one. */
const OTHER_MATCHES = 4;
/** How many ministries `/ministere` lists. */
const MINISTRY_MATCHES = 6;
/** Room kept for the summary so that the axes of a long agreement still fit. */
const SUMMARY_MAX = 1500;

const NO_MENTIONS = { parse: [] as [] };

/** Dates as shown, by language: an answer shows several, always the agreements' few dates. */
const shownDates: Record<Language, Map<string, string>> = { fr: new Map(), en: new Map() };
/** More dates than any corpus has: past it, the map is emptied (dates come only from the data). */
const SHOWN_DATES_MAX = 10_000;

function formatDate(isoDate: string, language: Language): string {
  const shown = shownDates[language];
  let text = shown.get(isoDate);
  if (text === undefined) {
    text = language === 'en' ? formatEnglishDate(isoDate) : formatFrenchDate(isoDate);
    keep(shown, isoDate, text, SHOWN_DATES_MAX);
  }
  return text;
}

function formatPeriod(convention: Convention, language: Language): string {
  return convention.period === null
    ? messages(language).noPeriod
    : `${convention.period.from}–${convention.period.to}`;
}

/** "Intérieur" or "Emploi · Service public de l’emploi". */
export function partnerLabels(convention: Convention): string {
  return convention.ministries.map((ministry) => ministry.label).join(' · ');
}

function sectionName(section: Section, language: Language): string {
  return section.kind === 'results' ? messages(language).results : messages(language).axes;
}

/** A bullet as shown: the raw text cut to fit, and the line it makes when nothing is in bold. */
interface ShownBullet {
  raw: string;
  plain: string;
}

/** An agreement as every answer shows it, worked out once (see {@link shownAgreement}). */
interface ShownAgreement {
  /** Its bullets as shown, by section. */
  bullets: ShownBullet[][];
  /** What no query changes in its embed, by language, built when first asked for. */
  embeds: Partial<Record<Language, AgreementEmbed>>;
}

/**
 * Each agreement as shown: the same in every answer (the data does not change; a reload brings new
 * objects, and these go with the old ones), so only the bullets with words in bold are rendered
 * again.
 */
const shownAgreements = new WeakMap<Convention, ShownAgreement>();

function shownAgreement(convention: Convention): ShownAgreement {
  let shown = shownAgreements.get(convention);
  if (shown === undefined) {
    shown = {
      bullets: convention.sections.map((section) =>
        section.items.map((item) => {
          // Cut the raw text before adding markdown, so a cut never splits a ** pair.
          const raw = truncate(capitalise(item), DISCORD_LIMITS.embed.fieldValue - 40);
          return { raw, plain: `• ${escapeText(raw)}` };
        }),
      ),
      embeds: {},
    };
    shownAgreements.set(convention, shown);
  }
  return shown;
}

function bulletLine({ raw, plain }: ShownBullet, spans: ReadonlyArray<readonly [number, number]>): string {
  const kept = spans.filter(([, end]) => end <= raw.length);
  return kept.length === 0 ? plain : `• ${boldSpans(raw, kept)}`;
}

/** The spans in bold of a section's matched bullets, by item. */
type SectionSpans = ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;

/** The fields listing a section's items; a long section continues in further fields. */
function sectionFields(
  section: Section,
  shown: readonly ShownBullet[],
  language: Language,
  spans: SectionSpans | undefined,
): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  let lines: string[] = [];
  let length = 0;
  const flush = () => {
    if (lines.length === 0) return;
    const name =
      fields.length === 0
        ? sectionName(section, language)
        : `${sectionName(section, language)} ${messages(language).continued}`;
    fields.push(field(name, lines.join('\n')));
    lines = [];
    length = 0;
  };
  section.items.forEach((_, index) => {
    const bullet = shown[index];
    if (bullet === undefined) return;
    const bold = spans?.get(index);
    const line = bold === undefined ? bullet.plain : bulletLine(bullet, bold);
    if (length + line.length + 1 > DISCORD_LIMITS.embed.fieldValue) flush();
    lines.push(line);
    length += line.length + 1;
  });
  flush();
  return fields;
}

/** What an agreement's embed shows whatever the query: everything but the words in bold. */
interface AgreementEmbed {
  author: { name: string };
  title: string;
  description: string;
  /** Ministries, signature date and period. */
  head: readonly APIEmbedField[];
  /** Each section's fields with nothing in bold. */
  sections: readonly (readonly APIEmbedField[])[];
}

/**
 * The parts of an agreement's embed that no query changes: most sections of an answer have no
 * matched bullet, and the rest never changes. Frozen, as every answer shares them.
 */
function agreementEmbed(convention: Convention, language: Language): AgreementEmbed {
  const shown = shownAgreement(convention);
  let parts = shown.embeds[language];
  if (parts === undefined) {
    const t = messages(language);
    const frozen = (fields: APIEmbedField[]) => Object.freeze(fields.map((entry) => Object.freeze(entry)));
    parts = Object.freeze({
      author: Object.freeze({ name: `Ville × ${partnerLabels(convention)}` }),
      title: truncate(convention.title, DISCORD_LIMITS.embed.title),
      description: `${escapeText(truncate(convention.summary, SUMMARY_MAX))}\n\n[${t.sourceLink}](${convention.sourceUrl})`,
      head: frozen([
        field(
          t.ministries(convention.ministries.length),
          convention.ministries.map((m) => escapeText(m.name)).join('\n'),
          true,
        ),
        field(t.signedOn, formatDate(convention.signedOn, language), true),
        field(t.period, formatPeriod(convention, language), true),
      ]),
      sections: Object.freeze(
        convention.sections.map((section, index) =>
          frozen(sectionFields(section, shown.bullets[index] ?? [], language, undefined)),
        ),
      ),
    });
    shown.embeds[language] = parts;
  }
  return parts;
}

/** What an agreement's embed puts in bold: the words a search matched in it. */
export interface Emphasis {
  /** The matched bullets (a hit's `axes`), with their spans; no other bullet has any. */
  bullets: ReadonlyArray<Pick<AxisMatch, 'section' | 'item' | 'highlights'>>;
  /** The spans to put in bold in the agreement's other texts (its goals). */
  highlight(text: string): ReadonlyArray<readonly [number, number]>;
}

/** Nothing in bold: an agreement shown for itself, not as an answer. */
const NO_EMPHASIS: Emphasis = { bullets: [], highlight: () => [] };

/** The full embed of one agreement, with the words that matched in bold. */
export function conventionEmbed(
  convention: Convention,
  language: Language,
  emphasis: Emphasis = NO_EMPHASIS,
): APIEmbed {
  const parts = agreementEmbed(convention, language);
  const bold = new Map<number, Map<number, ReadonlyArray<readonly [number, number]>>>();
  for (const { section, item, highlights } of emphasis.bullets) {
    let items = bold.get(section);
    if (items === undefined) {
      items = new Map();
      bold.set(section, items);
    }
    items.set(item, highlights);
  }
  const { bullets } = shownAgreement(convention);
  const fields: APIEmbedField[] = [...parts.head];
  convention.sections.forEach((section, index) => {
    const spans = bold.get(index);
    fields.push(
      ...(spans === undefined
        ? (parts.sections[index] ?? [])
        : sectionFields(section, bullets[index] ?? [], language, spans)),
    );
  });
  if (convention.goals.length > 0) {
    fields.push(
      field(
        messages(language).goals,
        joinLines(
          convention.goals.map((goal) => `🎯 ${boldSpans(goal.text, emphasis.highlight(goal.text))}`),
          DISCORD_LIMITS.embed.fieldValue,
        ),
      ),
    );
  }
  return {
    color: COLOURS.answer,
    author: parts.author,
    title: parts.title,
    url: convention.sourceUrl,
    description: parts.description,
    fields,
  };
}

function compactLine(rank: number, hit: ConventionHit, language: Language): string {
  const t = messages(language);
  const { convention } = hit;
  const head = `**${rank}.** [${escapeText(partnerLabels(convention))}](${convention.sourceUrl}) — ${formatDate(convention.signedOn, language)}`;
  const detail = hit.axes.length > 0 ? ` · ${t.matchingAxes(hit.axes.length)}` : '';
  const best = hit.axes[0];
  const excerpt = best === undefined ? '' : `\n> ${bulletText(best)}`;
  return `${head}${detail}${excerpt}`;
}

function bulletText(axis: AxisMatch): string {
  const raw = truncate(capitalise(axis.text), 200);
  return boldSpans(
    raw,
    axis.highlights.filter(([, end]) => end <= raw.length),
  );
}

/**
 * The answer to `/convention`: one match in full (the best, or the `selected` one when paging),
 * the others listed compactly with their rank. The matched words of the bullets are in bold from
 * each hit's evidence; `highlight` finds them in the agreement's goals.
 */
export function conventionReply(
  hits: readonly ConventionHit[],
  query: string,
  language: Language,
  highlight: Highlighter,
  options: { ephemeral?: boolean; selected?: number } = {},
): Reply {
  const selected = Math.min(Math.max(0, options.selected ?? 0), hits.length - 1);
  const shownHit = hits[selected];
  if (shownHit === undefined)
    throw new RangeError('conventionReply needs at least one hit; use noResultReply');
  const t = messages(language);
  const main = conventionEmbed(shownHit.convention, language, {
    bullets: shownHit.axes,
    highlight: (text) => highlight(text, shownHit.terms),
  });
  const count = t.resultCount(hits.length, query);
  const footer = hits.length > 1 ? `${t.position(selected + 1, hits.length)} · ${count}` : count;
  main.footer = { text: quoteUserText(footer, DISCORD_LIMITS.embed.footerText, { markdown: false }) };
  const embeds: APIEmbed[] = [main];
  const others = hits
    .map((hit, index) => ({ hit, rank: index + 1 }))
    .filter((_, index) => index !== selected)
    .slice(0, OTHER_MATCHES);
  if (others.length > 0) {
    embeds.push({
      color: COLOURS.secondary,
      title: t.otherMatches,
      description: joinLines(
        others.map(({ hit, rank }) => compactLine(rank, hit, language)),
        DISCORD_LIMITS.embed.description,
        '\n\n',
      ),
    });
  }
  return { embeds: fitEmbeds(embeds), ephemeral: options.ephemeral === true, allowedMentions: NO_MENTIONS };
}

/** The words a question starts with, in both languages: such a query is its own title. */
const QUESTION_START = /^(?:quel(?:le)?s?|qui|quoi|où|comment|which|who|what|where|how)(?=[\s’']|$)/iu;

/** "Qui s’occupe de « police » ?", or the question as asked when the query is one. */
function ministryTitle(query: string, language: Language): string {
  const quoted = quoteUserText(query, 200).trim();
  if (!QUESTION_START.test(quoted)) return messages(language).ministryTitle(quoted);
  const asked = capitalise(quoted.replace(/\s*\?+$/u, ''));
  return language === 'fr' ? `${asked} ?` : `${asked}?`;
}

/** The answer to `/ministere`: the ministries ranked, each agreement's partners together with its evidence. */
export function ministryReply(
  hits: readonly MinistryHit[],
  query: string,
  language: Language,
  options: { ephemeral?: boolean } = {},
): Reply {
  const t = messages(language);
  // The partners of one agreement share its evidence: they are named together, once.
  const byAgreement = new Map<string, { hit: MinistryHit; names: string[] }>();
  for (const hit of hits) {
    const entry = byAgreement.get(hit.convention.id);
    if (entry === undefined) byAgreement.set(hit.convention.id, { hit, names: [hit.ministry.name] });
    else entry.names.push(hit.ministry.name);
  }
  const fields = [...byAgreement.values()].slice(0, MINISTRY_MATCHES).map(({ hit, names }, index) => {
    const { convention } = hit;
    const agreement = `[${t.agreementOf(formatDate(convention.signedOn, language))}${convention.period === null ? '' : ` (${formatPeriod(convention, language)})`}](${convention.sourceUrl})`;
    const evidence =
      hit.evidence.length > 0
        ? hit.evidence.slice(0, 3).map((axis) => `• ${bulletText(axis)}`)
        : [`_${t.noEvidence}_`];
    return field(
      `${index + 1}. ${names.join(' · ')}`,
      joinLines([agreement, ...evidence], DISCORD_LIMITS.embed.fieldValue),
    );
  });
  const embed: APIEmbed = {
    color: COLOURS.answer,
    title: truncate(ministryTitle(query, language), DISCORD_LIMITS.embed.title),
    description: t.ministryIntro,
    fields,
    footer: {
      text: quoteUserText(
        t.resultCount(new Set(hits.map((hit) => hit.convention.id)).size, query),
        DISCORD_LIMITS.embed.footerText,
        { markdown: false },
      ),
    },
  };
  return { embeds: fitEmbeds([embed]), ephemeral: options.ephemeral === true, allowedMentions: NO_MENTIONS };
}

/**
 * The answer to `/conventions`: every agreement in one overview. With `about`, the answer to a
 * query on what every agreement is about ("politique de la ville"), which says so first.
 */
export function overviewReply(
  conventions: readonly Convention[],
  language: Language,
  options: { about?: string; ephemeral?: boolean } = {},
): Reply {
  const t = messages(language);
  const fields = conventions.map((convention) => {
    // A review of the previous agreement lists what was done, not objectives: counted apart.
    const count = (kind: Section['kind']) =>
      convention.sections.reduce(
        (sum, section) => sum + (section.kind === kind ? section.items.length : 0),
        0,
      );
    const [axes, reviewPoints] = [count('axes'), count('results')];
    const contents = [
      ...(axes > 0 || reviewPoints === 0 ? [t.axisCount(axes)] : []),
      ...(reviewPoints > 0 ? [t.reviewPointCount(reviewPoints)] : []),
    ].join(' · ');
    const line = `${t.signedOn} ${formatDate(convention.signedOn, language)} · ${t.period} : ${formatPeriod(convention, language)} · ${contents}`;
    return field(
      partnerLabels(convention),
      `${language === 'en' ? line.replace(' : ', ': ') : line}\n[${escapeText(truncate(convention.title, 180))}](${convention.sourceUrl})`,
    );
  });
  const embed: APIEmbed = {
    color: COLOURS.answer,
    title: t.overviewTitle,
    description: [
      ...(options.about === undefined ? [] : [t.everyAgreement(quoteUserText(options.about, 200))]),
      t.overviewIntro(conventions.length),
    ].join('\n'),
    fields,
    footer: { text: t.overviewFooter },
  };
  return { embeds: fitEmbeds([embed]), ephemeral: options.ephemeral === true, allowedMentions: NO_MENTIONS };
}

/** One line of `/aide`: an example of a command and what it does. */
export interface HelpEntry {
  example: string;
  description: string;
}

/** The answer to `/aide`. */
export function helpReply(
  entries: readonly HelpEntry[],
  source: { url: string; count: number },
  language: Language,
): Reply {
  const t = messages(language);
  const embed: APIEmbed = {
    color: COLOURS.answer,
    title: t.helpTitle,
    description: t.helpIntro,
    fields: [
      field(
        t.helpCommands,
        joinLines(
          entries.map((entry) => `\`${entry.example}\` — ${entry.description}`),
          DISCORD_LIMITS.embed.fieldValue,
        ),
      ),
      field(t.helpTips, t.helpTipsText),
      field(t.helpData, t.helpDataText(source.url, source.count)),
    ],
  };
  return { embeds: fitEmbeds([embed]), ephemeral: true, allowedMentions: NO_MENTIONS };
}

/**
 * The private answer when nothing matches: "did you mean" alternatives or examples, then what
 * the agreements available cover (`covered`: their partner labels), since a topic the bot has
 * no agreement on is the usual reason.
 */
export function noResultReply(
  query: string,
  suggestions: readonly string[],
  examples: readonly string[],
  covered: readonly string[],
  language: Language,
): Reply {
  const t = messages(language);
  const list = suggestions.length > 0 ? suggestions : examples;
  const heading = suggestions.length > 0 ? t.didYouMean : t.tryInstead;
  const lines = list.map((item) => `• ${quoteUserText(item, 90)}`);
  const inService = covered.length > 0 ? ['', t.inService(covered.map((label) => escapeText(label)))] : [];
  const embed: APIEmbed = {
    color: COLOURS.notFound,
    title: t.noResultTitle,
    description: joinLines(
      [
        query.trim() === '' ? t.emptyQuery : t.noResult(quoteUserText(query, 200)),
        '',
        heading,
        ...lines,
        ...inService,
      ],
      DISCORD_LIMITS.embed.description,
    ),
  };
  return { embeds: fitEmbeds([embed]), ephemeral: true, allowedMentions: NO_MENTIONS };
}

/** The private answer when a command failed: an apology and a reference to quote. */
export function errorReply(reference: string, language: Language): Reply {
  const t = messages(language);
  return {
    embeds: [{ color: COLOURS.error, title: t.errorTitle, description: t.error(reference) }],
    ephemeral: true,
    allowedMentions: NO_MENTIONS,
  };
}

/** The private answer to a command name the bot does not know (a stale registration). */
export function unknownCommandReply(name: string, language: Language): Reply {
  const t = messages(language);
  return {
    embeds: [
      {
        color: COLOURS.notFound,
        title: t.errorTitle,
        description: t.unknownCommand(quoteUserText(name, 40)),
      },
    ],
    ephemeral: true,
    allowedMentions: NO_MENTIONS,
  };
}

/** A short private notice: a refused control, a cooldown. */
export function noticeReply(text: string): Reply {
  return {
    embeds: [{ color: COLOURS.notFound, description: text }],
    ephemeral: true,
    allowedMentions: NO_MENTIONS,
  };
}
