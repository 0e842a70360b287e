import { describe, expect, it } from 'vitest';
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
