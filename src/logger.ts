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
  /** Where lines go; standard output by default. Tests pass a collecting stream. */
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
      : pino.destination({ sync: true }));
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
