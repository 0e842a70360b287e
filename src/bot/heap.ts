import { getHeapStatistics } from 'node:v8';
import type { Logger } from '../logger.js';

/** The heap in use and V8's limit, in bytes. */
export interface HeapStatus {
  usedBytes: number;
  limitBytes: number;
}

/**
 * Above this share of the limit once the index is built, the bot warns: answering and reloading
 * (which builds a second index beside the first) need room, and V8 exits when the heap is full.
 */
export const HEAP_WARNING_SHARE = 0.5;

/** The current heap, from V8. */
export function readHeap(): HeapStatus {
  const statistics = getHeapStatistics();
  return { usedBytes: statistics.used_heap_size, limitBytes: statistics.heap_size_limit };
}

/**
 * Warns when the heap is already more than half full: `npm start` caps it (package.json's
 * `--max-old-space-size`) to keep the resident memory small, which a much larger dataset
 * outgrows. Returns whether it warned.
 */
export function warnIfHeapIsTight(logger: Pick<Logger, 'warn'>, status: HeapStatus = readHeap()): boolean {
  if (status.usedBytes <= status.limitBytes * HEAP_WARNING_SHARE) return false;
  const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);
  logger.warn(
    { heapUsedMb: megabytes(status.usedBytes), heapLimitMb: megabytes(status.limitBytes) },
    `the search index fills more than half of the heap limit (${megabytes(status.limitBytes)} MB): start node with a larger --max-old-space-size before it runs out`,
  );
  return true;
}
