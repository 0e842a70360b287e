import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';
import { DISCORD_LIMITS } from './discord/limits.js';
import { acceptsForgeries } from './http/signature.js';

/** Discord's own REST base, as discord.js's `rest.api` option takes it. */
export const DISCORD_DEFAULT_API = 'https://discord.com/api';

const SNOWFLAKE = /^\d{17,20}$/u;
/** Bot tokens are three base64url parts separated by dots. */
const TOKEN_SHAPE = /^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/u;

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** One of `values`, in any case; unset or empty is `fallback`, as for every other variable. */
function choice<const T extends string>(name: string, values: readonly [T, ...T[]], fallback: T) {
  const list =
    values.length > 3
      ? `one of ${values.join(', ')}`
      : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
  return optionalString
    .transform((value) => value?.toLowerCase())
    .refine((value) => value === undefined || (values as readonly string[]).includes(value), {
      message: `${name} must be ${list}`,
    })
    .transform((value): T => (value === undefined ? fallback : (value as T)));
}

const snowflake = (name: string) =>
  optionalString.refine((value) => value === undefined || SNOWFLAKE.test(value), {
    message: `${name} must be a Discord id (a snowflake of 17 to 20 digits)`,
  });

const positiveInteger = (name: string, fallback: number, max: number) =>
  optionalString
    .refine((value) => value === undefined || (/^\d+$/u.test(value) && Number(value) <= max), {
      message: `${name} must be a whole number from 0 to ${max}`,
    })
    .transform((value) => (value === undefined ? fallback : Number(value)));

const integerBetween = (name: string, fallback: number, min: number, max: number, unit = '') =>
  optionalString
    .refine(
      (value) =>
        value === undefined || (/^\d+$/u.test(value) && Number(value) >= min && Number(value) <= max),
      { message: `${name} must be a whole number from ${min} to ${max}${unit}` },
    )
    .transform((value) => (value === undefined ? fallback : Number(value)));

/** Discord's Public Key: 32 bytes of Ed25519 key, shown as 64 hexadecimal characters. */
const PUBLIC_KEY_SHAPE = /^[0-9a-f]{64}$/iu;

/** Time kept for the deferral itself to reach Discord before its deadline. */
const DEFER_MARGIN_MS = 100;

/** Defaults of the HTTP interactions endpoint; see {@link ScaleOutConfig}. */
export const HTTP_DEFAULTS = {
  host: '0.0.0.0',
  port: 8080,
  bodyLimitBytes: 262_144,
  requestTimeoutMs: 5000,
  deferAfterMs: 2500,
  shutdownGraceMs: 10_000,
} as const;

/**
 * Every environment variable the bot reads, validated once. Nothing else in the project reads
 * `process.env`. Messages never quote a value: the token must not leak through an error.
 */
