/**
 * Keeps `value` under `key` in a memo of at most `max` entries: a full memo is emptied first.
 * Cheaper than tracking recency, and the next few calls refill it; every memo the bot keeps for
 * what people type (words, readings, completions, dates) is bounded this way.
 */
export function keep<K, V>(memo: Map<K, V>, key: K, value: V, max: number): void {
  if (memo.size >= max) memo.clear();
  memo.set(key, value);
}
