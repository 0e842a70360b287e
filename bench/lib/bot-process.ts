/**
 * A bot run as `npm start` runs it: `tsx <script>` in a child process with `DISCORD_TOKEN` and
 * `DISCORD_API_URL` pointing at a fake Discord. Measures the time from spawn to the "bot ready"
 * log line and reads the resident memory of the processes from `/proc`.
 *
 * @module
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
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
  /** Pid of the process that runs the bot. */
  botPid(): number | undefined;
  /** CPU time (user + system) the bot process has used so far, ms. */
  cpuMs(): number;
  /**
   * Opens the inspector of the bot process (SIGUSR1, as `node --inspect` would at start) and
   * resolves with its DevTools WebSocket URL, or undefined if it did not open in time.
   */
  openInspector(timeoutMs?: number): Promise<string | undefined>;
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
   * `tsx` (default) runs `node_modules/.bin/tsx <script>` as `npm start` does: a launcher process
   * that starts Node again with tsx's loader. `node` runs `node <script>`, for a script already in
   * JavaScript (a bundle); `script` may then be absolute.
   */
  launcher?: 'tsx' | 'node';
  /** Options for `node` before the script (with the `node` launcher), as `npm start` passes them. */
  nodeArgs?: readonly string[];
  /** Give up when not ready after this long (default 30 s). */
  timeoutMs?: number;
}

/** Resident memory of a process now and at its peak, or undefined once it is gone. */
export function readMemory(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? 0);
    return { pid, rssBytes: kilobytes('VmRSS') * 1024, peakRssBytes: kilobytes('VmHWM') * 1024 };
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function readCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) of this process so far, ms. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
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
  const script = path.resolve(ROOT, options.script);
  const viaNode = options.launcher === 'node';
  const started = performance.now();
  const child = spawn(
    viaNode ? process.execPath : TSX,
    viaNode ? [...(options.nodeArgs ?? []), script] : [script],
    {
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
    },
  );
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
    else if (!/nodejs\.org\/en\/docs\/inspector|^Debugger (attached|ending)/mu.test(text)) errors += text;
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
  // tsx runs the script in a Node child process of its own: that one is the bot.
  const botPid = () => (viaNode ? launcherPid : childrenOf(launcherPid)[0]);
  return {
    child,
    readyMs: (readyAt ?? performance.now()) - started,
    botPid,
    cpuMs() {
      const pid = botPid();
      return pid === undefined ? Number.NaN : readCpuMs(pid);
    },
    async openInspector(timeoutMs = 5000) {
      const pid = botPid();
      if (pid === undefined) return undefined;
      process.kill(pid, 'SIGUSR1');
      const deadline = performance.now() + timeoutMs;
      while (inspectorUrl === undefined && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return inspectorUrl;
    },
    memory() {
      const pid = botPid();
      return {
        bot: pid === undefined ? undefined : readMemory(pid),
        launcher: viaNode ? undefined : readMemory(launcherPid),
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

/**
 * The Node options and entry of `npm start` (`node <options> dist/main.mjs`), read from
 * package.json so the benchmark runs the bot exactly as users start it.
 */
export function npmStart(): { nodeArgs: string[]; entry: string } {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...rest] = (manifest.scripts.start ?? '').trim().split(/\s+/u);
  const entry = rest.at(-1);
  if (command !== 'node' || entry === undefined) {
    throw new Error(`npm start is not "node <options> <bundle>": ${manifest.scripts.start}`);
  }
  return { nodeArgs: rest.slice(0, -1), entry };
}

/**
 * Runs the project's build (`scripts/build.mjs`, what `npm start` runs first) into `directory`,
 * next to a `node_modules` link to the project's, with the script's extra arguments (other entry
 * points). Returns the build time.
 */
async function runBuild(directory: string, extra: readonly string[]): Promise<number> {
  const link = path.join(directory, 'node_modules');
  if (!existsSync(link)) symlinkSync(path.join(ROOT, 'node_modules'), link, 'dir');
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), directory, ...extra], {
    cwd: ROOT,
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`scripts/build.mjs failed with ${code}`);
  return performance.now() - started;
}

/** Builds the project as `npm start` does into `directory`: the bot's bundle and the build time. */
export async function buildProject(directory: string): Promise<{ file: string; ms: number }> {
  const ms = await runBuild(directory, []);
  return { file: path.join(directory, path.basename(npmStart().entry)), ms };
}

/**
 * Bundles another TypeScript entry point into `directory` with the build script, so it runs
 * under `node` exactly as the bot's bundle does (same esbuild options, dependencies external).
 * @returns the bundle's path and how long bundling took.
 */
export async function bundle(entry: string, directory: string): Promise<{ file: string; ms: number }> {
  const name = path.basename(entry, '.ts');
  const ms = await runBuild(directory, [`${name}=${entry}`]);
  return { file: path.join(directory, `${name}.mjs`), ms };
}

/** Milliseconds for `node -e ""` to start and exit: the floor of any start-up. */
export async function nodeStartMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return performance.now() - started;
}
