import type { Client } from 'discord.js';
import { Events } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/engine.js';
import { createClient, routeInteractions } from './client.js';
import { createCooldown } from './cooldown.js';
import { createReloader, type Reloader } from './reload.js';
import { createRouter } from './router.js';
import type { BotContext, Command } from './types.js';

/** A running bot. */
export interface RunningBot {
  client: Client;
  context: BotContext;
  reloader: Reloader;
  /** Closes the gateway connection and stops watching the data. */
  stop(): Promise<void>;
}

/** What {@link startBot} needs. */
export interface StartOptions {
  config: Pick<Config, 'token' | 'apiUrl' | 'dataPath' | 'cooldown'>;
  logger: Logger;
  engine: SearchEngine;
  commands: readonly Command[];
  /** Reload the data when its files change (default true). */
  watchData?: boolean;
}

/** Logs in and answers interactions until stopped. Resolves once the client is ready. */
export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger, commands } = options;
  if (config.token === undefined)
    throw new Error('startBot needs a token; without one, use the local console');
  let engine = options.engine;
  const reloader = createReloader({
    dataPath: config.dataPath,
    logger,
    current: () => engine,
    swap: (next) => {
      engine = next;
    },
  });
  const context: BotContext = { engine: () => engine, config, logger, commands, reloadData: reloader.reload };
  const client = createClient({ apiUrl: config.apiUrl });
  const router = createRouter(commands, context, { cooldown: createCooldown(config.cooldown) });
  routeInteractions(client, router, logger);
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
    async stop() {
      stopWatching();
      await client.destroy();
      logger.info('gateway connection closed');
    },
  };
}
