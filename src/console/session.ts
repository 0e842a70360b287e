import { randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { APIApplicationCommandOptionChoice } from 'discord.js';
import { ApplicationCommandOptionType, ComponentType, MessageFlags } from 'discord.js';
import { createRouter, type Router } from '../bot/router.js';
import type {
  AutocompleteRequest,
  BotContext,
  Command,
  ComponentRequest,
  MessageOptions,
  SlashInteraction,
} from '../bot/types.js';
import { type Language, languageOf } from '../i18n.js';
import type { Palette } from './render.js';
import { renderMessage } from './render.js';

/** A console line read as a slash command. */
export interface ParsedLine {
  command: Command;
  /** Option values by their base (French) name. */
  options: Map<string, string | boolean>;
  /** Set when the line used the command's English name: the reply is then in English. */
  language: Language | undefined;
  /** "/convention transp??" asks for the autocomplete choices instead of running the command. */
  autocomplete: boolean;
}

/** Why a line could not be read, in words for the person typing. */
export class ConsoleInputError extends Error {}

function snowflake(): string {
  return `${(BigInt(Date.now() - 1_420_070_400_000) << 22n) | BigInt(randomInt(0, 4_194_304))}`;
}

function findCommand(
  name: string,
  commands: readonly Command[],
): { command: Command; language: Language | undefined } | undefined {
  const lower = name.toLowerCase();
  for (const command of commands) {
    if (command.data.name === lower) return { command, language: undefined };
    if (Object.values(command.data.name_localizations ?? {}).includes(lower))
      return { command, language: 'en' };
  }
  return undefined;
}

/** An option's base name, and whether it was typed in English. */
function optionName(command: Command, typed: string): { name: string; english: boolean } | undefined {
  const lower = typed.toLowerCase();
  for (const option of command.data.options ?? []) {
    if (option.name === lower) return { name: option.name, english: false };
    if (Object.values(option.name_localizations ?? {}).includes(lower))
      return { name: option.name, english: true };
  }
  return undefined;
}

/** How a name is spelled in `language`: Discord's English localization, or the base French. */
function spelled(
  named: { name: string; name_localizations?: Partial<Record<string, string | null>> | null },
  language: Language,
): string {
  return (language === 'en' ? named.name_localizations?.['en-US'] : undefined) ?? named.name;
}

/** What the console says about a line it cannot read, in each language. */
const INPUT_ERRORS = {
  fr: {
    unknown: (line: string, names: string) =>
      `Commande inconnue « ${line} ». Commandes : ${names}, /quitter.`,
    noText: (command: string) => `/${command} ne prend pas de texte.`,
    yesOrNo: (option: string, value: string) => `${option} attend oui ou non, pas « ${value} ».`,
    needs: (command: string, option: string, example: string) =>
      `/${command} attend un ${option}, par exemple : ${example}`,
  },
  en: {
    unknown: (line: string, names: string) => `Unknown command “${line}”. Commands: ${names}, /quit.`,
    noText: (command: string) => `/${command} takes no text.`,
    yesOrNo: (option: string, value: string) => `${option} takes yes or no, not “${value}”.`,
    needs: (command: string, option: string, example: string) =>
      `/${command} needs a ${option}, for example: ${example}`,
  },
} satisfies Record<Language, unknown>;

/**
 * Reads "/convention transports", "/convention sujet:transports prive:oui" or "/ministry topic:jobs".
 * Text without `name:` goes to the command's first text option. A line that names its command
 * or an option in English is answered in English; what cannot be read is explained in the
 * line's language, or else in the session's (`sessionLanguage`).
 */
export function parseConsoleLine(
  line: string,
  commands: readonly Command[],
  sessionLanguage: Language = 'fr',
): ParsedLine {
  const match = /^\s*\/?([\p{L}\p{N}_-]+)\s*(.*)$/su.exec(line);
  const found = match?.[1] === undefined ? undefined : findCommand(match[1], commands);
  if (match === null || found === undefined) {
    const names = commands.map((command) => `/${spelled(command.data, sessionLanguage)}`).join(', ');
    throw new ConsoleInputError(INPUT_ERRORS[sessionLanguage].unknown(line.trim(), names));
  }
  const { command } = found;
  let language = found.language;
  let rest = match[2] ?? '';
  // A question ends with "?", so suggestions take two.
  const autocomplete = rest.endsWith('??');
  if (autocomplete) rest = rest.slice(0, -2);

  const options = new Map<string, string | boolean>();
  const pairs = [...rest.matchAll(/(?:^|\s)([\p{L}_-]+):/gu)].flatMap((pair) => {
    const option = optionName(command, pair[1] ?? '');
    return option === undefined ? [] : [{ pair, ...option }];
  });
  if (pairs.some((pair) => pair.english)) language = 'en';
  const said = language ?? sessionLanguage;
  const errors = INPUT_ERRORS[said];
  const freeText = (pairs.length === 0 ? rest : rest.slice(0, pairs[0]?.pair.index ?? 0)).trim();
  pairs.forEach(({ pair, name }, index) => {
    const start = (pair.index ?? 0) + pair[0].length;
    const end = pairs[index + 1]?.pair.index ?? rest.length;
    options.set(name, rest.slice(start, end).trim());
  });
  const textOption = command.data.options?.find(
    (option) => option.type === ApplicationCommandOptionType.String,
  );
  if (freeText !== '') {
    if (textOption === undefined) throw new ConsoleInputError(errors.noText(spelled(command.data, said)));
    if (!options.has(textOption.name)) options.set(textOption.name, freeText);
  }
  for (const option of command.data.options ?? []) {
    const value = options.get(option.name);
    if (option.type === ApplicationCommandOptionType.Boolean && typeof value === 'string') {
      if (/^(?:true|oui|yes|vrai|1)$/iu.test(value)) options.set(option.name, true);
      else if (/^(?:false|non|no|faux|0)$/iu.test(value)) options.set(option.name, false);
      else throw new ConsoleInputError(errors.yesOrNo(spelled(option, said), value));
    }
    if ('required' in option && option.required === true && !options.has(option.name) && !autocomplete) {
      throw new ConsoleInputError(
        errors.needs(spelled(command.data, said), spelled(option, said), command.help[said].example),
      );
    }
  }
  return { command, options, language, autocomplete };
}

/** A button or menu entry of the last message, chosen at the console by its number. */
interface ComponentControl {
  kind: 'component';
  customId: string;
  /** The value sent for a select-menu entry. */
  value?: string;
  ephemeral: boolean;
}

/** A suggestion of the last autocomplete list: its number runs the command with it, as in Discord. */
interface ChoiceControl {
  kind: 'choice';
  commandName: string;
  /** The option the suggestion fills. */
  option: string;
  value: string;
  locale: string;
}

type ConsoleControl = ComponentControl | ChoiceControl;

/**
 * Where the console draws replies; remembers what the numbers of the last thing drawn stand for
 * (a message's buttons and menu entries, or a list of suggestions), and only those: a message
 * without controls leaves none, so a number never reaches an older message.
 */
class Screen {
  controls: ConsoleControl[] = [];

  /** Draws autocomplete suggestions, numbered: a number then runs the command with one. */
  showChoices(
    choices: readonly APIApplicationCommandOptionChoice<string>[],
    target: Omit<ChoiceControl, 'kind' | 'value'>,
  ) {
    this.controls = choices.map((choice) => ({ kind: 'choice', ...target, value: choice.value }));
    const lines = choices.map((choice, index) => `  ${String(index + 1).padStart(2)}. ${choice.name}`);
    if (lines.length === 0) {
      this.write(`${this.palette.dim('  (aucune suggestion)')}\n`);
      return;
    }
    const hint = target.locale.startsWith('en')
      ? 'type a number to run the command with that suggestion'
      : 'tapez un numéro pour lancer la commande avec cette suggestion';
    this.write(`${lines.join('\n')}\n${this.palette.dim(`  (${hint})`)}\n`);
  }

  constructor(
    readonly write: (text: string) => void,
    readonly palette: Palette,
  ) {}

  /** Draws a message, then its buttons and menu entries, numbered. */
  show(message: Partial<MessageOptions>, ephemeral: boolean, locale: string) {
    const english = locale.startsWith('en');
    const note = ephemeral ? (english ? '(only you can see this)' : '(visible par vous seul)') : undefined;
    this.write(`${renderMessage(message, this.palette, note)}\n`);
    this.controls = [];
    const rows = message.components ?? [];
    if (rows.length === 0) return;
    const lines: string[] = [];
    for (const row of rows) {
      const entries: string[] = [];
      for (const component of row.components) {
        if (component.type === ComponentType.Button && 'custom_id' in component) {
          this.controls.push({ kind: 'component', customId: component.custom_id, ephemeral });
          const label = `${component.emoji?.name ?? ''} ${component.label ?? ''}`.trim();
          entries.push(
            component.disabled
              ? this.palette.dim(`[${this.controls.length}] ${label}`)
              : `[${this.controls.length}] ${label}`,
          );
        } else if (component.type === ComponentType.StringSelect) {
          entries.push(this.palette.dim(component.placeholder ?? ''));
          for (const option of component.options) {
            this.controls.push({
              kind: 'component',
              customId: component.custom_id,
              value: option.value,
              ephemeral,
            });
            entries.push(`[${this.controls.length}] ${option.label}`);
          }
        }
      }
      lines.push(`  ${entries.join('   ')}`);
    }
    const hint = english
      ? 'type a number to use a button or menu entry'
      : 'tapez un numéro pour utiliser un bouton ou une entrée de menu';
    this.write(`${lines.join('\n')}\n${this.palette.dim(`  (${hint})`)}\n`);
  }
}

/** A slash-command interaction typed at the console; replies are drawn on the screen. */
class ConsoleCommandInteraction implements SlashInteraction {
  readonly id = snowflake();
  readonly user = { id: '0', username: 'console' };
  replied = false;
  deferred = false;
  readonly options: SlashInteraction['options'];

  constructor(
    readonly commandName: string,
    readonly locale: string,
    values: ReadonlyMap<string, string | boolean>,
    private readonly screen: Screen,
  ) {
    this.options = {
      getString: (name) => {
        const value = values.get(name);
        return typeof value === 'string' ? value : null;
      },
      getBoolean: (name) => {
        const value = values.get(name);
        return typeof value === 'boolean' ? value : null;
      },
      // The console has one user; addressing a colleague makes no sense there.
      getUser: () => null,
    };
  }

  private deferredPrivately = false;

  async reply(options: MessageOptions) {
    this.replied = true;
    this.screen.show(options, options.flags !== undefined, this.locale);
  }

  async deferReply(options?: { flags?: MessageFlags.Ephemeral }) {
    this.deferred = true;
    this.deferredPrivately = options?.flags !== undefined;
    this.screen.write(`${this.screen.palette.dim('…')}\n`);
  }

  async editReply(options: Omit<MessageOptions, 'flags'>) {
    this.replied = true;
    this.screen.show(options, this.deferredPrivately, this.locale);
  }

  async followUp(options: MessageOptions) {
    this.screen.show(options, options.flags !== undefined, this.locale);
  }
}

/** A button or menu entry chosen at the console by its number. */
class ConsoleComponentInteraction implements ComponentRequest {
  readonly id = snowflake();
  readonly user = { id: '0', username: 'console' };
  replied = false;
  deferred = false;
  readonly values?: readonly string[];
  readonly message: ComponentRequest['message'];

  constructor(
    readonly customId: string,
    value: string | undefined,
    ephemeral: boolean,
    readonly locale: string,
    private readonly screen: Screen,
  ) {
    if (value !== undefined) this.values = [value];
    this.message = { flags: { has: () => ephemeral } };
  }

  async reply(options: MessageOptions) {
    this.replied = true;
    this.screen.show(options, options.flags !== undefined, this.locale);
  }

  async update(options: Omit<MessageOptions, 'flags'>) {
    this.replied = true;
    this.screen.show(options, this.message?.flags.has(MessageFlags.Ephemeral) === true, this.locale);
  }

  async followUp(options: MessageOptions) {
    this.screen.show(options, options.flags !== undefined, this.locale);
  }
}

/** An autocomplete request typed at the console ("/convention transp??"). */
class ConsoleAutocompleteInteraction implements AutocompleteRequest {
  readonly id = snowflake();
  readonly user = { id: '0' };
  responded = false;
  readonly options: AutocompleteRequest['options'];

  constructor(
    readonly commandName: string,
    readonly locale: string,
    private readonly focused: { option: string; value: string },
    private readonly screen: Screen,
  ) {
    this.options = { getFocused: () => focused.value };
  }

  async respond(choices: APIApplicationCommandOptionChoice<string>[]) {
    this.responded = true;
    this.screen.showChoices(choices, {
      commandName: this.commandName,
      option: this.focused.option,
      locale: this.locale,
    });
  }
}

/** Options of {@link runConsole}. */
export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  palette: Palette;
  context: BotContext;
  commands: readonly Command[];
  /** Prompt and line editing with completion; off when standard input is not a terminal. */
  interactive: boolean;
  /** Discord locale of the simulated user. */
  locale?: string;
}

