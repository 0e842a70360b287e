import { DISCORD_LIMITS } from '../discord/limits.js';

/**
 * State of a button or select menu, carried in its `custom_id` rather than in memory, so that a
 * control keeps working after a restart and on any copy of the bot. Versioned: a control from an
 * older format is recognised as stale rather than misread.
 *
 * Layout: `<version>|<command>|<action>|<owner>|<argument>|<text>`. The free text (a query) comes
 * last so that it may contain the separator.
 */
export const CUSTOM_ID_VERSION = '1';
const SEPARATOR = '|';

/** Which command a control belongs to. */
export const CONTROL_COMMANDS = { convention: 'c', ministere: 'm', conventions: 'l' } as const;
export type ControlCommand = keyof typeof CONTROL_COMMANDS;

/** What a control does. */
export const CONTROL_ACTIONS = {
  /** Show the result at `argument` (◀ ▶). */
  page: 'p',
  /** Show the result chosen in the select menu. */
  jump: 'j',
  /** Post the private answer in the channel. */
  share: 's',
  /** Answer the "did you mean" alternative chosen in the menu. */
  suggestion: 'd',
  /** Open the agreement chosen in the overview's menu. */
  open: 'o',
} as const;
export type ControlAction = keyof typeof CONTROL_ACTIONS;

/** A decoded control. */
export interface ControlState {
  command: ControlCommand;
  action: ControlAction;
  /** Id of the user who asked: the only one who may use the control (0 for "anyone"). */
  owner: string;
  /** A small number: the page to show, or the user to address. */
  argument: string;
  /** The query the answer was computed for. */
  text: string;
}

/** Why a custom_id could not be read. */
export type ControlProblem = 'stale' | 'malformed';

const commandByCode = new Map<string, ControlCommand>(
  Object.entries(CONTROL_COMMANDS).map(([name, code]) => [code, name as ControlCommand]),
);
const actionByCode = new Map<string, ControlAction>(
  Object.entries(CONTROL_ACTIONS).map(([name, code]) => [code, name as ControlAction]),
);

/**
 * Encodes a control's state. The query is cut so the whole id stays within Discord's 100
 * characters: a long query is rarely worth repeating in full, and the page index keeps its place.
 */
export function encodeControl(state: ControlState): string {
  const head = [
    CUSTOM_ID_VERSION,
    CONTROL_COMMANDS[state.command],
    CONTROL_ACTIONS[state.action],
    state.owner,
    state.argument,
    '',
  ].join(SEPARATOR);
  const room = DISCORD_LIMITS.components.customId - head.length;
  if (room < 0) throw new RangeError(`control state too long for a custom_id: ${head}`);
  let text = '';
  for (const character of state.text) {
    if (text.length + character.length > room) break;
    text += character;
  }
  return head + text;
}

/** Reads a custom_id; anything not written by {@link encodeControl} of this version is refused. */
export function decodeControl(customId: string): ControlState | ControlProblem {
  if (customId.length > DISCORD_LIMITS.components.customId) return 'malformed';
  const parts = customId.split(SEPARATOR);
  const [version, commandCode, actionCode, owner, argument] = parts;
  if (version !== CUSTOM_ID_VERSION) return /^\d+$/u.test(version ?? '') ? 'stale' : 'malformed';
  if (parts.length < 6) return 'malformed';
  const command = commandByCode.get(commandCode ?? '');
  const action = actionByCode.get(actionCode ?? '');
  if (command === undefined || action === undefined) return 'malformed';
  if (owner === undefined || !/^(?:0|\d{17,20})$/u.test(owner)) return 'malformed';
  if (argument === undefined || !/^(?:\d{1,20}|)$/u.test(argument)) return 'malformed';
  return { command, action, owner, argument, text: parts.slice(5).join(SEPARATOR) };
}