export const EnvironmentSchema = z.object({
  DISCORD_TOKEN: optionalString.refine((value) => value === undefined || TOKEN_SHAPE.test(value), {
    message:
      'DISCORD_TOKEN is malformed: a bot token has three dot-separated parts (copy it again from the Developer Portal, Bot tab)',
  }),
  DISCORD_APPLICATION_ID: snowflake('DISCORD_APPLICATION_ID'),
  DISCORD_GUILD_ID: snowflake('DISCORD_GUILD_ID'),
  DISCORD_API_URL: optionalString
    .refine((value) => value === undefined || /^https?:\/\/[^\s/]+(?:\/\S*)?$/u.test(value), {
      message: 'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api',
    })
    .transform((value) => (value ?? DISCORD_DEFAULT_API).replace(/\/+$/u, '')),
  LOG_LEVEL: choice('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  LOG_FORMAT: choice('LOG_FORMAT', ['auto', 'json', 'pretty'], 'auto'),
  DATA_PATH: optionalString.transform((value) => value ?? 'data'),
  /** Commands a user may run per window; 0 turns cooldowns off. */
  COOLDOWN_COMMANDS: positiveInteger('COOLDOWN_COMMANDS', 5, 1000),
  COOLDOWN_WINDOW_SECONDS: positiveInteger('COOLDOWN_WINDOW_SECONDS', 10, 86_400),
  /** `gateway` (default): one WebSocket connection per shard; `http`: Discord POSTs each interaction. */
  INTERACTIONS_MODE: optionalString
    .transform((value) => value?.toLowerCase())
    .refine((value) => value === undefined || value === 'gateway' || value === 'http', {
      message: 'INTERACTIONS_MODE must be gateway or http',
    })
    .transform((value): 'gateway' | 'http' => (value === 'http' ? 'http' : 'gateway')),
  DISCORD_PUBLIC_KEY: optionalString
    .refine((value) => value === undefined || PUBLIC_KEY_SHAPE.test(value), {
      message:
        'DISCORD_PUBLIC_KEY must be the 64 hexadecimal characters of the Public Key (Developer Portal, General Information)',
    })
    .refine((value) => value === undefined || !acceptsForgeries(value), {
      message:
        'DISCORD_PUBLIC_KEY cannot be an application’s key: it would accept forged signatures (copy the Public Key again from the Developer Portal, General Information)',
    }),
  HTTP_HOST: optionalString.transform((value) => value ?? HTTP_DEFAULTS.host),
  /** Port of the interactions endpoint (http mode, default 8080) or of the health endpoint (gateway mode, off when unset). */
  PORT: optionalString.refine(
    (value) => value === undefined || (/^\d+$/u.test(value) && Number(value) <= 65_535),
    { message: 'PORT must be a whole number from 0 to 65535' },
  ),
  HTTP_BODY_LIMIT_BYTES: integerBetween(
    'HTTP_BODY_LIMIT_BYTES',
    HTTP_DEFAULTS.bodyLimitBytes,
    1024,
    10_485_760,
    ' bytes',
  ),
  HTTP_REQUEST_TIMEOUT_SECONDS: integerBetween(
    'HTTP_REQUEST_TIMEOUT_SECONDS',
    HTTP_DEFAULTS.requestTimeoutMs / 1000,
    1,
    300,
  ),
  /** Discord waits 3 s for the HTTP answer: past this, a command is deferred and finished through REST. */
  HTTP_DEFER_AFTER_MS: integerBetween(
    'HTTP_DEFER_AFTER_MS',
    HTTP_DEFAULTS.deferAfterMs,
    100,
    DISCORD_LIMITS.interactionResponseMs - DEFER_MARGIN_MS,
  ),
  SHUTDOWN_GRACE_SECONDS: integerBetween(
    'SHUTDOWN_GRACE_SECONDS',
    HTTP_DEFAULTS.shutdownGraceMs / 1000,
    0,
    600,
  ),
  /** Gateway shards: 1 (default), a number, or `auto` for Discord's recommendation. */
  SHARD_COUNT: optionalString
    .refine(
      (value) =>
        value === undefined ||
        value.toLowerCase() === 'auto' ||
        (/^\d+$/u.test(value) && Number(value) >= 1 && Number(value) <= 1024),
      { message: 'SHARD_COUNT must be auto or a whole number from 1 to 1024' },
    )
    .transform((value): 'auto' | number =>
      value === undefined ? 1 : value.toLowerCase() === 'auto' ? 'auto' : Number(value),
    ),
});

/** The bot's configuration, derived from the validated environment. */
export interface Config {
  token: string | undefined;
  applicationId: string | undefined;
  guildId: string | undefined;
  apiUrl: string;
  logLevel: z.infer<typeof EnvironmentSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof EnvironmentSchema>['LOG_FORMAT'];
  dataPath: string;
  cooldown: { commands: number; windowMs: number };
}

/**
 * How the bot scales out: the interactions mode, the HTTP endpoint's limits and the gateway's
 * shard count. Kept apart from {@link Config} so that what every mode needs stays small.
 */
export interface ScaleOutConfig {
  /** `gateway`: a WebSocket connection per shard; `http`: Discord POSTs every interaction to us. */
  interactionsMode: 'gateway' | 'http';
  /** The application's Ed25519 public key (hex), which signs every HTTP interaction. */
  publicKey: string | undefined;
  http: {
    host: string;
    /** Unset: 8080 in http mode; no health endpoint in gateway mode. */
    port: number | undefined;
    /** Larger bodies are refused with 413 before any of it is read. */
    bodyLimitBytes: number;
    /** Time a client has to send its whole request; slower ones get 408. */
    requestTimeoutMs: number;
    /** After this, a command that has not answered is deferred (type 5) and finished through REST. */
    deferAfterMs: number;
    /** How long a shutdown waits for interactions in flight. */
    shutdownGraceMs: number;
  };
  /** Gateway shards: 1 runs in this process; more, or `auto`, start a `ShardingManager`. */
  shardCount: 'auto' | number;
}

/**
 * What a run needs: the bot needs a token, deployment also the application id, the console
 * nothing, the HTTP interactions endpoint the public key (and no token).
 */
export type Mode = 'bot' | 'deploy' | 'console' | 'http';

/** Every problem at once, so one edit of `.env` fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates an environment for a mode. Pure: pass `process.env` merged with `.env` (see
 * {@link readEnvironment}), or any record in tests.
 *
 * @throws {ConfigError} listing every malformed variable and every missing one the mode needs.
 */
export function parseConfig(environment: Readonly<Record<string, string | undefined>>, mode: Mode): Config {
  const parsed = EnvironmentSchema.safeParse(environment);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  const env = parsed.success ? parsed.data : undefined;
  const present = (name: string) => (environment[name] ?? '').trim() !== '';
  if ((mode === 'bot' || mode === 'deploy') && !present('DISCORD_TOKEN')) {
    problems.push(
      'DISCORD_TOKEN is missing: create a bot in the Discord Developer Portal and copy its token',
    );
  }
  if (mode === 'deploy' && !present('DISCORD_APPLICATION_ID')) {
    problems.push(
      'DISCORD_APPLICATION_ID is missing: copy the Application ID from the Developer Portal, General Information',
    );
  }
  if (mode === 'http' && !present('DISCORD_PUBLIC_KEY')) {
    problems.push(
      'DISCORD_PUBLIC_KEY is missing: INTERACTIONS_MODE=http needs the Public Key from the Developer Portal, General Information',
    );
  }
  // Read on its own: every problem is listed at once, this one with the others.
  const shards = EnvironmentSchema.shape.SHARD_COUNT.safeParse(environment.SHARD_COUNT);
  if (mode === 'http' && shards.success && shards.data !== 1) {
    problems.push(
      'SHARD_COUNT applies to the gateway mode only: in http mode, run more copies behind a load balancer instead',
    );
  }
  if (problems.length > 0 || env === undefined) throw new ConfigError(problems);
  return {
    token: env.DISCORD_TOKEN,
    applicationId: env.DISCORD_APPLICATION_ID,
    guildId: env.DISCORD_GUILD_ID,
    apiUrl: env.DISCORD_API_URL,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    dataPath: env.DATA_PATH,
    cooldown: { commands: env.COOLDOWN_COMMANDS, windowMs: env.COOLDOWN_WINDOW_SECONDS * 1000 },
  };
}

/**
 * The scale-out settings of an environment already accepted by {@link parseConfig} (which reports
 * their problems together with every other one).
 *
 * @throws {ConfigError} when a scale-out variable is malformed.
 */
export function parseScaleOutConfig(
  environment: Readonly<Record<string, string | undefined>>,
): ScaleOutConfig {
  const parsed = EnvironmentSchema.safeParse(environment);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message));
  const env = parsed.data;
  return {
    interactionsMode: env.INTERACTIONS_MODE,
    publicKey: env.DISCORD_PUBLIC_KEY?.toLowerCase(),
    http: {
      host: env.HTTP_HOST,
      port: env.PORT === undefined ? undefined : Number(env.PORT),
      bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      deferAfterMs: env.HTTP_DEFER_AFTER_MS,
      shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    },
    shardCount: env.SHARD_COUNT,
  };
}

