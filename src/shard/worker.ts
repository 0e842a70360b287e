/**
 * What each shard process runs when the gateway is sharded (`SHARD_COUNT` auto or above 1): the
 * same {@link startBot} as a single process. discord.js's `Client` reads `SHARDS` and
 * `SHARD_COUNT` from the environment the `ShardingManager` gave this process, so it identifies as
 * its own shard and receives only its guilds' events. Log lines carry `shard`.
 *
 * @module
 */
import { commands } from '../../commands/index.js';
import { DRAIN_TIMEOUT_MS, startBot } from '../bot/start.js';
import { ConfigError, parseConfig, readEnvironment } from '../config.js';
import { formatProblem } from '../data/loader.js';
import { createLogger } from '../logger.js';
import { installProcessHandlers, SHUTDOWN_MARGIN_MS, serveUntilSignal } from '../process.js';
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
  await serveUntilSignal(logger, {
    stop: () => bot.stop(),
    stopping: 'closing the gateway',
    deadlineMs: DRAIN_TIMEOUT_MS + SHUTDOWN_MARGIN_MS,
    // The manager gone too: do not linger as an orphan holding a gateway session.
    events: ['SIGTERM', 'SIGINT', 'disconnect'],
  });
  return 0;
}

const code = await main();
// The IPC channel to the manager keeps the event loop alive: leave explicitly.
process.exit(code);
