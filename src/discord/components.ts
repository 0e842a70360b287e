import type { APIActionRowComponent, APIComponentInMessageActionRow, APISelectMenuOption } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import { type ControlCommand, encodeControl } from '../bot/custom-id.js';
import type { Convention } from '../data/schema.js';
import type { Language } from '../i18n.js';
import { messages } from '../i18n.js';
import { truncate } from '../util/truncate.js';
import { DISCORD_LIMITS } from './limits.js';

/** An action row of a message. */
export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

const LIMITS = DISCORD_LIMITS.components;

/** Who asked, for what, so that each control can rebuild the answer without memory. */
export interface ControlContext {
  command: ControlCommand;
  owner: string;
  query: string;
  language: Language;
}

/** ◀ ▶ buttons to page through `total` results, showing result `index`. */
export function pagingRow(context: ControlContext, index: number, total: number): ActionRow {
  const t = messages(context.language);
  const button = (target: number, label: string, emoji: string, disabled: boolean) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    emoji: { name: emoji },
    custom_id: encodeControl({
      command: context.command,
      action: 'page',
      owner: context.owner,
      argument: String(target),
      text: context.query,
    }),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button(Math.max(0, index - 1), t.previous, '◀️', index === 0),
      button(Math.min(total - 1, index + 1), t.next, '▶️', index >= total - 1),
    ],
  };
}

function option(label: string, value: string, description?: string, selected = false): APISelectMenuOption {
  return {
    label: truncate(label, LIMITS.selectOptionLabel),
    value: truncate(value, LIMITS.selectOptionValue),
    ...(description === undefined
      ? {}
      : { description: truncate(description, LIMITS.selectOptionDescription) }),
    ...(selected ? { default: true } : {}),
  };
}

/** An action row holding one select menu, its options cut to Discord's limits. */
function selectRow(
  customId: string,
  placeholder: string,
  options: readonly APISelectMenuOption[],
): ActionRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: customId,
        placeholder: truncate(placeholder, LIMITS.selectPlaceholder),
        options: options.slice(0, LIMITS.selectOptions),
      },
    ],
  };
}

/** A select menu to jump to one of the results. */
export function jumpMenu(
  context: ControlContext,
  results: readonly { convention: Convention; label: string; description: string }[],
  current: number,
): ActionRow {
  const { command, owner, query } = context;
  return selectRow(
    encodeControl({ command, action: 'jump', owner, argument: '', text: query }),
    messages(context.language).jumpPlaceholder,
    results.map((result, index) =>
      option(`${index + 1}. ${result.label}`, String(index), result.description, index === current),
    ),
  );
}

/** The button that posts a private answer in the channel, addressed to `target` when given. */
export function shareRow(context: ControlContext, target: string | undefined): ActionRow {
  const { command, owner, query } = context;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: messages(context.language).share,
        emoji: { name: '📣' },
        custom_id: encodeControl({ command, action: 'share', owner, argument: target ?? '', text: query }),
      },
    ],
  };
}

/** A select menu of "did you mean" alternatives; choosing one answers it. */
export function suggestionMenu(context: ControlContext, alternatives: readonly string[]): ActionRow {
  const { command, owner } = context;
  return selectRow(
    encodeControl({ command, action: 'suggestion', owner, argument: '', text: '' }),
    messages(context.language).suggestionPlaceholder,
    alternatives.map((alternative) => option(alternative, alternative)),
  );
}

/** The overview's select menu to open any agreement. Anyone may use it: the answer is private. */
export function openMenu(
  conventions: readonly Convention[],
  language: Language,
  labelOf: (convention: Convention) => string,
): ActionRow {
  return selectRow(
    encodeControl({ command: 'conventions', action: 'open', owner: '0', argument: '', text: '' }),
    messages(language).openPlaceholder,
    conventions.map((convention) => option(labelOf(convention), convention.id, convention.signedOn)),
  );
}
