import { existsSync } from 'node:fs';
import dotenv from 'dotenv';
import { z } from 'zod';

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
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional()
    .default('info'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'], { error: 'LOG_FORMAT must be auto, json or pretty' })
    .optional()
    .default('auto'),
  DATA_PATH: optionalString.transform((value) => value ?? 'data'),
  /** Commands a user may run per window; 0 turns cooldowns off. */
  COOLDOWN_COMMANDS: positiveInteger('COOLDOWN_COMMANDS', 5, 1000),
  COOLDOWN_WINDOW_SECONDS: positiveInteger('COOLDOWN_WINDOW_SECONDS', 10, 86_400),
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

/** What a run needs: the bot needs a token, deployment also the application id, the console nothing. */
export type Mode = 'bot' | 'deploy' | 'console';

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
  if (mode !== 'console' && !present('DISCORD_TOKEN')) {
    problems.push(
      'DISCORD_TOKEN is missing: create a bot in the Discord Developer Portal and copy its token',
    );
  }
  if (mode === 'deploy' && !present('DISCORD_APPLICATION_ID')) {
    problems.push(
      'DISCORD_APPLICATION_ID is missing: copy the Application ID from the Developer Portal, General Information',
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
