import { flushLogs, flushLogsSync, type Logger } from './logger.js';

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

/** Options of {@link serveUntilSignal}. */
export interface ServeOptions {
  /** Stops what runs (answers what is in flight, closes connections); called once. */
  stop: () => Promise<void>;
  /** What stopping does, for the line logged if it fails ("closing the gateway"). */
  stopping: string;
  /**
   * From the first signal, how long stopping may take. Past it the process logs why and exits 1:
   * a shutdown stuck on a connection that never closes must not keep the process alive, and once
   * the first signal is handled a second one no longer ends it.
   */
  deadlineMs: number;
  /** Where SIGINT and SIGTERM come from: the process by default; tests pass an emitter. */
  signals?: Pick<NodeJS.EventEmitter, 'on'>;
  /**
   * The events that start the shutdown (default SIGINT and SIGTERM); a shard process adds
   * `disconnect`, its manager being gone.
   */
  events?: readonly string[];
  /** Ends the process; tests pass their own. */
  exit?: (code: number) => void;
}

/** Beyond a grace period, what the last steps of a shutdown (closing connections) may take. */
export const SHUTDOWN_MARGIN_MS = 5000;

/**
 * Runs until the first SIGINT or SIGTERM (or other `events`), then stops within the deadline. The listeners stay: a
 * second signal (Ctrl+C twice, or the terminal's and npm's) is logged and must not end the
 * process half-way through the shutdown, which it would with nobody listening any more.
 */
export async function serveUntilSignal(logger: Logger, options: ServeOptions): Promise<void> {
  const signals = options.signals ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) {
        logger.info({ signal }, 'already shutting down');
        return;
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    for (const event of options.events ?? ['SIGINT', 'SIGTERM']) signals.on(event, () => shutdown(event));
  });
  const deadline = setTimeout(() => {
    logger.error({ deadlineMs: options.deadlineMs }, `shutdown took too long (${options.stopping}): exiting`);
    flushLogsSync(logger);
    exit(1);
  }, options.deadlineMs);
  // The deadline only bounds the shutdown: it must not be what keeps the process alive.
  deadline.unref();
  try {
    await options.stop();
  } catch (error) {
    logger.error({ err: error }, `error while ${options.stopping}`);
  } finally {
    clearTimeout(deadline);
  }
}
