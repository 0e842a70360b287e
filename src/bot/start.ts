import type { Client } from 'discord.js';
import { Events } from 'discord.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/engine.js';
import { createClient, routeInteractions } from './client.js';
import { createRouter } from './router.js';
import type { BotContext, Command } from './types.js';

/** A running bot. */
export interface RunningBot {
  client: Client;
  context: BotContext;
  /** Swaps the search engine in one assignment: interactions see the old one or the new one. */
  replaceEngine(next: SearchEngine): void;
  /** Closes the gateway connection. */
  stop(): Promise<void>;
}

/** What {@link startBot} needs. */
export interface StartOptions {
  config: Pick<Config, 'token' | 'apiUrl' | 'dataPath'>;
  logger: Logger;
  engine: SearchEngine;
  commands: readonly Command[];
}

/** Logs in and answers interactions until stopped. Resolves once the client is ready. */
export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, logger, commands } = options;
  if (config.token === undefined)
    throw new Error('startBot needs a token; without one, use the local console');
  let engine = options.engine;
  const context: BotContext = { engine: () => engine, config, logger, commands };
  const client = createClient({ apiUrl: config.apiUrl });
  routeInteractions(client, createRouter(commands, context), logger);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.token);
  await ready;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot ready');
  return {
    client,
    context,
    replaceEngine(next) {
      engine = next;
    },
    async stop() {
      await client.destroy();
      logger.info('gateway connection closed');
    },
  };
}