/**
 * The local console: type a slash command, see the reply the bot would send. Runs the same
 * router and commands as the bot. Resolves when the input ends or the user quits.
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { input, output, palette, context, commands, interactive } = options;
  let locale = options.locale ?? 'fr';
  const screen = new Screen((text) => output.write(text), palette);
  const router: Router = createRouter(commands, context);

  const completer = (line: string): [string[], string] => {
    try {
      const parsed = parseConsoleLine(line, commands);
      const focused =
        [...parsed.options.values()].find((value): value is string => typeof value === 'string') ?? '';
      if (parsed.command.autocomplete === undefined || focused === '') return [[], line];
      const prefix = line.slice(0, line.length - focused.length);
      return [
        context
          .engine()
          .complete(focused)
          .map((choice) => `${prefix}${choice}`),
        line,
      ];
    } catch {
      const names = commands.map((command) => `/${command.data.name} `);
      return [names.filter((name) => name.startsWith(line)), line];
    }
  };
  const lines = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    completer,
  });
  if (interactive) {
    lines.setPrompt(palette.bold('> '));
    lines.prompt();
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (/^\/?(?:quit|quitter|exit)$/iu.test(line)) break;
    if (line === '') {
      if (interactive) lines.prompt();
      continue;
    }
    const language = /^\/?(?:langue|lang|language)\s+(fr|en)$/iu.exec(line)?.[1]?.toLowerCase();
    if (language !== undefined) {
      locale = language === 'en' ? 'en-US' : 'fr';
      screen.write(palette.dim(language === 'en' ? 'Replies in English.\n' : 'Réponses en français.\n'));
    } else {
      if (!interactive) screen.write(`${palette.bold(`> ${line}`)}\n`);
      const number = /^\[?(\d{1,3})\]?$/u.exec(line)?.[1];
      if (number !== undefined) await useControl(Number(number), locale, screen, router);
      else await runLine(line, locale, screen, router, commands);
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}

async function useControl(number: number, locale: string, screen: Screen, router: Router) {
  const control = screen.controls[number - 1];
  if (control === undefined) {
    const english = locale.startsWith('en');
    const message =
      screen.controls.length === 0
        ? english
          ? 'The last message has no buttons or menu.'
          : 'Le dernier message n’a ni bouton ni menu.'
        : english
          ? `No control number ${number} on the last message.`
          : `Pas de bouton numéro ${number} sur le dernier message.`;
    screen.write(`${screen.palette.yellow(message)}\n`);
    return;
  }
  if (control.kind === 'choice') {
    const options = new Map([[control.option, control.value]]);
    await router.command(new ConsoleCommandInteraction(control.commandName, control.locale, options, screen));
    return;
  }
  await router.component(
    new ConsoleComponentInteraction(control.customId, control.value, control.ephemeral, locale, screen),
  );
}

async function runLine(
  line: string,
  locale: string,
  screen: Screen,
  router: Router,
  commands: readonly Command[],
) {
  let parsed: ParsedLine;
  try {
    parsed = parseConsoleLine(line, commands, languageOf(locale));
  } catch (error) {
    if (!(error instanceof ConsoleInputError)) throw error;
    screen.write(`${screen.palette.yellow(error.message)}\n`);
    return;
  }
  const effectiveLocale = parsed.language === 'en' ? 'en-US' : locale;
  const name = parsed.command.data.name;
  if (parsed.autocomplete) {
    const [option, value] = [...parsed.options].find(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ) ?? ['', ''];
    await router.autocomplete(
      new ConsoleAutocompleteInteraction(name, effectiveLocale, { option, value }, screen),
    );
    return;
  }
  await router.command(new ConsoleCommandInteraction(name, effectiveLocale, parsed.options, screen));
}
