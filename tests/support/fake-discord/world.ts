/**
 * The objects the fake Discord serves: its application and bot user, the guilds it announces on the
 * gateway (with channels, roles and the bot's member) and the messages it stores for interactions.
 * Shapes follow what Discord sends today, limited to what discord.js reads plus the usual extras.
 *
 * @module
 */

import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildVerificationLevel,
  type InteractionType,
  MessageType,
} from 'discord.js';
import type {
  APIApplication,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  ApplicationFlags,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  MessageFlags,
  RoleFlags,
} from 'discord-api-types/v10';
import { botUser, snowflake } from '../payloads.js';

/** What a test can say about one guild the bot is in. */
export interface FakeGuildOptions {
  /** Guild id (default: a fresh snowflake). */
  readonly id?: string;
  /** Guild name (default "Politique de la ville"). */
  readonly name?: string;
  /** Guild preferred locale (default `fr`). */
  readonly preferredLocale?: Locale | `${Locale}`;
  /** Names of the text channels, the first one being where interactions come from by default. */
  readonly textChannels?: readonly string[];
}

/** A guild as the fake knows it: the `GUILD_CREATE` payload plus handy ids. */
export interface FakeGuild {
  /** Guild id. */
  readonly id: string;
  /** Guild name. */
  readonly name: string;
  /** Ids of its text channels, in the order given in {@link FakeGuildOptions.textChannels}. */
  readonly textChannelIds: readonly string[];
  /** The full `GUILD_CREATE` data sent to the shard that owns the guild. */
  readonly payload: GatewayGuildCreateDispatchData;
}

/** `ApplicationFlags`: GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE, as for a young bot. */
const APPLICATION_FLAGS = ((1 << 19) | (1 << 23)) as ApplicationFlags;
/** Permissions of the @everyone role in a fresh guild. */
const EVERYONE_PERMISSIONS = '2222085186637376';
/** Permissions the bot's managed role gets from its invite link. */
const BOT_ROLE_PERMISSIONS = '2248473465835073';

/** The application object of `GET /applications/@me`. */
export function applicationObject(id: string, bot: APIUser, owner: APIUser): APIApplication {
  return {
    id,
    name: bot.username,
    icon: null,
    description: 'Recherche dans les conventions interministérielles (test)',
    summary: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: 'f3b2c1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2',
    flags: APPLICATION_FLAGS,
    owner,
    team: null,
    bot,
    hook: true,
    is_monetized: false,
    is_verified: false,
    is_discoverable: false,
    redirect_uris: [],
    interactions_endpoint_url: null,
    event_webhooks_url: null,
    event_webhooks_status: 1,
    approximate_guild_count: 1,
    integration_types_config: { 0: {} },
  } as unknown as APIApplication;
}

/** The application part of READY. */
export function readyApplication(id: string): { id: string; flags: ApplicationFlags } {
  return { id, flags: APPLICATION_FLAGS };
}

function role(id: string, name: string, permissions: string, position: number, botId?: string): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: botId !== undefined,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...(botId !== undefined ? { tags: { bot_id: botId } } : {}),
  };
}

