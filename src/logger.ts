import { isatty } from 'node:tty';
import type { DestinationStream, Logger } from 'pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger };

const CENSOR = '[REDACTED]';

/** `object` with `key` censored: a copy with the same prototype, so an error stays an error. */
function censored(object: object, key: string): object {
  const copy = Object.create(Object.getPrototypeOf(object), Object.getOwnPropertyDescriptors(object));
  Object.defineProperty(copy, key, { value: CENSOR, enumerable: true, writable: true, configurable: true });
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** `headers` with its authorization censored, or as it is when it has none. */
function withoutAuthorization(headers: unknown): unknown {
  if (!isObject(headers)) return headers;
  let result: object = headers;
  for (const key of ['authorization', 'Authorization']) {
    if (Object.hasOwn(headers, key)) result = censored(result, key);
  }
  return result;
}

/**
 * The fields of a log line whose values never reach the output, whatever logs them: `token` and
 * `headers.authorization`, at the top of the line or in any object logged in it (an error, a
 * request, an interaction). Logged objects are never changed: what holds a secret is copied.
 * Checked by hand rather than by pino's path redaction, whose wildcards cost more than the rest
 * of a log line put together.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  let result = fields;
  const set = (key: string, value: unknown) => {
    if (result === fields) result = censored(fields, key) as Record<string, unknown>;
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    if (key === 'token' && value !== undefined) {
      set(key, CENSOR);
      continue;
    }
    if (key === 'headers') {
      const headers = withoutAuthorization(value);
      if (headers !== value) set(key, headers);
      continue;
    }
    if (!isObject(value)) continue;
    let inner: object = value;
    if (Object.hasOwn(value, 'token') && value.token !== undefined) inner = censored(inner, 'token');
    const headers = withoutAuthorization(value.headers);
    if (headers !== value.headers) inner = Object.assign(censored(inner, 'headers'), { headers });
    if (inner !== value) set(key, inner);
  }
  return result;
}

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
 * censored by field ({@link redactFields}) and, as a last line of defence, replaced wherever they
 * occur in the output.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter(
    (secret): secret is string => secret !== undefined && secret.length >= 8,
  );
  // Interaction and webhook tokens let anyone answer as the bot for 15 minutes: they travel in
  // URLs (error.url, request paths), so they are cut out of every line, wherever they sit.
  // Each test is a plain substring search first: the replacements run only on the rare line
  // that holds something to replace.
  const scrub = (line: string) => {
    let text = line;
    for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join(CENSOR);
    return text.includes('/interactions/') || text.includes('/webhooks/')
      ? text.replace(/(\/(?:interactions|webhooks)\/\d+\/)[^/?"\s\\]+/gu, `$1${CENSOR}`)
      : text;
  };
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
      formatters: { log: redactFields },
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
