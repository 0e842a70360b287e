import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/engine.js';
import { createCooldown } from './cooldown.js';
import { warnIfHeapIsTight } from './heap.js';
import { createReloader, type Reloader, type ReloadResult } from './reload.js';
import { createRouter, type Router } from './router.js';
import type { BotContext, Command } from './types.js';

/** What every way of receiving interactions shares: the swappable engine, the context, the router. */
export interface BotCore {
  context: BotContext;
  reloader: Reloader;
  router: Router;
}

/**
 * Wires the engine holder, the data reloader and the router with its cooldown. The gateway bot and
 * the HTTP endpoint both start from this, so they answer the same way.
 */
export function createBotCore(options: {
  config: Pick<Config, 'dataPath' | 'cooldown'>;
  logger: Logger;
  engine: SearchEngine;
  commands: readonly Command[];
  /**
   * Called after `/recharger` reloaded this process's data, with the result: a shard tells the
   * other shards to reload too (the file watcher reloads each process on its own).
   */
  afterReloadRequest?: (result: ReloadResult) => void;
}): BotCore {
  const { config, logger, commands } = options;
  let engine = options.engine;
  const reloader = createReloader({
    dataPath: config.dataPath,
    logger,
    current: () => engine,
    swap: (next) => {
      engine = next;
      warnIfHeapIsTight(logger);
    },
  });
  warnIfHeapIsTight(logger);
  const reloadData = async () => {
    const result = await reloader.reload();
    options.afterReloadRequest?.(result);
    return result;
  };
  const context: BotContext = { engine: () => engine, config, logger, commands, reloadData };
  // Cooldowns live in each process: several copies each allow COOLDOWN_COMMANDS.
  const router = createRouter(commands, context, { cooldown: createCooldown(config.cooldown) });
  return { context, reloader, router };
}
