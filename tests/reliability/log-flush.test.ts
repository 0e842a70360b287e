import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../support/processes.js';

const SECRET = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const LINES = 20_000;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

/**
 * Runs log-flush-script.ts with plain `node --import tsx`, as `npm start` runs the bundle with
 * plain node (see the `launcher` option of runScript).
 */
function runLogging(mode: string) {
  return runScript(path.join(import.meta.dirname, 'log-flush-script.ts'), [mode, String(LINES)], {
    clean: true,
    launcher: 'node',
    env: { SECRET },
  });
}

/**
 * Log lines go to standard output (src/logger.ts): a process that logs a burst far
 * larger than a pipe's buffer, then ends at once, must still print every line, whole and in order.
 */
/**
 * The same script with its standard output read late, by a reader that sleeps first: the pipe
 * fills, the logger has to wait for room, and the process must not end before its lines are out.
 */
async function runLoggingIntoSlowReader(mode: string) {
  const script = path.join(import.meta.dirname, 'log-flush-script.ts');
  const child = spawn(
    'sh',
    ['-c', `"${process.execPath}" --import tsx "${script}" ${mode} ${LINES} | (sleep 1; cat)`],
    {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', SECRET },
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  await once(child, 'close');
  return stdout;
}

describe('logs on the way out', () => {
  it('loses no line when a process ends by process.exit while a slow reader has not caught up', async () => {
    const stdout = await runLoggingIntoSlowReader('pause-exit');
    const logged = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string; line?: number });
    expect(logged.map((entry) => entry.line)).toEqual(range(0, LINES));
  }, 60_000);

  it.each([
    { mode: 'return', end: 0, lines: range(0, LINES), others: [] },
    { mode: 'exit', end: 0, lines: range(0, LINES), others: [] },
    {
      mode: 'throw',
      end: 1,
      lines: range(0, LINES),
      others: ['uncaught exception: exiting', 'closing the gateway before exiting'],
    },
    // Ended by the signal nobody else handled, as Node would.
    { mode: 'signal', end: 'SIGTERM', lines: range(0, LINES + 1), others: [] },
    { mode: 'shutdown', end: 0, lines: range(0, 2 * LINES), others: ['shutting down'] },
  ])(
    'loses no line when the process ends by $mode',
    async ({ mode, end, lines, others }) => {
      const result = await runLogging(mode);
      const context = `exit ${result.code ?? result.signal}; stderr: ${result.stderr.slice(0, 2000)}`;
      expect(result.code ?? result.signal, context).toBe(end);
      expect(result.stdout.endsWith('\n'), context).toBe(true);
      const logged = result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string; line?: number });
      expect(logged.filter((entry) => entry.msg === 'line').map((entry) => entry.line)).toEqual(lines);
      expect(logged.filter((entry) => entry.msg !== 'line').map((entry) => entry.msg)).toEqual(others);
      if (mode === 'shutdown') expect(logged[LINES]?.msg).toBe('shutting down');
      expect(result.stdout).not.toContain(SECRET);
    },
    60_000,
  );
});
