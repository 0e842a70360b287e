import { describe, expect, it } from 'vitest';
import { isReloadDataMessage, reloadDataMessage } from '../../src/shard/messages.js';

describe('isReloadDataMessage', () => {
  it.each<[string, unknown, boolean]>([
    ['the message a shard sends', reloadDataMessage(1), true],
    ['one of discord.js’s own', { _ready: true }, false],
    ['a shard number that is not one', { type: 'conventions:reload-data', fromShard: '1' }, false],
    ['nothing', null, false],
    ['a string', 'conventions:reload-data', false],
  ])('tells %s: %s', (_, message, expected) => {
    expect(isReloadDataMessage(message)).toBe(expected);
  });
});
