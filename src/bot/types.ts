import type {
  APIActionRowComponent,
  APIApplicationCommandOptionChoice,
  APIComponentInMessageActionRow,
  APIEmbed,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageFlags,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/engine.js';
import type { ControlState } from './custom-id.js';
import type { ReloadResult } from './reload.js';

/** The message options the bot sends: a subset of what discord.js's `reply` accepts. */
export interface MessageOptions {
  content?: string;
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  allowedMentions: { parse: []; users?: string[]; repliedUser?: false };
  flags?: MessageFlags.Ephemeral;
}

/**
 * The part of a slash-command interaction the commands use. A discord.js
 * `ChatInputCommandInteraction` is one (checked below at compile time), and so is the local
 * console's; commands therefore do not depend on how an interaction arrived.
 */
export interface SlashInteraction {
  readonly id: string;
  readonly commandName: string;
  readonly locale: string;
  readonly user: { readonly id: string; readonly username: string };
  readonly replied: boolean;
  readonly deferred: boolean;
  readonly options: {
    getString(name: string): string | null;
    getBoolean(name: string): boolean | null;
    getUser(name: string): { readonly id: string } | null;
  };
  reply(options: MessageOptions): Promise<unknown>;
  deferReply(options?: { flags?: MessageFlags.Ephemeral }): Promise<unknown>;
  editReply(options: Omit<MessageOptions, 'flags'>): Promise<unknown>;
  followUp(options: MessageOptions): Promise<unknown>;
}

/** The part of an autocomplete interaction the commands use. */
export interface AutocompleteRequest {
  readonly id: string;
  readonly commandName: string;
  readonly locale: string;
  readonly user: { readonly id: string };
  readonly responded: boolean;
  readonly options: { getFocused(): string };
  respond(choices: APIApplicationCommandOptionChoice<string>[]): Promise<unknown>;
}

/** The part of a button or select-menu interaction the commands use. */
export interface ComponentRequest {
  readonly id: string;
  readonly customId: string;
  readonly locale: string;
  readonly user: { readonly id: string; readonly username: string };
  readonly replied: boolean;
  readonly deferred: boolean;
  /** The chosen values, for a select menu. */
  readonly values?: readonly string[];
  /** The message the control is on; its flags tell whether it is private. */
  readonly message?: { readonly flags: { has(flag: MessageFlags.Ephemeral): boolean } };
  reply(options: MessageOptions): Promise<unknown>;
  /** Replaces the message the control is on. */
  update(options: Omit<MessageOptions, 'flags'>): Promise<unknown>;
  followUp(options: MessageOptions): Promise<unknown>;
}

// Compile-time proof that the real discord.js interactions fit these shapes: renaming or
// retyping a method in discord.js breaks the build here, not at run time.
type Fits<Real, Narrow> = Real extends Narrow ? true : false;
const chatInputFits: Fits<ChatInputCommandInteraction, SlashInteraction> = true;
const autocompleteFits: Fits<AutocompleteInteraction, AutocompleteRequest> = true;
const buttonFits: Fits<ButtonInteraction, ComponentRequest> = true;
const selectFits: Fits<StringSelectMenuInteraction, ComponentRequest> = true;
void [chatInputFits, autocompleteFits, buttonFits, selectFits];

/** What a command tells the router about its answer, for the interaction's log line. */
export interface CommandOutcome {
  /** Number of results shown; 0 flags a query worth adding to the thesaurus. */
  results?: number;
  /** The query as the user typed it. */
  query?: string;
}

/** Everything a command may use, passed in rather than imported, so tests can provide their own. */
export interface BotContext {
  /** The current search engine; a data reload swaps it atomically. */
  engine(): SearchEngine;
  config: Pick<Config, 'dataPath'>;
  logger: Logger;
  /** The registered commands, for `/aide`. */
  commands: readonly Pick<Command, 'data' | 'help'>[];
  /** Reloads `data/` and swaps the engine when valid; absent where reloading makes no sense. */
  reloadData?(): Promise<ReloadResult>;
}

/** One slash command: its registration data, its handler and, optionally, its autocomplete. */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** One example per language, for `/aide`. */
  help: { fr: { example: string; description: string }; en: { example: string; description: string } };
  execute(interaction: SlashInteraction, context: BotContext): Promise<CommandOutcome | undefined>;
  autocomplete?(interaction: AutocompleteRequest, context: BotContext): Promise<void>;
  /** Handles the buttons and menus of this command's answers, decoded from their custom_id. */
  component?(
    interaction: ComponentRequest,
    state: ControlState,
    context: BotContext,
  ): Promise<CommandOutcome | undefined>;
}
