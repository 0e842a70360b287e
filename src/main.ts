/**
 * `npm start`: runs the bot when a token is configured; otherwise explains how to configure one
 * and opens the local console, where slash commands can be typed and their replies seen.
 *
 * Modes: `INTERACTIONS_MODE=http` serves the HTTP interactions endpoint (no gateway, no token
 * needed); otherwise the gateway bot, in this process, or through a `ShardingManager` when
 * `SHARD_COUNT` is `auto` or above 1. See the README's "Scale-out" section.
 */
import { commands } from '../commands/index.js';
import { createBotCore } from './bot/core.js';
import { DRAIN_TIMEOUT_MS, startBot } from './bot/start.js';
import {
  type Config,
  ConfigError,
  hasToken,
  isSharded,
  type Mode,
  parseConfig,
  parseScaleOutConfig,
  readEnvironment,
  type ScaleOutConfig,
  wantsHttpInteractions,
} from './config.js';
import { paletteFor } from './console/render.js';
import { runConsole } from './console/session.js';
import { formatProblem } from './data/loader.js';
import { clientHealth, startHealthServer } from './http/health.js';
import { startHttpBot } from './http/start.js';
import { createLogger } from './logger.js';
import { installProcessHandlers, SHUTDOWN_MARGIN_MS, serveUntilSignal } from './process.js';
import { loadSearchEngine } from './search/load.js';
import { startShards } from './shard/manager.js';

const CONSOLE_BANNER = `Aucun DISCORD_TOKEN configuré : le bot ne se connecte pas à Discord.
Pour le connecter : copiez .env.example en .env, renseignez DISCORD_TOKEN et DISCORD_APPLICATION_ID
(Discord Developer Portal), lancez « npm run deploy-commands » puis « npm start ».

Console locale : tapez une commande comme dans Discord, par exemple
  /convention transports        /ministere police        /conventions        /aide
  /convention transp??  (suggestions)   /recharger  (relire les données)
  /langue en  (replies in English)      /quitter
`;

/**
 * A configuration problem, found when reading the environment or when binding a port: said on
 * standard error, exit code 1. Anything else is rethrown.
 */
function configurationFailure(error: unknown): number {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  return 1;
}

async function main(): Promise<number> {
  const environment = readEnvironment();
  const mode: Mode = wantsHttpInteractions(environment) ? 'http' : hasToken(environment) ? 'bot' : 'console';
  let config: Config;
  let scale: ScaleOutConfig;
  try {
    config = parseConfig(environment, mode);
    scale = parseScaleOutConfig(environment);
  } catch (error) {
    return configurationFailure(error);
  }
  const logger = createLogger({
    level: mode === 'console' && config.logLevel === 'info' ? 'warn' : config.logLevel,
    format: config.logFormat,
    secrets: [config.token],
    ...(mode === 'console' ? { destination: process.stderr } : {}),
  });
  let stopBot: (() => Promise<void>) | undefined;
  installProcessHandlers(logger, { beforeExit: () => stopBot?.() ?? Promise.resolve() });

  const loaded = await loadSearchEngine(config.dataPath);
  if (!loaded.ok) {
    for (const problem of loaded.problems) console.error(formatProblem(problem));
    console.error(`The data in ${config.dataPath} is invalid: fix it, then run npm run data:check.`);
    return 1;
  }
  const engine = loaded.value;

  if (mode === 'console') {
    const interactive = process.stdin.isTTY === true;
    if (interactive) process.stdout.write(CONSOLE_BANNER);
    else
      process.stderr.write(
        'Aucun DISCORD_TOKEN : console locale (lecture de l’entrée standard). Pour Discord, mettez DISCORD_TOKEN dans .env (voir README).\n',
      );
    await runConsole({
      input: process.stdin,
      output: process.stdout,
      palette: paletteFor(process.stdout),
      // The bot's own context: /recharger reloads DATA_PATH and swaps the engine as the bot does.
      context: createBotCore({ config, logger, engine, commands }).context,
      commands,
      interactive,
    });
    return 0;
  }

  // Shards and HTTP requests get the grace period, the gateway bot its drain; the whole shutdown
  // a little more.
  const deadlineMs = Math.max(scale.http.shutdownGraceMs, DRAIN_TIMEOUT_MS) + SHUTDOWN_MARGIN_MS;

  if (mode === 'http') {
    let bot: Awaited<ReturnType<typeof startHttpBot>>;
    try {
      bot = await startHttpBot({
        config,
        http: scale.http,
        publicKey: scale.publicKey ?? '',
        logger,
        engine,
        commands,
      });
    } catch (error) {
      return configurationFailure(error);
    }
    stopBot = () => bot.stop();
    await serveUntilSignal(logger, { stop: () => bot.stop(), stopping: 'closing the endpoint', deadlineMs });
    return 0;
  }

  const healthAt =
    scale.http.port === undefined ? undefined : { host: scale.http.host, port: scale.http.port };
  if (isSharded(scale)) {
    let shards: Awaited<ReturnType<typeof startShards>>;
    try {
      shards = await startShards({
        token: config.token ?? '',
        apiUrl: config.apiUrl,
        shardCount: scale.shardCount,
        environment,
        logger,
        shutdownGraceMs: scale.http.shutdownGraceMs,
        ...(healthAt === undefined ? {} : { health: healthAt }),
      });
    } catch (error) {
      logger.fatal({ err: error }, 'the shards could not start');
      return 1;
    }
    stopBot = () => shards.stop();
    await serveUntilSignal(logger, { stop: () => shards.stop(), stopping: 'stopping shards', deadlineMs });
    return 0;
  }

  const bot = await startBot({ config, logger, engine, commands });
  stopBot = () => bot.stop(1000);
  let health: Awaited<ReturnType<typeof startHealthServer>> | undefined;
  try {
    health =
      healthAt === undefined
        ? undefined
        : await startHealthServer({ ...healthAt, logger, report: () => clientHealth(bot.client) });
  } catch (error) {
    await bot.stop(1000);
    return configurationFailure(error);
  }
  await serveUntilSignal(logger, {
    stop: async () => {
      await health?.close();
      await bot.stop();
    },
    stopping: 'closing the gateway',
    deadlineMs,
  });
  return 0;
}

process.exitCode = await main();
