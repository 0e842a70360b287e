import path from 'node:path';
import type { APIApplicationCommandOptionChoice } from 'discord.js';
import type {
  AutocompleteRequest,
  BotContext,
  Command,
  MessageOptions,
  SlashInteraction,
} from '../../src/bot/types.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { loadSearchEngine } from '../../src/search/load.js';

/** A log destination that keeps every line as parsed JSON. */
export function collectingLogger(secrets: string[] = []): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  raw: string[];
} {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const logger = createLogger({
    level: 'debug',
    format: 'json',
    secrets,
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { logger, lines, raw };
}

/** A call the fake interaction received. */
export type FakeCall =
  | { method: 'reply' | 'followUp'; options: MessageOptions }
  | { method: 'editReply'; options: Omit<MessageOptions, 'flags'> }
  | { method: 'deferReply'; options: { flags?: number } | undefined };

/**
 * A slash-command interaction for unit tests, typed by the same interface the real discord.js
 * interaction satisfies: a method renamed there breaks the compile of `src/bot/types.ts`.
 */
export class FakeSlashInteraction implements SlashInteraction {
  readonly id = '1234567890123456789';
  readonly user = { id: '223456789012345678', username: 'camille' };
  replied = false;
  deferred = false;
  readonly calls: FakeCall[] = [];
  readonly options: SlashInteraction['options'];
  /** Makes the next calls fail with this error, e.g. Discord's 10062. */
  failWith: unknown;

  constructor(
    readonly commandName: string,
    values: Record<string, string | boolean> = {},
    readonly locale = 'fr',
  ) {
    this.options = {
      getString: (name) => (typeof values[name] === 'string' ? (values[name] as string) : null),
      getBoolean: (name) => (typeof values[name] === 'boolean' ? (values[name] as boolean) : null),
      getUser: (name) =>
        typeof values[name] === 'string' && /^\d+$/u.test(values[name] as string)
          ? { id: values[name] as string }
          : null,
    };
  }

  private record(call: FakeCall) {
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    this.calls.push(call);
    return Promise.resolve();
  }

  reply(options: MessageOptions) {
    this.replied = true;
    return this.record({ method: 'reply', options });
  }

  deferReply(options?: { flags?: number }) {
    this.deferred = true;
    return this.record({ method: 'deferReply', options });
  }

  editReply(options: Omit<MessageOptions, 'flags'>) {
    this.replied = true;
    return this.record({ method: 'editReply', options });
  }

  followUp(options: MessageOptions) {
    return this.record({ method: 'followUp', options });
  }
}

/** An autocomplete request for unit tests. */
export class FakeAutocomplete implements AutocompleteRequest {
  readonly id = '1334567890123456789';
  readonly user = { id: '223456789012345678' };
  responded = false;
  choices: APIApplicationCommandOptionChoice<string>[] | undefined;
  readonly options: AutocompleteRequest['options'];

  constructor(
    readonly commandName: string,
    focused: string,
    readonly locale = 'fr',
  ) {
    this.options = { getFocused: () => focused };
  }

  async respond(choices: APIApplicationCommandOptionChoice<string>[]) {
    this.responded = true;
    this.choices = choices;
  }
}

/** The search engine over the committed data. */
export async function realEngine(): Promise<SearchEngine> {
  const loaded = await loadSearchEngine(path.resolve(import.meta.dirname, '../../data'));
  if (!loaded.ok) throw new Error(`invalid data: ${JSON.stringify(loaded.problems)}`);
  return loaded.value;
}

/** A context for commands with the real engine and a collecting logger. */
export function contextFor(engine: SearchEngine, logger: Logger, commands: readonly Command[]): BotContext {
  return { engine: () => engine, config: { dataPath: 'data' }, logger, commands };
}
