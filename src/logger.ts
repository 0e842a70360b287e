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
   * Where lines go; standard output by default, written asynchronously (see {@link asyncStdout}).
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
    options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true);
  const destination =
    options.destination ??
    (usePretty
      ? pretty({ sync: true, colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' })
      : asyncStdout());
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

/** A destination that can say when its lines are written, and write them at once. */
interface FlushableDestination extends DestinationStream {
  /** Calls back once every line handed over so far has been written. */
  flush(callback: (error?: Error) => void): void;
  /** Writes every line still waiting, blocking until done. */
  flushSync(): void;
}

/**
 * Standard output through pino's asynchronous destination (sonic-boom, `sync: false`): a line is
 * handed to libuv's thread pool, so a log line never blocks an interaction on a slow or full pipe.
 * Nothing is lost on the way out: pino writes what is left synchronously on `exit` (however the
 * process exits, `process.exit()` included), Node drains the thread pool before exiting, and the
 * process handlers (src/process.ts) call {@link flushLogs} before exiting on an uncaught
 * exception or a signal. sonic-boom's own `flush(cb)` calls back at once when it does not buffer
 * (`minLength` 0), so this wrapper tracks the write on its way itself: sonic-boom emits `drain`
 * each time it has nothing left to write.
 */
function asyncStdout(): FlushableDestination {
  const stream = pino.destination({ dest: 1, sync: false });
  let writing = false;
  const waiting: Array<(error?: Error) => void> = [];
  stream.on('drain', () => {
    writing = false;
    for (const callback of waiting.splice(0)) callback();
  });
  return {
    write(line: string) {
      writing = true;
      stream.write(line);
    },
    flush(callback) {
      if (writing) waiting.push(callback);
      else callback();
    },
    flushSync() {
      stream.flushSync();
    },
  };
}

/** The destination of `logger` (children share their parent's). */
function destinationOf(logger: Logger): Partial<FlushableDestination> | undefined {
  return (logger as unknown as Record<symbol, Partial<FlushableDestination> | undefined>)[
    pino.symbols.streamSym
  ];
}

/**
 * Writes every log line still waiting, blocking until done: for the last moment before the
 * process ends, when the event loop will not run again. A line whose asynchronous write is already
 * on its way is left to it (Node finishes the thread pool's work before exiting), so it may come
 * out after the lines written here; {@link flushLogs} keeps the order. Does nothing for a
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
