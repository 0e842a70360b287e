import { isatty } from 'node:tty';
import type { DestinationStream, Logger } from 'pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger };

const CENSOR = '[REDACTED]';

/**
 * `object` with `key` set to `value`: a copy with the same prototype (an error stays an error,
 * with its message and stack), whose properties can all be set whatever the original's were
 * (frozen, or defined read-only as discord.js defines an interaction's token).
 */
function withField(object: object, key: string, value: unknown): Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(object)) as Record<string, unknown>;
  for (const name of Reflect.ownKeys(object)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    if (descriptor === undefined) continue;
    Object.defineProperty(copy, name, {
      ...descriptor,
      configurable: true,
      ...('value' in descriptor ? { writable: true } : {}),
    });
  }
  setField(copy, key, value);
  return copy;
}

/** Sets `key` on an object of our own (a copy), as a plain field a log line shows. */
function setField(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Whether `object` has `key` as an own field that a log line would show. */
function shows(object: object, key: string): boolean {
  return Object.prototype.propertyIsEnumerable.call(object, key);
}

/**
 * `object` with its `token` and its `headers.authorization` censored, or `object` itself when it
 * holds neither. For an object written as JSON by its own `toJSON` (a date, a discord.js
 * structure), what reaches the line is what `toJSON` gives: that is what is censored.
 */
function censorOne(object: Record<string, unknown>): Record<string, unknown> {
  if (typeof object.toJSON === 'function') {
    const json: unknown = object.toJSON();
    if (!isObject(json) || typeof json.toJSON === 'function') return object;
    const censored = censorOne(json);
    return censored === json ? object : censored;
  }
  let result = object;
  if (shows(object, 'token') && object.token !== undefined) result = withField(result, 'token', CENSOR);
  if (!shows(object, 'headers')) return result;
  const headers = object.headers;
  if (!isObject(headers)) return result;
  let censoredHeaders = headers;
  for (const key of ['authorization', 'Authorization']) {
    if (shows(headers, key)) censoredHeaders = withField(censoredHeaders, key, CENSOR);
  }
  return censoredHeaders === headers ? result : withField(result, 'headers', censoredHeaders);
}

/** What stands in a line for a logged object that cannot be read (a revoked proxy, a throwing getter). */
const UNREADABLE = '[unreadable]';

/**
 * The fields of a log line whose values never reach the output: `token` and
 * `headers.authorization`, at the top of the line or in any object logged in it (an error, a
 * request, an interaction, headers); {@link createLogger} applies it to every line and to the
 * bindings of every child logger. Deeper fields are left to the secret scrub of
 * {@link createLogger}. Logged objects are never changed: what holds a secret is copied, the line
 * once. Checked by hand rather than by pino's path redaction, whose wildcards cost more than the
 * rest of a log line put together.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  // pino hands the bindings formatter nothing at all when a logger has no base bindings.
  if (!isObject(fields)) return fields;
  const top = censorOne(fields);
  let result = top;
  for (const key of Object.keys(top)) {
    let value: unknown;
    let censored: unknown;
    try {
      value = top[key];
      censored = isObject(value) ? censorOne(value) : value;
    } catch {
      // Unreadable: nothing of it can reach the line anyway, and the line itself still goes out.
      censored = UNREADABLE;
    }
    if (censored === value) continue;
    if (result === fields) result = withField(fields, key, censored);
    else setField(result, key, censored);
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
  const logger = pino(
    {
      level: options.level,
      formatters: { log: redactFields },
      base: undefined,
      hooks: { streamWrite: scrub },
    },
    destination,
  );
  // pino's bindings formatter reaches the root logger only; a child is created from its parent,
  // so this wrapper, set on the root, censors the bindings of every generation of children.
  // (A child given a log formatter of its own in its options replaces this one for its lines.)
  const child = logger.child;
  logger.child = function childWithoutSecrets(this: Logger, bindings, childOptions) {
    return child.call(this, redactFields(bindings), childOptions);
  } as Logger['child'];
  const setBindings = logger.setBindings;
  logger.setBindings = function setBindingsWithoutSecrets(this: Logger, bindings) {
    setBindings.call(this, redactFields(bindings));
  };
  return logger;
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
