/**
 * Condition waiting for the fake Discord: a probe is re-evaluated whenever the fake's state changes,
 * so tests wait on facts ("the callback for interaction X arrived") rather than on durations.
 *
 * @module
 */

interface Pending {
  check: () => void;
  fail: (error: Error) => void;
}

/** Re-runs registered probes on every {@link Changes.notify} until each one yields a value. */
export class Changes {
  readonly #pending = new Set<Pending>();
  #closed = false;

  /** Tells waiting probes that state changed; call after every recorded request or gateway event. */
  notify(): void {
    for (const pending of [...this.#pending]) pending.check();
  }

  /**
   * Resolves with the first non-`undefined` value of `probe`, evaluated now and after each change.
   * Rejects after `timeoutMs` with `describe()` in the message, so a failing test says what it
   * was waiting for and what the fake saw instead.
   */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    if (this.#closed)
      return Promise.reject(new Error(`fake Discord is closed; was waiting for ${describe()}`));
    const first = probe();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const pending: Pending = {
        check: () => {
          let value: T | undefined;
          try {
            value = probe();
          } catch (error) {
            finish();
            reject(error);
            return;
          }
          if (value === undefined) return;
          finish();
          resolve(value);
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        pending.fail(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.#pending.delete(pending);
      };
      this.#pending.add(pending);
    });
  }

  /** Rejects every pending wait; later waits reject at once. */
  close(): void {
    this.#closed = true;
    for (const pending of [...this.#pending])
      pending.fail(new Error('fake Discord was closed while a test was waiting'));
  }
}
