import { describe, expect, it } from 'vitest';
import { readHeap, warnIfHeapIsTight } from '../../src/bot/heap.js';
import { collectingLogger } from '../support/fakes.js';

const MB = 2 ** 20;

describe('warnIfHeapIsTight', () => {
  it.each([
    [30 * MB, 128 * MB, false],
    [64 * MB, 128 * MB, false],
    [65 * MB, 128 * MB, true],
    [200 * MB, 256 * MB, true],
  ])('with %d bytes used of %d, warns: %s', (usedBytes, limitBytes, warns) => {
    const { logger, lines } = collectingLogger();
    expect(warnIfHeapIsTight(logger, { usedBytes, limitBytes })).toBe(warns);
    expect(lines.length).toBe(warns ? 1 : 0);
  });

  it('names the figures and the Node option to raise', () => {
    const { logger, lines } = collectingLogger();
    warnIfHeapIsTight(logger, { usedBytes: 100 * MB, limitBytes: 128 * MB });
    expect(lines[0]).toMatchObject({ level: 40, heapUsedMb: 100, heapLimitMb: 128 });
    expect(String(lines[0]?.msg)).toContain('--max-old-space-size');
    expect(String(lines[0]?.msg)).toContain('(128 MB)');
  });
});

describe('readHeap', () => {
  it('reads a used size below V8’s limit', () => {
    const heap = readHeap();
    expect(heap.usedBytes).toBeGreaterThan(0);
    expect(heap.usedBytes).toBeLessThan(heap.limitBytes);
  });
});
