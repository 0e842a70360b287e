import { flushLogs, type Logger } from './logger.js';

/** Options of {@link installProcessHandlers}. */
export interface ProcessHandlerOptions {
  /** Called once before exiting on an uncaught exception, e.g. to close the gateway. */
  beforeExit?: () => Promise<void>;
  /** How long `beforeExit` may take. */
  exitTimeoutMs?: number;
  /** Ends the process; tests pass their own. */
  exit?: (code: number) => void;
}

/** How long the log lines on their way may take to be written before the process ends anyway. */
const FLUSH_TIMEOUT_MS = 1000;

/**
 * Failures outside any interaction. A rejected promise nobody awaited is logged and the bot goes
 * on: it concerns one piece of work. An uncaught exception leaves the process in an unknown
 * state, so it is logged, the gateway is closed, the log lines are written out, and the process
 * exits 1 for its supervisor to restart it, rather than lingering half-dead.
 *
 * No log line may be left behind on the way out (src/logger.ts): besides the uncaught
 * exception, a SIGINT or SIGTERM nobody else listens for (before the bot has
 * installed its shutdown, say) writes the lines out, then ends the process by that signal as Node
 * would have. When the bot listens for the signal, its shutdown runs and the lines are written
 * when the process exits (pino does it on `exit`).
 */
export function installProcessHandlers(logger: Logger, options: ProcessHandlerOptions = {}): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let exiting = false;
  process.on('unhandledRejection', (reason) => {
    // The process goes on: the line is written like any other.
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: exiting');
    if (exiting) return;
    exiting = true;
    const timeout = new Promise<void>((resolve) =>
      setTimeout(resolve, options.exitTimeoutMs ?? 3000).unref(),
    );
    void Promise.race([options.beforeExit?.().catch(() => undefined), timeout])
      .then(() => flushLogs(logger, FLUSH_TIMEOUT_MS))
      .finally(() => exit(1));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    let raising = false;
    const onSignal = () => {
      // Someone else handles the signal (the bot's shutdown): leave it to them.
      if (raising || process.listenerCount(signal) > 1) return;
      raising = true;
      void flushLogs(logger, FLUSH_TIMEOUT_MS).finally(() => {
        process.removeListener(signal, onSignal);
        // Without listeners Node restores the default action, so the process ends by the signal;
        // whoever started listening in the meantime gets it instead. The signal lands
        // asynchronously: keep the event loop alive until it does.
        setTimeout(() => undefined, 1000);
        process.kill(process.pid, signal);
      });
    };
    process.on(signal, onSignal);
  }
}
