import { Client, Events, Options } from 'discord.js';
import type { Logger } from '../logger.js';
import type { InteractionCallbacks } from './callbacks.js';
import { GatewayAutocomplete, GatewayCommand, GatewayControl } from './gateway.js';
import type { Router } from './router.js';

/**
 * Outgoing embeds, components and choices as the bot built them. They are API objects already
 * (`APIEmbed`, `APIActionRowComponent`, typed so), so discord.js's default transformer, which
 * copies them key by key into snake_case, would only make an identical copy of every reply.
 */
const asBuilt = <T>(data: T): T => data;

/**
 * A discord.js client for this bot whose memory does not grow with its servers or its users: no
 * intents (interactions need none; the Guilds intent would cache every server's channels, roles
 * and emojis, about 60 kB a server, and filled the heap of a bot in 2 000 servers), no users or
 * members kept from interactions; no mention parsing by default, replies sent as built, and a
 * configurable REST base (a rate-limit proxy, or a fake Discord in tests). The servers are still
 * known, from READY: their count is in the health report.
 */
export function createClient(options: { apiUrl: string }): Client {
  return new Client({
    intents: [],
    // Each interaction carries its user and member; cached, every member who ever typed a command
    // would stay in memory for good. The bot's own user stays: discord.js needs it.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
    rest: { api: options.apiUrl },
    allowedMentions: { parse: [] },
    jsonTransformer: asBuilt,
  });
}

/** The interactions being answered, so a shutdown can let them finish. */
export interface InFlight {
  readonly size: number;
  /** Resolves true once every interaction in flight is answered, false if `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean>;
}

/**
 * Sends every interaction the client receives to the router, and tracks them until answered.
 * First answers are posted through `callbacks`.
 */
export function routeInteractions(
  client: Client,
  router: Router,
  logger: Logger,
  callbacks: InteractionCallbacks,
): InFlight {
  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    // The router never rejects; the catch is only there so tracking cannot leak a rejection.
    void work.catch(() => undefined).finally(() => pending.delete(work));
  };
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) track(router.command(new GatewayCommand(interaction, callbacks)));
    else if (interaction.isAutocomplete())
      track(router.autocomplete(new GatewayAutocomplete(interaction, callbacks)));
    else if (interaction.isButton() || interaction.isStringSelectMenu())
      track(router.component(new GatewayControl(interaction, callbacks)));
    else
      logger.debug({ interactionId: interaction.id, type: interaction.type }, 'interaction type not handled');
  });
  return {
    get size() {
      return pending.size;
    },
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...pending]),
          new Promise((resolve) => {
            timer = setTimeout(resolve, left);
          }),
        ]);
        clearTimeout(timer);
      }
      return true;
    },
  };
}
