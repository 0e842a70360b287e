/**
 * Timing and summary helpers shared by every part of the benchmark.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Distribution of a set of samples, in the unit of the samples (milliseconds unless said). */
export interface Summary {
  /** Number of samples. */
  n: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** The `q`-quantile (0 to 1) of sorted samples, nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** p50, p99, mean, min and max of samples. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Milliseconds taken by `work`, and what it returned. */
export function time<T>(work: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = work();
  return { ms: performance.now() - started, value };
}

/** Milliseconds taken by an asynchronous `work`, and what it resolved to. */
export async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

let collector: (() => void) | undefined;

/**
 * A full garbage collection, so heap figures measure what is retained. `--expose-gc` is turned on
 * at run time, which keeps `npm run bench` a plain `tsx bench/run.ts`.
 */
export function collectGarbage(): void {
  if (collector === undefined) {
    setFlagsFromString('--expose-gc');
    collector = runInNewContext('gc') as () => void;
  }
  collector();
  collector();
}

/** Heap in use after a full collection, in bytes. */
export function retainedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Rounds to `digits` decimals for the JSON file (keeps it readable and diffable). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Rounds to `digits` significant digits (for ratios that span several orders of magnitude). */
export function significant(value: number, digits = 3): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(digits)) : value;
}

/**
 * The steady cost of each query: the median of its latencies over the passes, so a pause caused
 * by something else (a collection, another process) does not count as the query's cost. Only for
 * samples taken in mix order over at least three passes.
 */
export function perQueryMedians(samples: readonly number[], mixLength: number): number[] | undefined {
  if (mixLength === 0 || samples.length < 3 * mixLength) return undefined;
  const byQuery = Array.from({ length: mixLength }, (): number[] => []);
  samples.forEach((sample, index) => {
    byQuery[index % mixLength]?.push(sample);
  });
  return byQuery.filter((values) => values.length >= 3).map((values) => summarize(values).p50);
}

/** A summary with every figure rounded. */
export function roundSummary(summary: Summary, digits = 4): Summary {
  return {
    n: summary.n,
    p50: round(summary.p50, digits),
    p99: round(summary.p99, digits),
    mean: round(summary.mean, digits),
    min: round(summary.min, digits),
    max: round(summary.max, digits),
  };
}

/** Lets pending I/O and timers run, e.g. between two timed interactions. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