/**
 * Whether the environment asks for the HTTP interactions endpoint (`INTERACTIONS_MODE=http`), read
 * before validation to choose the {@link Mode}; a malformed value is reported by {@link parseConfig}.
 */
export function wantsHttpInteractions(environment: Readonly<Record<string, string | undefined>>): boolean {
  return (environment.INTERACTIONS_MODE ?? '').trim().toLowerCase() === 'http';
}

/** Whether the gateway should run through a `ShardingManager`: `SHARD_COUNT` is `auto` or above 1. */
export function isSharded(scale: Pick<ScaleOutConfig, 'shardCount'>): boolean {
  return scale.shardCount === 'auto' || scale.shardCount > 1;
}

/**
 * The process environment with `.env` underneath it (real environment variables win, as dotenv
 * does by default). `process.env` itself is left untouched.
 */
export function readEnvironment(envFile = '.env'): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...process.env };
  if (existsSync(envFile))
    dotenv.config({ path: envFile, processEnv: merged as Record<string, string>, quiet: true });
  return merged;
}

/** Whether the environment has a token at all: without one, `npm start` opens the local console. */
export function hasToken(environment: Readonly<Record<string, string | undefined>>): boolean {
  return (environment.DISCORD_TOKEN ?? '').trim() !== '';
}
