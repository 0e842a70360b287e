/**
 * Builders for the interaction payloads Discord sends in `INTERACTION_CREATE`, shaped like real
 * gateway traffic (guild, channel object, member, locales, permissions, entitlements, integration
 * owners, context) so that discord.js builds the same objects it would in production.
 *
 * Every builder returns a fresh snowflake id and a random token. Pass the fake's
 * {@link PayloadContext} (`fake.context`) so the ids match the application, guild and channel the
 * fake announced on the gateway.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
// Runtime enum values come from discord.js (a declared dependency) which re-exports discord-api-types.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  MessageType,
} from 'discord.js';
import type {
  APIApplicationCommandAutocompleteDMInteraction,
  APIApplicationCommandAutocompleteGuildInteraction,
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataBooleanOption,
  APIApplicationCommandInteractionDataIntegerOption,
  APIApplicationCommandInteractionDataNumberOption,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandInteractionDataStringOption,
  APIApplicationCommandInteractionDataSubcommandOption,
  APIApplicationCommandInteractionDataUserOption,
  APIAuthorizingIntegrationOwnersMap,
  APIBaseInteraction,
  APIChannel,
  APIChatInputApplicationCommandDMInteraction,
  APIChatInputApplicationCommandGuildInteraction,
  APIComponentInMessageActionRow,
  APIInteractionDataResolved,
  APIInteractionDataResolvedGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIMessageComponentSelectMenuInteraction,
  APISelectMenuOption,
  APIUser,
  ChannelFlags,
  GuildMemberFlags,
  Locale,
  LocaleString,
  MessageFlags,
  UserFlags,
} from 'discord-api-types/v10';

/** Discord's epoch (2015-01-01T00:00:00.000Z), the zero of snowflake timestamps. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/**
 * A new, unique snowflake built like Discord's (timestamp << 22 | worker | process | increment), so
 * ids made today have 19 digits and sort by creation time.
 * @param at - creation time encoded in the id (default now); ids for 2015–2017 dates have 17–18 digits.
 */
export function snowflake(at: Date | number = Date.now()): string {
  const ms = BigInt(typeof at === 'number' ? at : at.getTime());
  increment = (increment + 1n) & 0xfffn;
  const worker = 1n;
  const processId = BigInt(process.pid & 0x1f);
  return (((ms - DISCORD_EPOCH) << 22n) | (worker << 17n) | (processId << 12n) | increment).toString();
}

