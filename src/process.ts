import type { Logger } from './logger.js';

/** Options of {@link installProcessHandlers}. */
export interface ProcessHandlerOptions {
  /** Called once before exiting on an uncaught exception, e.g. to close the gateway. */
  beforeExit?: () => Promise<void>;
  /** How long `beforeExit` may take. */
  exitTimeoutMs?: number;
  /** Ends the process; tests pass their own. */
  exit?: (code: number) => void;
}

/**
 * Failures outside any interaction. A rejected promise nobody awaited is logged and the bot goes
 * on: it concerns one piece of work. An uncaught exception leaves the process in an unknown
 * state, so it is logged, the gateway is closed, and the process exits 1 for its supervisor to
 * restart it, rather than lingering half-dead.
 */
export function installProcessHandlers(logger: Logger, options: ProcessHandlerOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let exiting = false;
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: exiting');
    if (exiting) return;
    exiting = true;
    const timeout = new Promise<void>((resolve) =>
      setTimeout(resolve, options.exitTimeoutMs ?? 3000).unref(),
    );
    void Promise.race([options.beforeExit?.().catch(() => undefined), timeout]).finally(() => exit(1));
  });
}
