/**
 * `npm start`: runs the bot when a token is configured; otherwise explains how to configure one
 * and opens the local console, where slash commands can be typed and their replies seen.
 */
import { commands } from '../commands/index.js';
import { startBot } from './bot/start.js';
import { type Config, ConfigError, hasToken, parseConfig, readEnvironment } from './config.js';
import { paletteFor } from './console/render.js';
import { runConsole } from './console/session.js';
import { formatProblem } from './data/loader.js';
import { createLogger } from './logger.js';
import { installProcessHandlers } from './process.js';
import { loadSearchEngine } from './search/load.js';

const CONSOLE_BANNER = `Aucun DISCORD_TOKEN configuré : le bot ne se connecte pas à Discord.
Pour le connecter : copiez .env.example en .env, renseignez DISCORD_TOKEN et DISCORD_APPLICATION_ID
(Discord Developer Portal), lancez « npm run deploy-commands » puis « npm start ».

Console locale : tapez une commande comme dans Discord, par exemple
  /convention transports        /ministere police        /conventions        /aide
  /convention transp??  (suggestions)   /langue en  (replies in English)   /quitter
`;

async function main(): Promise<number> {
  const environment = readEnvironment();
  const mode = hasToken(environment) ? 'bot' : 'console';
  let config: Config;
  try {
    config = parseConfig(environment, mode);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
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
    else process.stderr.write('Aucun DISCORD_TOKEN : console locale (lecture de l’entrée standard).\n');
    await runConsole({
      input: process.stdin,
      output: process.stdout,
      palette: paletteFor(process.stdout),
      context: { engine: () => engine, config, logger, commands },
      commands,
      interactive,
    });
    return 0;
  }

  const bot = await startBot({ config, logger, engine, commands });
  stopBot = () => bot.stop(1000);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      bot.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'error while closing the gateway');
        resolve();
      });
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

process.exitCode = await main();
