/**
 * The `depth` results with the best estimate, best first. Results come sorted by score and an
 * estimate never exceeds its score (coverage is at most 1), so the scan stops at the first result
 * whose score cannot beat the estimates already kept: most results of a common word are never
 * looked at.
 */
export function topCandidates<T extends { score: number }>(
  results: readonly T[],
  estimate: (result: T) => number,
  depth: number,
): T[] {
  const kept: Array<{ result: T; estimate: number }> = [];
  for (const result of results) {
    const floor = kept.length < depth ? -1 : (kept.at(-1)?.estimate ?? -1);
    if (result.score <= floor) break;
    const value = estimate(result);
    if (value <= floor) continue;
    let at = kept.length;
    while (at > 0 && (kept[at - 1]?.estimate ?? 0) < value) at -= 1;
    kept.splice(at, 0, { result, estimate: value });
    if (kept.length > depth) kept.pop();
  }
  return kept.map((entry) => entry.result);
}
