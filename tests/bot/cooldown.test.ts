import { describe, expect, it } from 'vitest';
import { createCooldown } from '../../src/bot/cooldown.js';

/** A store that counts the entries its iterations visit: what forgetting idle users costs. */
class CountingStore extends Map<string, number[]> {
  visited = 0;

  override *[Symbol.iterator](): MapIterator<[string, number[]]> {
    for (const entry of super[Symbol.iterator]()) {
      this.visited += 1;
      yield entry;
    }
  }

  override entries(): MapIterator<[string, number[]]> {
    return this[Symbol.iterator]();
  }
}

describe('createCooldown', () => {
  it('allows `commands` per window, then says when the oldest leaves it', () => {
    const cooldown = createCooldown({ commands: 2, windowMs: 10_000 });
    expect(cooldown.take('a', 0)).toEqual({ ok: true });
    expect(cooldown.take('a', 1_000)).toEqual({ ok: true });
    expect(cooldown.take('a', 2_000)).toEqual({ ok: false, retryAt: 10_000 });
    expect(cooldown.take('b', 2_000)).toEqual({ ok: true });
    expect(cooldown.take('a', 10_001)).toEqual({ ok: true });
  });

  it.each([
    [0, 10_000],
    [5, 0],
  ])('is off with %i commands per %i ms', (commands, windowMs) => {
    const cooldown = createCooldown({ commands, windowMs });
    for (let index = 0; index < 10; index += 1) expect(cooldown.take('a', index)).toEqual({ ok: true });
  });

  it('forgets idle users, and only them, however many are active', () => {
    const store = new CountingStore();
    const cooldown = createCooldown({ commands: 3, windowMs: 3_600_000 }, store);
    // 30 000 users in one window of an hour, then the first ones come back.
    for (let user = 0; user < 30_000; user += 1) cooldown.take(`user${user}`, user);
    expect(store.size).toBe(30_000);
    // Each visit past the first idle user is wasted: a few per command at most.
    expect(store.visited).toBeLessThan(2 * 30_000);
    cooldown.take('user0', 3_600_000 + 5);
    expect(store.size).toBe(30_000 - 5);
    expect(store.has('user0')).toBe(true);
    expect(store.has('user5')).toBe(false);
    expect(store.has('user6')).toBe(true);
  });

  it('keeps refusing a user who keeps trying, without losing their place', () => {
    const store = new CountingStore();
    const cooldown = createCooldown({ commands: 1, windowMs: 1_000 }, store);
    cooldown.take('eager', 0);
    cooldown.take('calm', 500);
    expect(cooldown.take('eager', 900)).toEqual({ ok: false, retryAt: 1_000 });
    // At 1 200 "eager" has been idle past the window; "calm" has not.
    cooldown.take('other', 1_200);
    expect([...store.keys()]).toEqual(['calm', 'other']);
  });
});
