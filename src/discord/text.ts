import { escapeMarkdown } from 'discord.js';
import { truncate } from '../util/truncate.js';

export { truncate };

/**
 * Makes any text safe to show in a Discord message: markdown is escaped so it renders as typed,
 * and mentions are broken with a zero-width space so `@everyone` or `<@123>` can never ping,
 * even if `allowed_mentions` were ever forgotten.
 */
export function escapeText(text: string): string {
  return neutraliseMentions(
    escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  );
}

/** Breaks `@everyone`, `@here` and `<@id>`-style mentions with a zero-width space. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/giu, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/gu, '<$1\u200b$2>');
}

/**
 * What a person typed, ready to quote in a reply: one line without control or bidi-override
 * characters, at most `max` characters, mentions broken, and markdown escaped unless the text goes
 * where Discord does not render markdown (footers).
 */
export function quoteUserText(text: string, max = 100, options: { markdown?: boolean } = {}): string {
  const oneLine = text
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
