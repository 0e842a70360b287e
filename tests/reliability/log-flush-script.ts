/**
 * Run by log-flush.test.ts in a child process: logs many lines through the bot's logger (standard
 * output) and ends the way its first argument says. Not a test file itself.
 *
 * - `return`: the event loop runs out, as `npm start` ends after its shutdown;
 * - `exit`: `process.exit(0)` right after the last line, as a shard does;
 * - `throw`: an uncaught exception in the middle of a burst of lines;
 * - `signal`: SIGTERM while nothing but the process handlers listens;
 * - `shutdown`: SIGTERM handled by a shutdown that logs again and lets the process end;
 * - `pause-exit`: a burst, a pause (the writer waits on a full pipe), another burst, then
 *   `process.exit(0)`, as a shard ends.
 */
import { createLogger } from '../../src/logger.js';
import { installProcessHandlers } from '../../src/process.js';

const mode = process.argv[2];
const count = Number(process.argv[3] ?? 20_000);
const logger = createLogger({ level: 'info', format: 'auto', secrets: [process.env.SECRET] });
installProcessHandlers(logger, {
  beforeExit: async () => {
    logger.info('closing the gateway before exiting');
  },
});
// About 150 bytes a line, so the burst is far larger than a pipe's buffer (64 KiB).
const payload = `token ${process.env.SECRET} `.padEnd(80, '.');
const burst = (from: number, to: number) => {
  for (let line = from; line < to; line += 1) logger.info({ line, payload }, 'line');
};

switch (mode) {
  case 'return':
    burst(0, count);
    break;
  case 'exit':
    burst(0, count);
    process.exit(0);
    break;
  case 'throw':
    setTimeout(() => {
      burst(0, count);
      throw new Error(`broken state with ${process.env.SECRET}`);
    }, 10);
    break;
  case 'signal':
    burst(0, count);
    process.kill(process.pid, 'SIGTERM');
    // Still running until the signal lands: one more line must not be lost either.
    setImmediate(() => logger.info({ line: count }, 'line'));
    // Something keeps the process alive, as the gateway connection does: the signal must end it.
    setTimeout(() => logger.info('still alive after SIGTERM'), 60_000);
    break;
  case 'shutdown': {
    // The gateway connection, which the shutdown closes.
    const connection = setTimeout(() => undefined, 60_000);
    process.once('SIGTERM', () => {
      logger.info('shutting down');
      burst(count, 2 * count);
      clearTimeout(connection);
    });
    burst(0, count);
    process.kill(process.pid, 'SIGTERM');
    break;
  }
  case 'pause-exit':
    burst(0, count / 2);
    setTimeout(() => {
      burst(count / 2, count);
      process.exit(0);
    }, 200);
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
