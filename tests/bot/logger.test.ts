import { describe, expect, it, vi } from 'vitest';
import { collectingLogger } from '../support/fakes.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('createLogger', () => {
  it('redacts secrets by path', () => {
    const { logger, raw } = collectingLogger();
    logger.info(
      { token: TOKEN, headers: { authorization: `Bot ${TOKEN}` }, config: { token: TOKEN } },
      'hello',
    );
    expect(raw.join('')).not.toContain(TOKEN);
    expect(raw.join('')).toContain('[REDACTED]');
  });

  it.each<[string, Record<string, unknown>]>([
    ['a token field', { token: TOKEN }],
    ['the token of any logged object', { interaction: { id: '1', token: TOKEN } }],
    ['request headers', { headers: { authorization: `Bot ${TOKEN}` } }],
    ['request headers written with a capital', { headers: { Authorization: `Bot ${TOKEN}` } }],
    [
      'the headers of any logged object',
      { req: { method: 'POST', headers: { authorization: `Bot ${TOKEN}` } } },
    ],
    ['a token carried by an error', { err: Object.assign(new Error('boom'), { token: TOKEN }) }],
  ])('censors %s without a list of secrets to scrub', (_, fields) => {
    const { logger, lines, raw } = collectingLogger();
    logger.info(fields, 'event');
    expect(raw.join('')).not.toContain(TOKEN);
    expect(raw.join('')).toContain('[REDACTED]');
    expect(lines).toHaveLength(1);
  });

  it.each<[string, () => Record<string, unknown>]>([
    ['a frozen object', () => ({ config: Object.freeze({ token: TOKEN, level: 'info' }) })],
    [
      'frozen request headers',
      () => ({ req: { headers: Object.freeze({ authorization: `Bot ${TOKEN}` }) } }),
    ],
    [
      'a token defined as discord.js defines it (not enumerable, not configurable)',
      () => {
        const interaction = { id: '1' };
        Object.defineProperty(interaction, 'token', { value: TOKEN });
        return { interaction };
      },
    ],
    [
      'a writable token that cannot be reconfigured',
      () => {
        const client = { id: '2' };
        Object.defineProperty(client, 'token', { value: TOKEN, writable: true, enumerable: true });
        return { client };
      },
    ],
    ['a frozen line', () => Object.freeze({ token: TOKEN })],
    ['a token inside top-level headers', () => ({ headers: { token: TOKEN } })],
    ['an object written by its own toJSON', () => ({ thing: { toJSON: () => ({ id: 1, token: TOKEN }) } })],
  ])('censors %s, and logging it never throws', (_, fields) => {
    const { logger, lines, raw } = collectingLogger();
    expect(() => logger.info(fields(), 'event')).not.toThrow();
    expect(lines).toHaveLength(1);
    expect(raw.join('')).not.toContain(TOKEN);
  });

  it('writes the line when a logged object cannot be read, with a placeholder for it', () => {
    const { logger, lines } = collectingLogger();
    const unreadable = {
      get token(): string {
        throw new Error('not readable');
      },
    };
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => logger.info({ unreadable, proxy, command: 'convention' }, 'event')).not.toThrow();
    expect(lines).toEqual([expect.objectContaining({ msg: 'event', command: 'convention' })]);
  });

  it('leaves an object that says how it is written as JSON to say so (a date)', () => {
    const { logger, raw } = collectingLogger();
    logger.info({ when: Object.assign(new Date(0), { token: TOKEN }) }, 'event');
    expect(raw.join('')).toContain('"when":"1970-01-01T00:00:00.000Z"');
    expect(raw.join('')).not.toContain(TOKEN);
  });

  it('copies a line once however many of its objects hold a secret', () => {
    const { logger, raw } = collectingLogger();
    const fields = Object.fromEntries(
      Array.from({ length: 100 }, (_, index) => [`k${index}`, { token: TOKEN }]),
    );
    const create = vi.spyOn(Object, 'create');
    try {
      logger.info(fields, 'event');
      // One copy of each object that holds a token, and one of the line.
      expect(create.mock.calls.length).toBeLessThanOrEqual(101);
    } finally {
      create.mockRestore();
    }
    expect(raw.join('')).not.toContain(TOKEN);
    expect(raw.join('').match(/\[REDACTED\]/gu)).toHaveLength(100);
  });

  it('censors the fields bound to a child logger', () => {
    const { logger, raw } = collectingLogger();
    logger.child({ token: TOKEN, interaction: { token: TOKEN } }).info('event');
    logger
      .child({ shard: 0 })
      .child({ req: { headers: { authorization: `Bot ${TOKEN}` } } })
      .info('event');
    const later = logger.child({ shard: 1 });
    later.setBindings({ token: TOKEN });
    later.info('event');
    expect(raw).toHaveLength(3);
    expect(raw.join('')).not.toContain(TOKEN);
  });

  it('keeps the rest of a censored error, and leaves the logged objects as they were', () => {
    const { logger, lines } = collectingLogger();
    const error = Object.assign(new Error('boom'), { token: TOKEN, code: 50001 });
    const headers = { authorization: `Bot ${TOKEN}`, accept: 'application/json' };
    logger.error({ err: error, req: { headers } }, 'failed');
    expect(lines[0]).toMatchObject({
      err: { type: 'Error', message: 'boom', code: 50001, token: '[REDACTED]' },
      req: { headers: { authorization: '[REDACTED]', accept: 'application/json' } },
    });
    expect((lines[0]?.err as { stack?: string } | undefined)?.stack).toContain('boom');
    expect(error.token).toBe(TOKEN);
    expect(headers.authorization).toBe(`Bot ${TOKEN}`);
  });

  it('scrubs a known secret wherever it appears, even inside an error message or stack', () => {
    const { logger, raw } = collectingLogger([TOKEN]);
    const error = new Error(`request to https://example.org/?token=${TOKEN} failed`);
    logger.error({ err: error, url: `/webhooks/1/${TOKEN}` }, `failed with ${TOKEN}`);
    expect(raw.join('')).not.toContain(TOKEN);
  });

  it('scrubs interaction and webhook tokens from URLs in any field', () => {
    const { logger, raw } = collectingLogger();
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';
    const error = Object.assign(new Error('Unknown interaction'), {
      url: `https://discord.com/api/v10/interactions/1234567890123456789/${token}/callback`,
    });
    logger.error({ err: error, path: `/webhooks/123456789012345678/${token}/messages/@original` }, 'failed');
    expect(raw.join('')).not.toContain(token);
  });

  it('writes one JSON line per event', () => {
    const { logger, lines } = collectingLogger();
    logger.info({ command: 'convention' }, 'command answered');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'command answered', command: 'convention' }),
    ]);
  });
});
