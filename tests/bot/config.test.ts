import { describe, expect, it } from 'vitest';
import { ConfigError, DISCORD_DEFAULT_API, parseConfig } from '../../src/config.js';
import { problemsOf } from '../support/config-problems.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const APPLICATION_ID = '123456789012345678';

describe('parseConfig', () => {
  it('applies the defaults', () => {
    expect(parseConfig({ DISCORD_TOKEN: TOKEN }, 'bot')).toEqual({
      token: TOKEN,
      applicationId: undefined,
      guildId: undefined,
      apiUrl: DISCORD_DEFAULT_API,
      logLevel: 'info',
      logFormat: 'auto',
      dataPath: 'data',
      cooldown: { commands: 5, windowMs: 10_000 },
    });
  });

  it('reads every variable and trims a trailing slash from the API URL', () => {
    const config = parseConfig(
      {
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APPLICATION_ID,
        DISCORD_GUILD_ID: '987654321098765432',
        DISCORD_API_URL: 'http://127.0.0.1:3000/api/',
        LOG_LEVEL: 'debug',
        LOG_FORMAT: 'json',
        DATA_PATH: '/srv/data',
        COOLDOWN_COMMANDS: '0',
        COOLDOWN_WINDOW_SECONDS: '60',
      },
      'deploy',
    );
    expect(config).toMatchObject({
      apiUrl: 'http://127.0.0.1:3000/api',
      guildId: '987654321098765432',
      cooldown: { commands: 0, windowMs: 60_000 },
    });
  });

  it('needs nothing for the console, and treats empty values as absent', () => {
    expect(parseConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: '  ' }, 'console').token).toBeUndefined();
  });

  it.each([
    [{}, 'bot', ['DISCORD_TOKEN is missing']],
    [{ DISCORD_TOKEN: TOKEN }, 'deploy', ['DISCORD_APPLICATION_ID is missing']],
    [{ DISCORD_TOKEN: 'not-a-token' }, 'bot', ['DISCORD_TOKEN is malformed']],
    [{ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '12ab' }, 'bot', ['DISCORD_GUILD_ID must be a Discord id']],
    [
      { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: 'discord.com' },
      'bot',
      ['DISCORD_API_URL must be an http(s) URL'],
    ],
    [{ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'loud' }, 'bot', ['LOG_LEVEL must be one of']],
    [{ DISCORD_TOKEN: TOKEN, COOLDOWN_COMMANDS: '-1' }, 'bot', ['COOLDOWN_COMMANDS must be a whole number']],
    [
      { DISCORD_APPLICATION_ID: 'x', LOG_FORMAT: 'xml' },
      'deploy',
      ['DISCORD_APPLICATION_ID must be a Discord id', 'LOG_FORMAT must be', 'DISCORD_TOKEN is missing'],
    ],
  ] as const)('reports %j in %s mode by name', (environment, mode, expected) => {
    const problems = problemsOf(environment, mode);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((start, index) => {
      expect(problems[index]).toContain(start);
    });
  });

  it.each([
    [
      { LOG_LEVEL: '', LOG_FORMAT: '' },
      { logLevel: 'info', logFormat: 'auto' },
    ],
    [
      { LOG_LEVEL: 'DEBUG', LOG_FORMAT: 'JSON' },
      { logLevel: 'debug', logFormat: 'json' },
    ],
    [
      { LOG_LEVEL: ' warn ', LOG_FORMAT: 'Pretty' },
      { logLevel: 'warn', logFormat: 'pretty' },
    ],
  ])(
    'reads LOG_LEVEL and LOG_FORMAT as the other variables: empty is the default, any case (%j)',
    (environment, expected) => {
      expect(parseConfig({ DISCORD_TOKEN: TOKEN, ...environment }, 'bot')).toMatchObject(expected);
    },
  );

  it('never quotes the value of a malformed token', () => {
    const secret = 'super-secret-value-that-is-not-a-token';
    const problems = problemsOf({ DISCORD_TOKEN: secret }, 'bot');
    expect(problems.join('\n')).not.toContain(secret);
    expect(new ConfigError(problems).message).not.toContain(secret);
  });
});
