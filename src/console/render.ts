import type { APIEmbed } from 'discord.js';
import pc from 'picocolors';
import type { MessageOptions } from '../bot/types.js';

/** Colours for the terminal; plain text when the output is not a terminal or NO_COLOR is set. */
export type Palette = Pick<typeof pc, 'bold' | 'dim' | 'italic' | 'cyan' | 'yellow' | 'blue' | 'underline'>;

/** No colour: for pipes, NO_COLOR, and tests. */
export const PLAIN_PALETTE: Palette = {
  bold: String,
  dim: String,
  italic: String,
  cyan: String,
  yellow: String,
  blue: String,
  underline: String,
};

/** The palette to use for a stream. */
export function paletteFor(stream: { isTTY?: boolean }): Palette {
  return stream.isTTY === true && pc.isColorSupported ? pc : PLAIN_PALETTE;
}

/** Discord markdown as the terminal can show it: bold, links as "text (url)", escapes removed. */
export function renderMarkdown(text: string, palette: Palette): string {
  return text
    .replace(
      /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/gu,
      (_, label: string, url: string) => `${label} ${palette.dim(`(${url})`)}`,
    )
    .replace(/\*\*(.+?)\*\*/gu, (_, bold: string) => palette.bold(palette.yellow(bold)))
    .replace(
      /(^|\s)_(.+?)_(?=\s|$)/gu,
      (_, space: string, italic: string) => `${space}${palette.italic(italic)}`,
    )
    .replace(/`([^`]+)`/gu, (_, code: string) => palette.cyan(code))
    .replace(/^> /gmu, '  │ ')
    .replace(/<@!?(\d+)>/gu, (_, id: string) => palette.cyan(id === '0' ? '@console' : `@${id}`))
    .replace(/\\([\\*_`~|>#[\]()-])/gu, '$1')
    .replace(/\u200b/gu, '');
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function renderEmbed(embed: APIEmbed, palette: Palette): string {
  const lines: string[] = [];
  if (embed.author) lines.push(palette.dim(embed.author.name));
  if (embed.title) lines.push(palette.bold(palette.blue(renderMarkdown(embed.title, palette))));
  if (embed.url) lines.push(palette.dim(palette.underline(embed.url)));
  if (embed.description) lines.push('', renderMarkdown(embed.description, palette));
  const inline = (embed.fields ?? []).filter((field) => field.inline);
  if (inline.length > 0) {
    lines.push(
      '',
      inline
        .map((field) => `${palette.bold(field.name)} : ${renderMarkdown(field.value, palette)}`)
        .join('   '),
    );
  }
  for (const field of (embed.fields ?? []).filter((f) => !f.inline)) {
    lines.push(
      '',
      palette.bold(renderMarkdown(field.name, palette)),
      indent(renderMarkdown(field.value, palette), '  '),
    );
  }
  if (embed.footer) lines.push('', palette.dim(embed.footer.text));
  return indent(lines.join('\n'), '┃ ');
}

/** A message as the bot would send it, drawn for the terminal. */
export function renderMessage(message: Partial<MessageOptions>, palette: Palette, note?: string): string {
  const parts: string[] = [];
  if (note) parts.push(palette.dim(note));
  if (message.content) parts.push(renderMarkdown(message.content, palette));
  for (const embed of message.embeds ?? []) parts.push(renderEmbed(embed, palette));
  return parts.join('\n\n');
}
