import { REST } from 'discord.js';
import { createBotCore } from '../bot/core.js';
import type { Reloader } from '../bot/reload.js';
import type { BotContext, Command } from '../bot/types.js';
import type { Config, ScaleOutConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/engine.js';
import { createInteractionsServer, type InteractionsServer } from './server.js';

/** A running HTTP interactions endpoint. */
export interface RunningHttpBot {
  server: InteractionsServer;
  context: BotContext;
  reloader: Reloader;
  /** `http://host:port` the endpoint listens on; Discord calls `${url}/interactions`. */
  url: string;
  /** Graceful shutdown: finishes the interactions in flight, then stops watching the data. */
  stop(): Promise<void>;
}

/** What {@link startHttpBot} needs. */
export interface HttpStartOptions {
  config: Pick<Config, 'apiUrl' | 'dataPath' | 'cooldown'>;
  /** The endpoint's settings; `port` undefined means 8080. */
  http: ScaleOutConfig['http'];
  /** The application's public key (64 hex characters). */
  publicKey: string;
  logger: Logger;
  engine: SearchEngine;
  commands: readonly Command[];
  /** Reload the data when its files change (default true). */
  watchData?: boolean;
  /** Clock for the signature timestamp check (tests). */
  now?: () => number;
}

/** Port of the endpoint when `PORT` is unset. */
export const DEFAULT_HTTP_PORT = 8080;

/**
 * Starts the HTTP interactions endpoint with the same router and commands as the gateway bot. No
 * gateway connection and no bot token: answers after the HTTP one use the interaction's webhook.
 * Resolves once listening.
 */
export async function startHttpBot(options: HttpStartOptions): Promise<RunningHttpBot> {
  const { config, logger, commands, http } = options;
  const { context, reloader, router } = createBotCore({ config, logger, engine: options.engine, commands });
  const rest = new REST({ api: config.apiUrl, version: '10' });
  rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, retryAfterMs: info.retryAfter, global: info.global },
      'REST rate limited',
    ),
  );
  const server = createInteractionsServer({
    publicKey: options.publicKey,
    router,
    rest,
    logger,
    bodyLimitBytes: http.bodyLimitBytes,
    requestTimeoutMs: http.requestTimeoutMs,
    deferAfterMs: http.deferAfterMs,
    shutdownGraceMs: http.shutdownGraceMs,
    ...(options.now === undefined ? {} : { now: options.now }),
    health: () => ({ conventions: context.engine().conventions.length }),
  });
  await server.listen(http.port ?? DEFAULT_HTTP_PORT, http.host);
  const stopWatching = options.watchData === false ? () => undefined : reloader.watch();
  logger.info({ url: `${server.url}/interactions`, commands: commands.length }, 'http interactions ready');
  return {
    server,
    context,
    reloader,
    url: server.url,
    async stop() {
      await server.close();
      stopWatching();
    },
  };
}
