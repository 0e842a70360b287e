/** The scale-out variables: defaults, parsing, and the problems reported by name. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HTTP_DEFAULTS, isSharded, parseScaleOutConfig, wantsHttpInteractions } from '../../src/config.js';
import {
  isFresh,
  publicKeyFromHex,
  ReplayGuard,
  readSignatureHeaders,
  verifySignature,
} from '../../src/http/signature.js';
import { problemsOf } from '../support/config-problems.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const KEY = 'a'.repeat(64);

describe('scale-out configuration', () => {
  it('defaults to one gateway process, without health endpoint', () => {
    expect(parseScaleOutConfig({})).toEqual({
      interactionsMode: 'gateway',
      publicKey: undefined,
      http: { ...HTTP_DEFAULTS, port: undefined },
      shardCount: 1,
    });
    expect(isSharded({ shardCount: 1 })).toBe(false);
  });

  it('reads every variable', () => {
    const scale = parseScaleOutConfig({
      INTERACTIONS_MODE: 'HTTP',
      DISCORD_PUBLIC_KEY: KEY.toUpperCase(),
      HTTP_HOST: '127.0.0.1',
      PORT: '3000',
      HTTP_BODY_LIMIT_BYTES: '65536',
      HTTP_REQUEST_TIMEOUT_SECONDS: '2',
      HTTP_DEFER_AFTER_MS: '2000',
      SHUTDOWN_GRACE_SECONDS: '30',
    });
    expect(scale).toEqual({
      interactionsMode: 'http',
      publicKey: KEY,
      http: {
        host: '127.0.0.1',
        port: 3000,
        bodyLimitBytes: 65_536,
        requestTimeoutMs: 2000,
        deferAfterMs: 2000,
        shutdownGraceMs: 30_000,
      },
      shardCount: 1,
    });
    expect(wantsHttpInteractions({ INTERACTIONS_MODE: ' Http ' })).toBe(true);
  });

  it.each([
    ['auto', 'auto', true],
    ['AUTO', 'auto', true],
    ['2', 2, true],
    ['1', 1, false],
  ] as const)('reads SHARD_COUNT=%s', (value, expected, sharded) => {
    const scale = parseScaleOutConfig({ SHARD_COUNT: value });
    expect(scale.shardCount).toBe(expected);
    expect(isSharded(scale)).toBe(sharded);
  });

  it('needs the public key, and no token, in http mode', () => {
    expect(problemsOf({ INTERACTIONS_MODE: 'http', DISCORD_PUBLIC_KEY: KEY }, 'http')).toEqual([]);
    expect(problemsOf({ INTERACTIONS_MODE: 'http' }, 'http')).toEqual([
      expect.stringContaining('DISCORD_PUBLIC_KEY is missing'),
    ]);
  });

  it.each([
    [{ INTERACTIONS_MODE: 'websocket' }, 'INTERACTIONS_MODE must be gateway or http'],
    [{ DISCORD_PUBLIC_KEY: 'abc' }, 'DISCORD_PUBLIC_KEY must be the 64 hexadecimal characters'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    [{ HTTP_BODY_LIMIT_BYTES: '10' }, 'HTTP_BODY_LIMIT_BYTES must be a whole number from 1024'],
    [{ HTTP_REQUEST_TIMEOUT_SECONDS: '0' }, 'HTTP_REQUEST_TIMEOUT_SECONDS must be'],
    [{ HTTP_DEFER_AFTER_MS: '3000' }, 'HTTP_DEFER_AFTER_MS must be a whole number from 100 to 2900'],
    [{ SHUTDOWN_GRACE_SECONDS: 'soon' }, 'SHUTDOWN_GRACE_SECONDS must be'],
    [{ SHARD_COUNT: '0' }, 'SHARD_COUNT must be auto or a whole number from 1 to 1024'],
    [{ SHARD_COUNT: 'many' }, 'SHARD_COUNT must be auto'],
  ])('reports %j by name', (environment, message) => {
    const problems = problemsOf({ DISCORD_TOKEN: TOKEN, ...environment }, 'bot');
    expect(problems).toEqual([expect.stringContaining(message)]);
  });

  it('refuses SHARD_COUNT in http mode: copies scale it, not shards', () => {
    expect(problemsOf({ DISCORD_PUBLIC_KEY: KEY, SHARD_COUNT: 'auto' }, 'http')).toEqual([
      expect.stringContaining('SHARD_COUNT applies to the gateway mode only'),
    ]);
  });

  it.each([
    ['the neutral point', `01${'00'.repeat(31)}`],
    ['the neutral point, its sign bit set', `01${'00'.repeat(30)}80`],
    ['the neutral point, written as p + 1', `ee${'ff'.repeat(30)}7f`],
    ['a point of order 2', `ec${'ff'.repeat(30)}7f`],
    ['a point of order 4', '00'.repeat(32)],
    ['the other point of order 4', `${'00'.repeat(31)}80`],
    ['a point of order 8', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'],
    ['another point of order 8', '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'],
    ['a third point of order 8', '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85'],
  ])('refuses a public key that accepts forged signatures: %s', (_name, key) => {
    expect(problemsOf({ DISCORD_PUBLIC_KEY: key }, 'http')).toEqual([
      expect.stringContaining('DISCORD_PUBLIC_KEY cannot be an application’s key'),
    ]);
  });

  it('lists SHARD_COUNT in http mode together with every other problem', () => {
    expect(problemsOf({ SHARD_COUNT: '4', LOG_LEVEL: 'loud' }, 'http')).toEqual([
      expect.stringContaining('LOG_LEVEL must be one of'),
      expect.stringContaining('DISCORD_PUBLIC_KEY is missing'),
      expect.stringContaining('SHARD_COUNT applies to the gateway mode only'),
    ]);
  });
});

describe('signature helpers', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const hex = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url').toString('hex');

  it('verifies Discord’s scheme: the signature of timestamp + body', () => {
    const body = Buffer.from('{"type":1}');
    const signature = sign(null, Buffer.concat([Buffer.from('1700000000'), body]), privateKey);
    const key = publicKeyFromHex(hex);
    expect(verifySignature(key, { signature, timestamp: '1700000000' }, body)).toBe(true);
    expect(verifySignature(key, { signature, timestamp: '1700000001' }, body)).toBe(false);
    expect(verifySignature(key, { signature: Buffer.alloc(3), timestamp: '1700000000' }, body)).toBe(false);
  });

  it('refuses a public key that is not 32 bytes of hex', () => {
    expect(() => publicKeyFromHex('abcd')).toThrow('64 hexadecimal characters');
  });

  it('checks the headers’ shape before any cryptography', () => {
    expect(readSignatureHeaders({})).toBe('missing signature');
    expect(readSignatureHeaders({ 'x-signature-ed25519': 'ab', 'x-signature-timestamp': '1' })).toBe(
      'malformed signature',
    );
    expect(
      readSignatureHeaders({ 'x-signature-ed25519': 'a'.repeat(128), 'x-signature-timestamp': '12:00' }),
    ).toBe('malformed signature');
    expect(
      readSignatureHeaders({ 'x-signature-ed25519': 'a'.repeat(128), 'x-signature-timestamp': '1' }),
    ).toEqual({
      signature: Buffer.alloc(64, 0xaa),
      timestamp: '1',
    });
  });

  it('accepts timestamps within the window either side of now', () => {
    const now = 1_700_000_000_000;
    expect(isFresh('1700000000', now, 300)).toBe(true);
    expect(isFresh('1699999700', now, 300)).toBe(true);
    expect(isFresh('1699999699', now, 300)).toBe(false);
    expect(isFresh('1700000301', now, 300)).toBe(false);
  });

  it('remembers signatures for the window, within a bounded capacity', () => {
    const guard = new ReplayGuard(1000, 2);
    const [a, b, c, d] = [1, 2, 3, 4].map((n) => Buffer.alloc(64, n)) as [Buffer, Buffer, Buffer, Buffer];
    expect(guard.firstSighting(a, 100, 0)).toBe(true);
    expect(guard.firstSighting(a, 100, 500)).toBe(false);
    // Past the window, the timestamp check refuses a replay: the guard may forget it.
    expect(guard.firstSighting(a, 100, 1600)).toBe(true);
    expect(guard.firstSighting(b, 101, 1700)).toBe(true);
    expect(guard.firstSighting(c, 102, 1800)).toBe(true);
    // Capacity 2: "a" was forgotten within its window. A replay of it, signed when it was, is
    // still refused; what was signed later is not.
    expect(guard.firstSighting(a, 100, 1900)).toBe(false);
    expect(guard.firstSighting(d, 103, 1950)).toBe(true);
  });
});
