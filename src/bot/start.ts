import type { Client } from 'discord.js';
import { Events } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/engine.js';
import { InteractionCallbacks } from './callbacks.js';
import { createClient, routeInteractions } from './client.js';
import { createBotCore } from './core.js';
import type { Reloader, ReloadResult } from './reload.js';
import type { BotContext, Command } from './types.js';

/** A running bot. */
export interface RunningBot {
  client: Client;
  context: BotContext;
  reloader: Reloader;
  /** Lets the interactions in flight finish (for at most `drainMs`), then closes the gateway. */
  stop(drainMs?: number): Promise<void>;
}

/** How long a shutdown waits for the interactions in flight: Discord's own 3 s window, plus margin. */
export const DRAIN_TIMEOUT_MS = 5000;

/** What {@link startBot} needs. */
export interface StartOptions {
  config: Pick<Config, 'token' | 'apiUrl' | 'dataPath' | 'cooldown'>;
  logger: Logger;
  engine: SearchEngine;
  commands: readonly Command[];
  /** Reload the data when its files change (default true). */
  watchData?: boolean;
  /** See {@link createBotCore}: what to do once `/recharger` reloaded this process. */
  afterReloadRequest?: (result: ReloadResult) => void;
}

/** Logs in and answers interactions until stopped. Resolves once the client is ready. */
export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger, commands } = options;
  if (config.token === undefined)
    throw new Error('startBot needs a token; without one, use the local console');
  const { context, reloader, router } = createBotCore({
    config,
    logger,
    engine: options.engine,
    commands,
    afterReloadRequest: options.afterReloadRequest,
  });
  const client = createClient({ apiUrl: config.apiUrl });
  const callbacks = InteractionCallbacks.forClient(client);
  const inFlight = routeInteractions(client, router, logger, callbacks);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.token);
  await ready;
  const stopWatching = options.watchData === false ? () => undefined : reloader.watch();
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot ready');
  return {
    client,
    context,
    reloader,
    async stop(drainMs = DRAIN_TIMEOUT_MS) {
      stopWatching();
      // Answer what is in flight before closing: the gateway is still open, so REST calls go out.
      const pending = inFlight.size;
      const drained = await inFlight.drain(drainMs);
      if (pending > 0)
        logger.info(
          { pending, drained },
          drained ? 'answered the interactions in flight' : 'gave up waiting for interactions in flight',
        );
      try {
        await client.destroy();
      } finally {
        await callbacks.close();
      }
      logger.info('gateway connection closed');
    },
  };
}