/** A random interaction token (Discord's are ~200 URL-safe characters starting with the base64 of "interaction:"). */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(132).toString('base64url')}`;
}

/** Where an interaction happens; the fake exposes one matching its world as `fake.context`. */
export interface PayloadContext {
  /** Application (and bot user) id. */
  readonly applicationId: string;
  /** Guild the interaction comes from (guild variants). */
  readonly guildId: string;
  /** Text channel the interaction comes from (guild variants). */
  readonly channelId: string;
  /** Name of that channel, copied into the interaction's `channel` object. */
  readonly channelName?: string;
  /** The bot user, author of the messages components sit on. */
  readonly botUser?: APIUser;
}

/** Options shared by every builder. */
export interface BaseInteractionOptions {
  /** Application, guild and channel ids; random ones when omitted (then the fake will not know them). */
  readonly context?: PayloadContext;
  /** Build the DM variant: `user` instead of `member`, a DM channel, no guild. */
  readonly dm?: boolean;
  /** The invoking user (default: a fresh user named "camille"). */
  readonly user?: APIUser;
  /** The invoking user's client locale (default `fr`). */
  readonly locale?: Locale | LocaleString;
  /** The guild's preferred locale (default `fr`; absent in DMs). */
  readonly guildLocale?: Locale | LocaleString;
  /** The bot's permissions in the channel, as a decimal string. */
  readonly appPermissions?: string;
  /** The invoking member's permissions in the channel, as a decimal string. */
  readonly memberPermissions?: string;
  /** Overrides the generated interaction id. */
  readonly id?: string;
  /** Overrides the generated token. */
  readonly token?: string;
}

/** Typical permissions of a bot invited with "Send Messages, Embed Links, Use Slash Commands…". */
const DEFAULT_APP_PERMISSIONS = '2248473465835073';
/** Typical permissions of an ordinary member (no admin bits). */
const DEFAULT_MEMBER_PERMISSIONS = '2222085186637376';
/** Discord's upload limit for non-boosted guilds, sent as `attachment_size_limit`. */
const ATTACHMENT_SIZE_LIMIT = 10_485_760;

/** A user object as Discord sends it for a post-2023 (pomelo) account. */
export function user(overrides: Partial<APIUser> = {}): APIUser {
  const username = overrides.username ?? 'camille';
  return {
    id: snowflake(),
    username,
    discriminator: '0',
    global_name: username.charAt(0).toUpperCase() + username.slice(1),
    avatar: null,
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
    ...overrides,
  };
}

/** The bot user Discord would send for `applicationId` (its id is the application's, as for modern apps). */
export function botUser(applicationId: string, username = 'Conventions'): APIUser {
  return { ...user({ id: applicationId, username }), global_name: null, bot: true, discriminator: '0000' };
}

function randomContext(): PayloadContext {
  return { applicationId: snowflake(), guildId: snowflake(), channelId: snowflake(), channelName: 'général' };
}

function guildMember(invoker: APIUser, permissions: string): APIInteractionGuildMember {
  return {
    user: invoker,
    roles: [],
    premium_since: null,
    permissions,
    pending: false,
    nick: null,
    mute: false,
    joined_at: '2024-03-04T09:12:45.120000+00:00',
    flags: 0 as GuildMemberFlags,
    deaf: false,
    communication_disabled_until: null,
    banner: null,
    avatar: null,
  };
}

type EnvelopeKeys =
  | 'id'
  | 'application_id'
  | 'type'
  | 'token'
  | 'version'
  | 'locale'
  | 'app_permissions'
  | 'entitlements'
  | 'attachment_size_limit'
  | 'authorizing_integration_owners'
  | 'context'
  | 'channel'
  | 'channel_id';
type Base<T extends InteractionType> = APIBaseInteraction<T, unknown>;
/** The fields every guild interaction of type `T` carries, whatever its data. */
type GuildEnvelope<T extends InteractionType> = Required<
  Pick<Base<T>, EnvelopeKeys | 'guild_id' | 'guild' | 'guild_locale' | 'member'>
>;
/** The fields every DM interaction of type `T` carries, whatever its data. */
type DMEnvelope<T extends InteractionType> = Required<Pick<Base<T>, EnvelopeKeys | 'user'>>;

/** The fields every interaction carries, in the guild or DM shape. */
function envelope<T extends InteractionType>(
  options: BaseInteractionOptions,
  type: T,
): GuildEnvelope<T> | DMEnvelope<T> {
  const context = options.context ?? randomContext();
  const invoker = options.user ?? user();
  const locale = (options.locale ?? 'fr') as Locale;
  const id = options.id ?? snowflake();
  const token = options.token ?? interactionToken();
  const common = {
    id,
    application_id: context.applicationId,
    type,
    token,
    version: 1 as const,
    locale,
    app_permissions: options.appPermissions ?? DEFAULT_APP_PERMISSIONS,
    entitlements: [],
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
  if (options.dm) {
    const channelId = snowflake();
    const channel = {
      id: channelId,
      type: ChannelType.DM,
      flags: 0 as ChannelFlags,
      last_message_id: null,
      recipients: [invoker],
    } satisfies Partial<APIChannel> & Pick<APIChannel, 'id' | 'type'>;
    const owners: APIAuthorizingIntegrationOwnersMap = { [ApplicationIntegrationType.GuildInstall]: '0' };
    return {
      ...common,
      user: invoker,
      channel,
      channel_id: channelId,
      context: InteractionContextType.BotDM,
      authorizing_integration_owners: owners,
    };
  }
  const guildLocale = (options.guildLocale ?? 'fr') as Locale;
  // Real payloads carry the bot's `permissions` in the channel, which the channel types do not list.
  const channel = {
    id: context.channelId,
    type: ChannelType.GuildText as const,
    name: context.channelName ?? 'général',
    guild_id: context.guildId,
    flags: 0 as ChannelFlags,
    last_message_id: null,
    nsfw: false,
    parent_id: null,
    permissions: options.appPermissions ?? DEFAULT_APP_PERMISSIONS,
    position: 0,
    rate_limit_per_user: 0,
    topic: null,
  };
  const owners: APIAuthorizingIntegrationOwnersMap = {
    [ApplicationIntegrationType.GuildInstall]: context.guildId,
  };
  return {
    ...common,
    guild_id: context.guildId,
    guild: { id: context.guildId, locale: guildLocale, features: [] },
    guild_locale: guildLocale,
    member: guildMember(invoker, options.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS),
    channel,
    channel_id: context.channelId,
    context: InteractionContextType.Guild,
    authorizing_integration_owners: owners,
  };
}

// ---------------------------------------------------------------------------------------------
// Command options
// ---------------------------------------------------------------------------------------------

/** A user option plus the user it points to; the builder moves the user into `data.resolved`. */
export type UserOptionInput = APIApplicationCommandInteractionDataUserOption & { readonly user: APIUser };

/** What {@link chatInputInteraction} accepts as options: Discord's option objects or {@link userOption}s. */
export type OptionInput =
  | Exclude<APIApplicationCommandInteractionDataOption, APIApplicationCommandInteractionDataSubcommandOption>
  | UserOptionInput
  | SubcommandInput;

/** A subcommand whose options may include {@link userOption}s. */
export interface SubcommandInput {
  readonly type: ApplicationCommandOptionType.Subcommand;
  readonly name: string;
  readonly options: readonly OptionInput[];
}

/** A string option as sent when the user typed `value`. */
export function stringOption(name: string, value: string): APIApplicationCommandInteractionDataStringOption {
  return { type: ApplicationCommandOptionType.String, name, value };
}

/** A boolean option. */
export function booleanOption(
  name: string,
  value: boolean,
): APIApplicationCommandInteractionDataBooleanOption {
  return { type: ApplicationCommandOptionType.Boolean, name, value };
}

/** An integer option. */
export function integerOption(
  name: string,
  value: number,
): APIApplicationCommandInteractionDataIntegerOption {
  return { type: ApplicationCommandOptionType.Integer, name, value };
}

/** A number option. */
export function numberOption(name: string, value: number): APIApplicationCommandInteractionDataNumberOption {
  return { type: ApplicationCommandOptionType.Number, name, value };
}

/** A user option; `data.resolved.users` (and `members` in guilds) will describe `target`. */
export function userOption(name: string, target: APIUser = user({ username: 'dominique' })): UserOptionInput {
  return { type: ApplicationCommandOptionType.User, name, value: target.id, user: target };
}

/** A subcommand holding `options`. */
export function subcommand(name: string, options: readonly OptionInput[] = []): SubcommandInput {
  return { type: ApplicationCommandOptionType.Subcommand, name, options };
}

function resolvedMember(): APIInteractionDataResolvedGuildMember {
  return {
    roles: [],
    premium_since: null,
    permissions: DEFAULT_MEMBER_PERMISSIONS,
    pending: false,
    nick: null,
    joined_at: '2023-11-20T16:02:11.500000+00:00',
    flags: 0 as GuildMemberFlags,
    communication_disabled_until: null,
    avatar: null,
    banner: null,
  };
}

/** Strips the helper-only `user` fields and collects them into `resolved`. */
function resolveOptions(
  inputs: readonly OptionInput[],
  resolved: APIInteractionDataResolved,
  inGuild: boolean,
): APIApplicationCommandInteractionDataOption[] {
  return inputs.map((input): APIApplicationCommandInteractionDataOption => {
    if (input.type === ApplicationCommandOptionType.Subcommand) {
      return {
        type: input.type,
        name: input.name,
        options: resolveOptions(
          input.options,
          resolved,
          inGuild,
        ) as APIApplicationCommandInteractionDataBasicOption[],
      };
    }
    if (input.type === ApplicationCommandOptionType.User && 'user' in input) {
      const { user: target, ...option } = input;
      resolved.users = { ...resolved.users, [target.id]: target };
      if (inGuild) resolved.members = { ...resolved.members, [target.id]: resolvedMember() };
      return option;
    }
    return input;
  });
}

// ---------------------------------------------------------------------------------------------
// Interactions
// ---------------------------------------------------------------------------------------------

/** Options of {@link chatInputInteraction}. */
export interface ChatInputOptions extends BaseInteractionOptions {
  /** The command name, e.g. `recherche`. */
  readonly name: string;
  /** The options the user filled in. */
  readonly options?: readonly OptionInput[];
  /** The registered command's id (default: a fresh snowflake). */
  readonly commandId?: string;
}

/** A slash-command interaction in a guild text channel. */
export function chatInputInteraction(
  options: ChatInputOptions & { dm?: false },
): APIChatInputApplicationCommandGuildInteraction;
/** A slash-command interaction in the bot's DM. */
export function chatInputInteraction(
  options: ChatInputOptions & { dm: true },
): APIChatInputApplicationCommandDMInteraction;
export function chatInputInteraction(
  options: ChatInputOptions,
): APIChatInputApplicationCommandGuildInteraction | APIChatInputApplicationCommandDMInteraction {
  const base = envelope(options, InteractionType.ApplicationCommand);
  const resolved: APIInteractionDataResolved = {};
  const dataOptions = resolveOptions(options.options ?? [], resolved, !options.dm);
  const data = {
    id: options.commandId ?? snowflake(),
    name: options.name,
    type: ApplicationCommandType.ChatInput as const,
    ...(dataOptions.length > 0 ? { options: dataOptions } : {}),
    ...(Object.keys(resolved).length > 0 ? { resolved } : {}),
    ...('guild_id' in base ? { guild_id: base.guild_id } : {}),
  };
  return { ...base, data } as
    | APIChatInputApplicationCommandGuildInteraction
    | APIChatInputApplicationCommandDMInteraction;
}

/** Options of {@link autocompleteInteraction}. */
export interface AutocompleteOptions extends BaseInteractionOptions {
  /** The command being typed. */
  readonly name: string;
  /** The option the cursor is in and what has been typed so far. */
  readonly focused: {
    readonly name: string;
    readonly value: string;
    readonly type?: 'string' | 'integer' | 'number';
  };
  /** Other options already filled in. */
  readonly options?: readonly APIApplicationCommandInteractionDataBasicOption[];
  /** The registered command's id (default: a fresh snowflake). */
  readonly commandId?: string;
}

/** An autocomplete interaction (type 4) whose focused option is `focused`. */
export function autocompleteInteraction(
  options: AutocompleteOptions & { dm?: false },
): APIApplicationCommandAutocompleteGuildInteraction;
/** An autocomplete interaction in the bot's DM. */
export function autocompleteInteraction(
  options: AutocompleteOptions & { dm: true },
): APIApplicationCommandAutocompleteDMInteraction;
export function autocompleteInteraction(
  options: AutocompleteOptions,
): APIApplicationCommandAutocompleteGuildInteraction | APIApplicationCommandAutocompleteDMInteraction {
  const base = envelope(options, InteractionType.ApplicationCommandAutocomplete);
  const { focused } = options;
  // Discord sends what was typed as a string even for numeric options while the user is typing.
  const type =
    focused.type === 'integer'
      ? ApplicationCommandOptionType.Integer
      : focused.type === 'number'
        ? ApplicationCommandOptionType.Number
        : ApplicationCommandOptionType.String;
  const focusedOption = { type, name: focused.name, value: focused.value, focused: true };
  const data = {
    id: options.commandId ?? snowflake(),
    name: options.name,
    type: ApplicationCommandType.ChatInput as const,
    options: [...(options.options ?? []), focusedOption],
    ...('guild_id' in base ? { guild_id: base.guild_id } : {}),
  };
  return { ...base, data } as
    | APIApplicationCommandAutocompleteGuildInteraction
    | APIApplicationCommandAutocompleteDMInteraction;
}

/** Options shared by component interactions. */
export interface ComponentInteractionOptions extends BaseInteractionOptions {
  /** The custom_id of the clicked/used component. */
  readonly customId: string;
  /**
   * The message the component sits on (default: a bot message in the same channel whose single
   * action row holds that component). Its `components` are replaced only when omitted.
   */
  readonly message?: Partial<APIMessage>;
}

function componentMessage(
  base: {
    channel_id: string;
    id: string;
    application_id: string;
    user?: APIUser;
    member?: APIInteractionGuildMember;
  },
  options: ComponentInteractionOptions,
  component: APIComponentInMessageActionRow,
): APIMessage {
  const author = options.context?.botUser ?? botUser(base.application_id);
  const invoker = base.member?.user ?? base.user ?? user();
  const created = new Date(Date.now() - 60_000);
  return {
    id: snowflake(created),
    type: MessageType.ChatInputCommand,
    channel_id: base.channel_id,
    author,
    content: '',
    timestamp: created.toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0 as MessageFlags,
    application_id: base.application_id,
    webhook_id: base.application_id,
    interaction_metadata: {
      id: snowflake(created),
      type: InteractionType.ApplicationCommand,
      user: invoker,
      authorizing_integration_owners: {},
    },
    components: [{ type: ComponentType.ActionRow, id: 1, components: [{ ...component, id: 2 }] }],
    ...options.message,
  };
}

/** Options of {@link buttonInteraction}. */
export interface ButtonInteractionOptions extends ComponentInteractionOptions {
  /** The button's label on the default message. */
  readonly label?: string;
}

/** A click on a button (component type 2) of a bot message. */
export function buttonInteraction(options: ButtonInteractionOptions): APIMessageComponentButtonInteraction {
  const base = envelope(options, InteractionType.MessageComponent);
  const button = {
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    custom_id: options.customId,
    label: options.label ?? 'Suivant',
  };
  return {
    ...base,
    message: componentMessage(base, options, button),
    data: { custom_id: options.customId, component_type: ComponentType.Button },
  } as APIMessageComponentButtonInteraction;
}

/** Options of {@link stringSelectInteraction}. */
export interface StringSelectInteractionOptions extends ComponentInteractionOptions {
  /** The values the user picked. */
  readonly values: readonly string[];
  /** The options offered on the default message (default: one per picked value). */
  readonly options?: readonly APISelectMenuOption[];
}

/** A choice made in a string select menu (component type 3) of a bot message. */
export function stringSelectInteraction(
  options: StringSelectInteractionOptions,
): APIMessageComponentSelectMenuInteraction {
  const base = envelope(options, InteractionType.MessageComponent);
  const select = {
    type: ComponentType.StringSelect as const,
    custom_id: options.customId,
    options: [...(options.options ?? options.values.map((value) => ({ label: value, value })))],
    min_values: 1,
    max_values: 1,
  };
  return {
    ...base,
    message: componentMessage(base, options, select),
    data: {
      custom_id: options.customId,
      component_type: ComponentType.StringSelect,
      values: [...options.values],
    },
  } as APIMessageComponentSelectMenuInteraction;
}
