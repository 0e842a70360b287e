import type { APIActionRowComponent, APIComponentInMessageActionRow, APISelectMenuOption } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import {
  answerArgument,
  type ControlAction,
  type ControlCommand,
  encodeControl,
  fitsControl,
} from '../bot/custom-id.js';
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
  /**
   * The texts a control may carry to recompute the answer, best first: the query as typed, then
   * shorter forms that give the same results. A control takes the first that fits in its
   * custom_id; when none fits, the control is left out rather than carry another query.
   */
  texts: readonly string[];
  /** The colleague a private answer is addressed to, kept on every page so that sharing still names them. */
  target?: string;
  language: Language;
}

/** The first of the context's texts that fits in the custom_id of this control, if any. */
function fittingText(context: ControlContext, action: ControlAction, argument: string): string | undefined {
  const { command, owner } = context;
  return context.texts.find((text) => fitsControl({ command, action, owner, argument, text }));
}

/**
 * ◀ ▶ buttons to page through `total` results, showing result `index`; undefined when the
 * query cannot be carried.
 */
export function pagingRow(context: ControlContext, index: number, total: number): ActionRow | undefined {
  const t = messages(context.language);
  const previous = Math.max(0, index - 1);
  const next = Math.min(total - 1, index + 1);
  const argument = (page: number) => answerArgument({ page, target: context.target });
  // One text for both buttons, chosen for the longer argument.
  const text = fittingText(context, 'page', argument(Math.max(previous, next)));
  if (text === undefined) return undefined;
  const button = (target: number, label: string, emoji: string, disabled: boolean) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label,
    emoji: { name: emoji },
    custom_id: encodeControl({
      command: context.command,
      action: 'page',
      owner: context.owner,
      argument: argument(target),
      text,
    }),
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button(previous, t.previous, '◀️', index === 0),
      button(next, t.next, '▶️', index >= total - 1),
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

/** A select menu to jump to one of the results; undefined when the query cannot be carried. */
export function jumpMenu(
  context: ControlContext,
  results: readonly { convention: Convention; label: string; description: string }[],
  current: number,
): ActionRow | undefined {
  const { command, owner } = context;
  const argument = answerArgument({ target: context.target });
  const text = fittingText(context, 'jump', argument);
  if (text === undefined) return undefined;
  return selectRow(
    encodeControl({ command, action: 'jump', owner, argument, text }),
    messages(context.language).jumpPlaceholder,
    results.map((result, index) =>
      option(`${index + 1}. ${result.label}`, String(index), result.description, index === current),
    ),
  );
}

/**
 * The button that posts a private answer in the channel, at result `page` when given, addressed to
 * the context's target when there is one; undefined when the query cannot be carried.
 */
export function shareRow(context: ControlContext, page?: number): ActionRow | undefined {
  const { command, owner } = context;
  const argument = answerArgument({ page, target: context.target });
  const text = fittingText(context, 'share', argument);
  if (text === undefined) return undefined;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: messages(context.language).share,
        emoji: { name: '📣' },
        custom_id: encodeControl({ command, action: 'share', owner, argument, text }),
      },
    ],
  };
}

/**
 * A select menu of "did you mean" alternatives; choosing one answers it, addressed to the
 * context's target when there is one. The alternatives travel as the menu's values, not in its id;
 * undefined when none fits a value whole.
 */
export function suggestionMenu(
  context: ControlContext,
  alternatives: readonly string[],
): ActionRow | undefined {
  const { command, owner } = context;
  const argument = answerArgument({ target: context.target });
  // The value is the query answered when chosen: one cut to fit would answer another query, and
  // two cut alike would repeat a value, which Discord refuses. Such alternatives are left out.
  const whole = [...new Set(alternatives)].filter(
    (alternative) => alternative !== '' && alternative.length <= LIMITS.selectOptionValue,
  );
  if (whole.length === 0) return undefined;
  return selectRow(
    encodeControl({ command, action: 'suggestion', owner, argument, text: '' }),
    messages(context.language).suggestionPlaceholder,
    whole.map((alternative) => option(alternative, alternative)),
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
