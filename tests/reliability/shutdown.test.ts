import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveUntilSignal } from '../../src/process.js';
import { collectingLogger } from '../support/fakes.js';

describe('serveUntilSignal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops once on the first signal, and only logs the second', async () => {
    const { logger, lines } = collectingLogger();
    const signals = new EventEmitter();
    const stop = vi.fn(async () => {
      signals.emit('SIGINT');
    });
    const served = serveUntilSignal(logger, {
      stop,
      stopping: 'closing the gateway',
      deadlineMs: 1000,
      signals,
    });
    signals.emit('SIGTERM');
    await served;
    expect(stop).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => [line.msg, line.signal])).toEqual([
      ['shutting down', 'SIGTERM'],
      ['already shutting down', 'SIGINT'],
    ]);
  });

  it('starts on another event it is given, as a shard does when its manager is gone', async () => {
    const { logger, lines } = collectingLogger();
    const signals = new EventEmitter();
    const stop = vi.fn(async () => undefined);
    const served = serveUntilSignal(logger, {
      stop,
      stopping: 'closing the gateway',
      deadlineMs: 1000,
      signals,
      events: ['SIGTERM', 'SIGINT', 'disconnect'],
    });
    signals.emit('disconnect');
    await served;
    expect(stop).toHaveBeenCalledTimes(1);
    expect(lines[0]).toMatchObject({ msg: 'shutting down', signal: 'disconnect' });
  });

  it('logs a failed stop and resolves', async () => {
    const { logger, lines } = collectingLogger();
    const signals = new EventEmitter();
    const served = serveUntilSignal(logger, {
      stop: () => Promise.reject(new Error('socket already closed')),
      stopping: 'stopping shards',
      deadlineMs: 1000,
      signals,
    });
    signals.emit('SIGINT');
    await served;
    expect(lines.at(-1)).toMatchObject({ level: 50, msg: 'error while stopping shards' });
  });

  it('exits 1 with a line saying why when stopping outlasts the deadline', async () => {
    vi.useFakeTimers();
    const { logger, lines } = collectingLogger();
    const signals = new EventEmitter();
    const exit = vi.fn();
    void serveUntilSignal(logger, {
      stop: () => new Promise<void>(() => undefined),
      stopping: 'closing the gateway',
      deadlineMs: 15_000,
      signals,
      exit,
    });
    signals.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(14_999);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledWith(1);
    expect(lines.at(-1)).toMatchObject({
      level: 50,
      deadlineMs: 15_000,
      msg: 'shutdown took too long (closing the gateway): exiting',
    });
  });

  it('leaves no deadline behind once stopped in time', async () => {
    vi.useFakeTimers();
    const { logger } = collectingLogger();
    const signals = new EventEmitter();
    const exit = vi.fn();
    const served = serveUntilSignal(logger, {
      stop: async () => undefined,
      stopping: 'closing the endpoint',
      deadlineMs: 100,
      signals,
      exit,
    });
    signals.emit('SIGINT');
    await served;
    await vi.advanceTimersByTimeAsync(1000);
    expect(exit).not.toHaveBeenCalled();
  });
});
