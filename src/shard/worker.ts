/**
 * What each shard process runs when the gateway is sharded (`SHARD_COUNT` auto or above 1): the
 * same {@link startBot} as a single process. discord.js's `Client` reads `SHARDS` and
 * `SHARD_COUNT` from the environment the `ShardingManager` gave this process, so it identifies as
 * its own shard and receives only its guilds' events. Log lines carry `shard`.
 *
 * @module
 */
import { commands } from '../../commands/index.js';
import { startBot } from '../bot/start.js';
import { ConfigError, parseConfig, readEnvironment } from '../config.js';
import { formatProblem } from '../data/loader.js';
import { createLogger } from '../logger.js';
import { installProcessHandlers } from '../process.js';
import { loadSearchEngine } from '../search/load.js';
import { isReloadDataMessage, reloadDataMessage } from './messages.js';

async function main(): Promise<number> {
  const environment = readEnvironment();
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(environment, 'bot');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const shard = Number(environment.SHARDS ?? 0);
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    secrets: [config.token],
  }).child({ shard });
  let stopBot: (() => Promise<void>) | undefined;
  installProcessHandlers(logger, { beforeExit: () => stopBot?.() ?? Promise.resolve() });

  const loaded = await loadSearchEngine(config.dataPath);
  if (!loaded.ok) {
    for (const problem of loaded.problems) console.error(formatProblem(problem));
    return 1;
  }
  const bot = await startBot({
    config,
    logger,
    engine: loaded.value,
    commands,
    // `/recharger` reaches one shard: the manager passes the news on to the others.
    afterReloadRequest: (result) => {
      if (result.ok) process.send?.(reloadDataMessage(shard));
    },
  });
  stopBot = () => bot.stop(1000);
  process.on('message', (message: unknown) => {
    if (!isReloadDataMessage(message)) return;
    logger.info({ fromShard: message.fromShard }, 'reloading the data: another shard was asked to');
    bot.reloader.reload().catch((error: unknown) => logger.error({ err: error }, 'data reload failed'));
  });
  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (reason: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ reason }, 'shard shutting down');
      bot.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'error while closing the gateway');
        resolve();
      });
    };
    // `on`, not `once`: a second signal mid-shutdown must find a listener that ignores it.
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
    // The manager is gone: do not linger as an orphan holding a gateway session.
    process.once('disconnect', () => shutdown('manager gone'));
  });
  return 0;
}

const code = await main();
// The IPC channel to the manager keeps the event loop alive: leave explicitly.
process.exit(code);
