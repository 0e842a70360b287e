import { createReloader, type Reloader } from '../../src/bot/reload.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { collectingLogger } from './fakes.js';

/**
 * A reloader over a data directory that starts from `engine` and swaps into `state.current`, as
 * the bot core does, with the lines it logs.
 */
export function reloaderOver(
  directory: string,
  engine: SearchEngine,
): { reloader: Reloader; state: { current: SearchEngine }; lines: Array<Record<string, unknown>> } {
  const { logger, lines } = collectingLogger();
  const state = { current: engine };
  const reloader = createReloader({
    dataPath: directory,
    logger,
    current: () => state.current,
    swap: (next) => {
      state.current = next;
    },
  });
  return { reloader, state, lines };
}
