import type { APIEmbed, APIEmbedField } from 'discord.js';
import { truncate } from '../util/truncate.js';
import { DISCORD_LIMITS } from './limits.js';

const LIMITS = DISCORD_LIMITS.embed;

/** Characters of an embed that count towards Discord's 6000-character total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** A field cut to Discord's limits; an empty name or value would be refused, so it gets a dash. */
export function field(name: string, value: string, inline = false): APIEmbedField {
  return {
    name: truncate(name, LIMITS.fieldName) || '\u200b',
    value: truncate(value, LIMITS.fieldValue) || '—',
    ...(inline ? { inline: true } : {}),
  };
}

/**
 * Joins lines into a block of at most `max` characters, keeping whole lines: a line that does not
 * fit is replaced by "…" rather than cut in the middle of its markdown.
 */
export function joinLines(lines: readonly string[], max: number, separator = '\n'): string {
  let out = '';
  for (const line of lines) {
    const next = out === '' ? line : `${out}${separator}${line}`;
    if (next.length > max) return out === '' ? truncate(line, max) : `${out}${separator}…`.slice(0, max);
    out = next;
  }
  return out;
}

/** One embed cut to every per-embed limit. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const fitted: APIEmbed = { ...embed };
  if (fitted.title !== undefined) fitted.title = truncate(fitted.title, LIMITS.title);
  if (fitted.description !== undefined) fitted.description = truncate(fitted.description, LIMITS.description);
  if (fitted.footer !== undefined)
    fitted.footer = { ...fitted.footer, text: truncate(fitted.footer.text, LIMITS.footerText) };
  if (fitted.author !== undefined)
    fitted.author = { ...fitted.author, name: truncate(fitted.author.name, LIMITS.authorName) };
  if (fitted.fields !== undefined) {
    fitted.fields = fitted.fields
      .slice(0, LIMITS.fields)
      .map((f) => field(f.name, f.value, f.inline === true));
  }
  return fitted;
}

/**
 * Whether embeds are within every Discord limit as they are: nothing to cut, no empty field to
 * fill, no `inline: false` to drop. {@link cutToLimits} would give them back unchanged.
 */
export function withinLimits(embeds: readonly APIEmbed[]): boolean {
  if (embeds.length > DISCORD_LIMITS.embedsPerMessage) return false;
  let total = 0;
  for (const embed of embeds) {
    if ((embed.title?.length ?? 0) > LIMITS.title) return false;
    if ((embed.description?.length ?? 0) > LIMITS.description) return false;
    if (embed.footer !== undefined && embed.footer.text.length > LIMITS.footerText) return false;
    if (embed.author !== undefined && embed.author.name.length > LIMITS.authorName) return false;
    const fields = embed.fields ?? [];
    if (fields.length > LIMITS.fields) return false;
    for (const { name, value, inline } of fields) {
      if (name === '' || name.length > LIMITS.fieldName || value === '' || value.length > LIMITS.fieldValue)
        return false;
      if (inline === false) return false;
    }
    total += embedLength(embed);
  }
  return total <= LIMITS.total;
}

/**
 * Cuts a message's embeds to every Discord limit, the 6000-character total included (see
 * {@link cutToLimits}). Embeds already within them, as nearly every answer is, come back as they
 * are, in a new list.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[] {
  return withinLimits(embeds) ? [...embeds] : cutToLimits(embeds);
}

/**
 * Copies embeds cut to every Discord limit. The best match comes first, so the later embeds give
 * way first (fields, then description, then the whole embed); the first embed then shortens its
 * description before it loses any field.
 */
export function cutToLimits(embeds: readonly APIEmbed[]): APIEmbed[] {
  const fitted = embeds.slice(0, DISCORD_LIMITS.embedsPerMessage).map(fitEmbed);
  const over = () => fitted.reduce((sum, embed) => sum + embedLength(embed), 0) - LIMITS.total;
  const shortenDescription = (embed: APIEmbed, keep: number) => {
    if (embed.description === undefined || over() <= 0) return;
    const room = Math.max(keep, embed.description.length - over());
    embed.description = room > 0 ? truncate(embed.description, room) : undefined;
  };
  for (let index = fitted.length - 1; index > 0 && over() > 0; index -= 1) {
    const embed = fitted[index];
    if (embed === undefined) continue;
    while (over() > 0 && (embed.fields?.length ?? 0) > 0) embed.fields = embed.fields?.slice(0, -1);
    shortenDescription(embed, 0);
    if (over() > 0) fitted.splice(index, 1);
  }
  const first = fitted[0];
  if (first !== undefined) {
    shortenDescription(first, MIN_KEPT_DESCRIPTION);
    while (over() > 0 && (first.fields?.length ?? 0) > 0) first.fields = first.fields?.slice(0, -1);
    shortenDescription(first, 0);
  }
  return fitted;
}

/** The first embed keeps this much of its description before it starts losing fields. */
const MIN_KEPT_DESCRIPTION = 300;
