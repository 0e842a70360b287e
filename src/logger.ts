import { isatty } from 'node:tty';
import type { DestinationStream, Logger } from 'pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger };

/** Field paths whose values never reach the output, whatever logs them. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'config.token',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'interaction.token',
];

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: Config['logLevel'];
  format: Config['logFormat'];
  /** Secrets to scrub from every line, wherever they appear (an error message, a URL…). */
  secrets?: readonly (string | undefined)[];
  /**
   * Where lines go; standard output by default, written synchronously.
   * Tests pass a collecting stream.
   */
  destination?: DestinationStream;
}

/**
 * Creates the pino logger: one JSON line per event, or readable lines on a terminal. Secrets are
 * redacted by path and, as a last line of defence, replaced wherever they occur in the output.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter(
    (secret): secret is string => secret !== undefined && secret.length >= 8,
  );
  // Interaction and webhook tokens let anyone answer as the bot for 15 minutes: they travel in
  // URLs (error.url, request paths), so they are cut out of every line, wherever they sit.
  const scrub = (line: string) =>
    secrets
      .reduce((text, secret) => text.split(secret).join('[REDACTED]'), line)
      .replace(/(\/(?:interactions|webhooks)\/\d+\/)[^/?"\s\\]+/gu, '$1[REDACTED]');
  const usePretty =
    // isatty, not process.stdout.isTTY: creating Node's stdout stream turns a pipe on fd 1
    // non-blocking, and the logger's own writes to fd 1 could then be cut short on exit.
    options.format === 'pretty' || (options.format === 'auto' && isatty(1));
  const destination =
    options.destination ??
    (usePretty
      ? pretty({ sync: true, colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' })
      : // sonic-boom writing each line synchronously, as pino does by default. An asynchronous
        // destination was measured: more CPU per line when lines are sparse (one per
        // interaction), no change in latency, and lines lost or cut when the process exits while
        // a write waits on a slow reader. A line written synchronously is out once logged.
        pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      base: undefined,
      hooks: { streamWrite: scrub },
    },
    destination,
  );
}

/** The destination of `logger` (children share their parent's). */
function destinationOf(logger: Logger): { flushSync?(): void } | undefined {
  return (logger as unknown as Record<symbol, { flushSync?(): void } | undefined>)[pino.symbols.streamSym];
}

/**
 * Writes every log line still waiting, blocking until done: for the last moment before the
 * process ends, when the event loop will not run again. Does nothing for a
 * destination without `flushSync` (a test's stream, pino-pretty on a terminal, standard error).
 */
export function flushLogsSync(logger: Logger): void {
  try {
    destinationOf(logger)?.flushSync?.();
  } catch {
    // The destination is closed or broken (EPIPE): there is nowhere left to write.
  }
}

/**
 * Waits for the log lines on their way to be written (at most `timeoutMs`), then writes the rest
 * synchronously: every line logged so far is out, in order, when it resolves. Never rejects.
 */
export async function flushLogs(logger: Logger, timeoutMs = 1000): Promise<void> {
  await new Promise<void>((resolve) => {
    // Not unref'd: the process waits for its lines rather than ending half-way.
    const timer = setTimeout(resolve, timeoutMs);
    try {
      logger.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
  flushLogsSync(logger);
}
