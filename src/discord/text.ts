import { type EscapeMarkdownOptions, escapeMarkdown } from 'discord.js';
import { truncate } from '../util/truncate.js';

export { truncate };

/** What {@link escapeText} escapes by default: everything, headings, lists and masked links included. */
const ESCAPE_ALL: EscapeMarkdownOptions = {
  heading: true,
  bulletedList: true,
  numberedList: true,
  maskedLink: true,
};

/** The most texts {@link escapeText} keeps, all options together. */
export const ESCAPED_MAX = 10_000;

/** Escaped texts, by options (see {@link optionsKey}), then by text. */
const escaped = new Map<string, Map<string, string>>();
let escapedCount = 0;

/**
 * The key of a set of options: every option and its value, sorted by name, so two option objects
 * share cached results only when they say the same thing.
 */
function optionsKey(options: EscapeMarkdownOptions): string {
  return JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
const DEFAULT_OPTIONS_KEY = optionsKey(ESCAPE_ALL);

/**
 * Makes any text safe to show in a Discord message: markdown is escaped so it renders as typed,
 * and mentions are broken with a zero-width space so `@everyone` or `<@123>` can never ping,
 * even if `allowed_mentions` were ever forgotten. `options` go to discord.js's `escapeMarkdown`
 * as they are (they replace the default, they are not merged into it).
 *
 * Memoised: `escapeMarkdown` runs a dozen regular expressions with unbounded lookbehinds (about
 * 50 µs for a bullet, 1.2 ms for the 782-character summary), on the agreements' texts that come
 * back in every answer. A hit costs a `Map` look-up.
 */
export function escapeText(text: string, options: EscapeMarkdownOptions = ESCAPE_ALL): string {
  const key = options === ESCAPE_ALL ? DEFAULT_OPTIONS_KEY : optionsKey(options);
  let cache = escaped.get(key);
  const cached = cache?.get(text);
  if (cached !== undefined) return cached;
  const result = neutraliseMentions(escapeMarkdown(text, options));
  // The agreements' texts repeat, what people type rarely does: bounded either way, and emptied
  // when full (cheaper than tracking recency, and refilled by the next few answers).
  if (escapedCount >= ESCAPED_MAX) {
    escaped.clear();
    escapedCount = 0;
    cache = undefined;
  }
  if (cache === undefined) {
    cache = new Map();
    escaped.set(key, cache);
  }
  cache.set(text, result);
  escapedCount += 1;
  return result;
}

/** How many texts {@link escapeText} holds (for tests of its bound). */
export function escapedTextCount(): number {
  return escapedCount;
}

/** Breaks `@everyone`, `@here` and `<@id>`-style mentions with a zero-width space. */
export function neutraliseMentions(text: string): string {
  // Most texts hold neither character: two substring searches spare them two regular expressions.
  if (!text.includes('@') && !text.includes('<')) return text;
  return text.replace(/@(everyone|here)/giu, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/gu, '<$1\u200b$2>');
}

/**
 * Whether `text` is already one tidy line: single spaces between words, none at either end, and
 * no character below U+0600 that is a control, a format character or other whitespace (above it,
 * the regular expressions decide). Most queries are; they skip two Unicode regular expressions.
 */
function isTidyLine(text: string): boolean {
  let afterSpace = true;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x20) {
      if (afterSpace) return false;
      afterSpace = true;
      continue;
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xad || code >= 0x600) return false;
    afterSpace = false;
  }
  return !afterSpace || text.length === 0;
}

/**
 * What a person typed, ready to quote in a reply: one line without control or bidi-override
 * characters, at most `max` characters, mentions broken, and markdown escaped unless the text goes
 * where Discord does not render markdown (footers).
 */
export function quoteUserText(text: string, max = 100, options: { markdown?: boolean } = {}): string {
  const oneLine = isTidyLine(text)
    ? text
    : text
        .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim();
  const cut = truncate(oneLine, max);
  if (options.markdown === false) return neutraliseMentions(cut);
  // Escaping adds backslashes: cut again so the escaped text still fits.
  const escaped = escapeText(cut);
  return escaped.length <= max
    ? escaped
    : escapeText(truncate(oneLine, Math.max(1, max - (escaped.length - cut.length))));
}

/**
 * Escapes `text` and wraps the `[start, end)` spans in bold. Spans separated only by spaces are
 * merged, so "transports collectifs" reads as one bold phrase rather than two.
 */
export function boldSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last !== undefined && /^\s*$/u.test(text.slice(last[1], start))) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of merged) {
    if (start < at || end > text.length) continue;
    out += `${escapeText(text.slice(at, start))}**${escapeText(text.slice(start, end))}**`;
    at = end;
  }
  return out + escapeText(text.slice(at));
}

/** Uppercases the first letter: some bullets of the page start in lowercase. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
