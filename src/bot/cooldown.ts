/** Answer of {@link Cooldown.take}: go, or when the user may try again. */
export type CooldownDecision = { ok: true } | { ok: false; retryAt: number };

/** A per-user limit: at most `commands` in any window of `windowMs`. */
export interface Cooldown {
  take(userId: string, now?: number): CooldownDecision;
}

/**
 * A sliding-window limit kept in memory: the only state the bot keeps, and losing it on restart
 * only forgives a few commands. `commands: 0` or `windowMs: 0` turns it off.
 *
 * Users are kept in the order of their last accepted command, so those idle for a whole window
 * are the first ones: each accepted command forgets them from the front and stops at the first
 * user still active. Memory follows the users active in one window, and forgetting costs nothing
 * for them, however many they are.
 *
 * @param store - where the users' recent commands are kept (a test may count its visits).
 */
export function createCooldown(
  options: { commands: number; windowMs: number },
  store: Map<string, number[]> = new Map(),
): Cooldown {
  const { commands, windowMs } = options;
  const recent = store;

  const forgetIdle = (now: number) => {
    for (const [user, times] of recent) {
      if ((times.at(-1) ?? 0) > now - windowMs) return;
      recent.delete(user);
    }
  };

  return {
    take(userId, now = Date.now()) {
      if (commands <= 0 || windowMs <= 0) return { ok: true };
      const times = (recent.get(userId) ?? []).filter((time) => time > now - windowMs);
      if (times.length >= commands) {
        // Refused: no new command, so the user keeps their place in the order.
        recent.set(userId, times);
        return { ok: false, retryAt: (times[0] ?? now) + windowMs };
      }
      times.push(now);
      recent.delete(userId);
      recent.set(userId, times);
      forgetIdle(now);
      return { ok: true };
    },
  };
}
