/** Answer of {@link Cooldown.take}: go, or when the user may try again. */
export type CooldownDecision = { ok: true } | { ok: false; retryAt: number };

/** A per-user limit: at most `commands` in any window of `windowMs`. */
export interface Cooldown {
  take(userId: string, now?: number): CooldownDecision;
}

/** Users tracked before old entries are swept, so a flood of users cannot grow memory without bound. */
const SWEEP_AT = 10_000;

/**
 * A sliding-window limit kept in memory: the only state the bot keeps, and losing it on restart
 * only forgives a few commands. `commands: 0` turns it off.
 */
export function createCooldown(options: { commands: number; windowMs: number }): Cooldown {
  const { commands, windowMs } = options;
  const recent = new Map<string, number[]>();

  const sweep = (now: number) => {
    for (const [user, times] of recent) {
      if ((times.at(-1) ?? 0) <= now - windowMs) recent.delete(user);
    }
  };

  return {
    take(userId, now = Date.now()) {
      if (commands <= 0 || windowMs <= 0) return { ok: true };
      const times = (recent.get(userId) ?? []).filter((time) => time > now - windowMs);
      if (times.length >= commands) {
        recent.set(userId, times);
        return { ok: false, retryAt: (times[0] ?? now) + windowMs };
      }
      times.push(now);
      recent.set(userId, times);
      if (recent.size > SWEEP_AT) sweep(now);
      return { ok: true };
    },
  };
}