/** Builds a guild with a category, its text channels, @everyone and the bot's managed role. */
export function buildGuild(options: FakeGuildOptions, bot: APIUser, ownerId: string): FakeGuild {
  const id = options.id ?? snowflake(new Date('2023-05-02T10:00:00Z'));
  const name = options.name ?? 'Politique de la ville';
  const locale = (options.preferredLocale ?? 'fr') as Locale;
  const categoryId = snowflake();
  const botRoleId = snowflake();
  const names = options.textChannels ?? ['général'];
  const textChannelIds = names.map(() => snowflake());
  const category = {
    id: categoryId,
    type: ChannelType.GuildCategory as const,
    name: 'Salons textuels',
    guild_id: id,
    position: 0,
    flags: 0 as ChannelFlags,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
  };
  const texts = names.map((channelName, index) => ({
    id: textChannelIds[index] ?? snowflake(),
    type: ChannelType.GuildText as const,
    name: channelName,
    guild_id: id,
    position: index,
    flags: 0 as ChannelFlags,
    permission_overwrites: [],
    parent_id: categoryId,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    default_thread_rate_limit_per_user: 0,
  }));
  const joinedAt = new Date('2024-01-15T08:30:00Z').toISOString();
  const botMember: APIGuildMember = {
    user: bot,
    roles: [botRoleId],
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    joined_at: joinedAt,
    deaf: false,
    mute: false,
    pending: false,
    flags: 0 as GuildMemberFlags,
    communication_disabled_until: null,
  };
  const payload = {
    id,
    name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: ownerId,
    region: 'europe',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.Low,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.AllMembers,
    roles: [
      role(id, '@everyone', EVERYONE_PERMISSIONS, 0),
      role(botRoleId, bot.username, BOT_ROLE_PERMISSIONS, 1, bot.id),
    ],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: textChannelIds[0] ?? null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    // Gateway-only fields of GUILD_CREATE.
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: 12,
    voice_states: [],
    members: [botMember],
    channels: [category, ...texts],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
  return { id, name, textChannelIds, payload };
}

/** The bot user of an application (modern bots share the application's id). */
export function makeBotUser(applicationId: string, username: string): APIUser {
  return {
    ...botUser(applicationId, username),
    verified: true,
    mfa_enabled: false,
    email: null,
    flags: 0 as never,
  };
}

/** What a message-creating or -editing body may set on a stored message. */
export interface MessageFields {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  flags?: unknown;
  attachments?: unknown;
  tts?: unknown;
  poll?: unknown;
}

/** Discord stores embeds from requests as rich embeds and echoes them with `type: 'rich'`. */
function storedEmbeds(embeds: unknown): APIEmbed[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((embed) => ({ type: 'rich', ...(embed as APIEmbed) }) as APIEmbed);
}

/** A message the bot's application posted through an interaction (reply, deferred reply or follow-up). */
export function interactionMessage(options: {
  channelId: string;
  applicationId: string;
  author: APIUser;
  body: MessageFields | undefined;
  interaction: { id: string; type: InteractionType; user: APIUser; owners: Record<string, string> };
  type?: MessageType;
  extraFlags?: number;
}): APIMessage {
  const { body } = options;
  const flags = (typeof body?.flags === 'number' ? body.flags : 0) | (options.extraFlags ?? 0);
  return {
    id: snowflake(),
    type: options.type ?? MessageType.ChatInputCommand,
    channel_id: options.channelId,
    author: options.author,
    content: typeof body?.content === 'string' ? body.content : '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: body?.tts === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: storedEmbeds(body?.embeds),
    components: Array.isArray(body?.components) ? (body.components as APIMessage['components']) : [],
    pinned: false,
    flags: flags as MessageFlags,
    application_id: options.applicationId,
    webhook_id: options.applicationId,
    interaction_metadata: {
      id: options.interaction.id,
      type: options.interaction.type,
      user: options.interaction.user,
      authorizing_integration_owners: options.interaction.owners,
    },
  } as APIMessage;
}

/** Applies a PATCH body to a stored message the way Discord does: only the fields present change. */
export function editMessage(
  message: APIMessage,
  body: MessageFields | undefined,
  clearFlags = 0,
): APIMessage {
  const next: APIMessage = { ...message, edited_timestamp: new Date().toISOString() };
  if (body && 'content' in body) next.content = typeof body.content === 'string' ? body.content : '';
  if (body && 'embeds' in body) next.embeds = storedEmbeds(body.embeds);
  if (body && 'components' in body) {
    next.components = Array.isArray(body.components) ? (body.components as APIMessage['components']) : [];
  }
  let flags = (message.flags ?? 0) & ~clearFlags;
  if (body && typeof body.flags === 'number') flags |= body.flags;
  next.flags = flags as MessageFlags;
  return next;
}
