/**
 * A bot run as `npm start` runs it: `tsx <script>` in a child process with `DISCORD_TOKEN` and
 * `DISCORD_API_URL` pointing at a fake Discord. Measures the time from spawn to the "bot ready"
 * log line and reads the resident memory of the processes from `/proc`.
 *
 * @module
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './corpus.js';

/** The tsx launcher, as `npm start` uses it. */
export const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

/** Resident memory of a process, from `/proc/<pid>/status`. */
export interface Memory {
  pid: number;
  /** VmRSS, bytes. */
  rssBytes: number;
  /** VmHWM (peak resident set), bytes. */
  peakRssBytes: number;
}

/** A running bot process. */
export interface BotProcess {
  /** The tsx launcher process. */
  child: ChildProcessWithoutNullStreams;
  /** Milliseconds from spawn to the "bot ready" line on standard output. */
  readyMs: number;
  /** DevTools WebSocket of the bot process, when started with `inspect`. */
  inspectorUrl: string | undefined;
  /** Memory of the process that runs the bot (tsx starts Node again as a child) and of the launcher. */
  memory(): { bot: Memory | undefined; launcher: Memory | undefined };
  /** Everything written on standard error (and standard output lines that are not JSON). */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

/** Options of {@link startBotProcess}. */
export interface BotProcessOptions {
  /** Script to run, relative to the repository root. */
  script: string;
  token: string;
  apiUrl: string;
  /** Extra environment (e.g. `TMPDIR` for a cold tsx cache). */
  env?: Record<string, string>;
  /**
   * `tsx` runs `node_modules/.bin/tsx <script>` as `npm start` does (a launcher process that starts
   * Node again); `node` runs `node --import tsx <script>`, one process, the same loader.
   */
  launcher?: 'tsx' | 'node';
  /** Open the inspector on a free port (for {@link BotProcess.inspectorUrl}); `node` launcher only. */
  inspect?: boolean;
  timeoutMs?: number;
}

function readMemory(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? 0);
    return { pid, rssBytes: kilobytes('VmRSS') * 1024, peakRssBytes: kilobytes('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/u)
      .filter((value) => value !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * Spawns `tsx <script>` with a clean environment and resolves once it prints the "bot ready" JSON
 * line. The pino logger of the bot writes JSON lines on standard output (`LOG_FORMAT=json`).
 */
export async function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  const script = path.join(ROOT, options.script);
  const viaNode = options.launcher === 'node';
  const command = viaNode ? process.execPath : TSX;
  const args = viaNode
    ? [...(options.inspect === true ? ['--inspect=127.0.0.1:0'] : []), '--import', 'tsx', script]
    : [script];
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NO_COLOR: '1',
      LOG_FORMAT: 'json',
      DISCORD_TOKEN: options.token,
      DISCORD_API_URL: options.apiUrl,
      ...options.env,
    },
  });
  let errors = '';
  let pending = '';
  let readyAt: number | undefined;
  let onReady: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      if (readyAt === undefined && line.includes('"bot ready"')) {
        readyAt = performance.now();
        onReady?.();
      } else if (!line.startsWith('{')) errors += `${line}\n`;
    }
  });
  let inspectorUrl: string | undefined;
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    const url = /Debugger listening on (ws:\/\/\S+)/u.exec(text)?.[1];
    if (url !== undefined) inspectorUrl = url;
    else if (!text.includes('nodejs.org/en/docs/inspector') && !text.startsWith('Debugger attached'))
      errors += text;
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.script} was not ready after ${timeoutMs} ms:\n${errors}`));
    }, timeoutMs);
    onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.script} exited with ${code} before it was ready:\n${errors}`));
    });
  });
  child.removeAllListeners('exit');
  const launcherPid = child.pid ?? 0;
  return {
    child,
    readyMs: (readyAt ?? performance.now()) - started,
    inspectorUrl,
    memory() {
      if (viaNode) return { bot: readMemory(launcherPid), launcher: undefined };
      // tsx runs the script in a Node child process of its own: that one is the bot.
      const [botPid] = childrenOf(launcherPid);
      return {
        bot: botPid === undefined ? undefined : readMemory(botPid),
        launcher: readMemory(launcherPid),
      };
    },
    output: () => errors,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit') as Promise<[number | null]>;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Milliseconds for `node -e ""` to start and exit: the floor of any start-up. */
export async function nodeStartMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return performance.now() - started;
}
