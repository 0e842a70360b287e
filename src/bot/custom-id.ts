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
  /**
   * Up to two numbers separated by a dot: for an answer's controls, the page to show and the
   * user to address (see {@link answerArgument}).
   */
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

function headOf(state: Omit<ControlState, 'text'>): string {
  return [
    CUSTOM_ID_VERSION,
    CONTROL_COMMANDS[state.command],
    CONTROL_ACTIONS[state.action],
    state.owner,
    state.argument,
    '',
  ].join(SEPARATOR);
}

/** Whether a control's state, its whole query included, fits in Discord's 100 characters. */
export function fitsControl(state: ControlState): boolean {
  return headOf(state).length + state.text.length <= DISCORD_LIMITS.components.customId;
}

/**
 * Encodes a control's state. The query is never cut: a cut query is another query, and the
 * control would answer it instead of the one shown. Check with {@link fitsControl} first, and
 * carry a shorter equivalent of the query (see `compactQuery`) or no control at all.
 *
 * @throws RangeError when the state does not fit in a custom_id.
 */
export function encodeControl(state: ControlState): string {
  if (!fitsControl(state)) throw new RangeError(`control state too long for a custom_id: ${headOf(state)}…`);
  return headOf(state) + state.text;
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
  if (argument === undefined || !/^(?:\d{1,20}(?:\.\d{1,20})?)?$/u.test(argument)) return 'malformed';
  return { command, action, owner, argument, text: parts.slice(5).join(SEPARATOR) };
}

/** What the argument of an answer's control carries; either part may be absent. */
export interface AnswerArgument {
  /** Index of the result to show (◀ ▶) or to share. */
  page?: number;
  /** The colleague the answer is addressed to. */
  target?: string;
}

const PAGE = /^\d{1,4}$/u;
const USER_ID = /^\d{17,20}$/u;

/**
 * Writes an answer's argument: `<page>.<target>`, `<page>`, `<target>` or nothing. A page has at
 * most 4 digits and a user id at least 17, so each part is known by its length; this is also how
 * the arguments of controls posted before the page and the target travelled together still read.
 */
export function answerArgument({ page, target }: AnswerArgument): string {
  if (page !== undefined && !(Number.isInteger(page) && PAGE.test(String(page))))
    throw new RangeError(`not a page: ${page}`);
  if (target !== undefined && !USER_ID.test(target)) throw new RangeError(`not a user id: ${target}`);
  return [page === undefined ? undefined : String(page), target]
    .filter((part) => part !== undefined)
    .join('.');
}

/** Reads an answer's argument; undefined when it is neither a page nor a user id, nor both in order. */
export function readAnswerArgument(argument: string): AnswerArgument | undefined {
  if (argument === '') return {};
  const parts = argument.split('.');
  const [first = '', second] = parts;
  if (parts.length > 2) return undefined;
  if (second !== undefined) {
    return PAGE.test(first) && USER_ID.test(second) ? { page: Number(first), target: second } : undefined;
  }
  if (PAGE.test(first)) return { page: Number(first) };
  if (USER_ID.test(first)) return { target: first };
  return undefined;
}
