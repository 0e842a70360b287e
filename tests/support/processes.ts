import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

/** Options of {@link startScript} and {@link runScript}. */
export interface ScriptOptions {
  /** Environment variables; with `clean`, the only ones besides PATH and HOME. */
  env?: Record<string, string>;
  /** Start from an empty environment, so nothing from a developer's shell or `.env` leaks in. */
  clean?: boolean;
  /** Written to standard input, which is then closed. */
  input?: string;
  /**
   * `tsx` (default) runs a `.ts` script through the tsx CLI; `node` runs it with plain
   * `node --import tsx`, as `npm start` runs the bundle with plain node: the tsx CLI turns a
   * signal nobody listens for into `process.exit(143)`, which hides what plain node does.
   */
  launcher?: 'tsx' | 'node';
}

/** A running TypeScript script of the project and what it printed so far. */
export interface RunningScript {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited(): Promise<number | null>;
  /** Resolves with the exit code and the signal that ended the process, if one did. */
  closed(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `tsx <script> <args>` from the project root, colours off; a built `.mjs` script runs
 * with plain `node`, as `npm start` runs the bundle.
 */
export function startScript(
  script: string,
  args: readonly string[] = [],
  options: ScriptOptions = {},
): RunningScript {
  const base = options.clean ? { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } : process.env;
  const file = path.resolve(root, script);
  const [command, commandArgs] = file.endsWith('.mjs')
    ? [process.execPath, ['--enable-source-maps', file, ...args]]
    : options.launcher === 'node'
      ? [process.execPath, ['--import', 'tsx', file, ...args]]
      : [tsx, [file, ...args]];
  const child = spawn(command, commandArgs, {
    cwd: root,
    env: { ...base, NO_COLOR: '1', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  if (options.input !== undefined) child.stdin.end(options.input);
  const close = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited: () => close.then(({ code }) => code),
    closed: () => close,
  };
}

/**
 * A script of the project as `npm start` would run it for a test: a clean environment (nothing
 * from a developer's .env or shell leaks in), JSON logs, and its output read as one text.
 */
export function startWithJsonLogs(
  script: string,
  env: Record<string, string>,
): { child: RunningScript['child']; output(): string } {
  const running = startScript(script, [], { clean: true, env: { LOG_FORMAT: 'json', ...env } });
  return { child: running.child, output: () => running.stdout() + running.stderr() };
}

/**
 * Builds the bundle of `npm run build` into a new temporary directory (with a link to the
 * project's node_modules, where the bundle's packages are) and returns the directory.
 */
export async function buildBundle(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'conventions-build-'));
  await symlink(path.join(root, 'node_modules'), path.join(directory, 'node_modules'), 'dir');
  const child = spawn(process.execPath, [path.join(root, 'scripts/build.mjs'), directory], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`npm run build failed (${code}): ${stderr}`);
  return directory;
}

/** Runs a script to its end. */
export async function runScript(
  script: string,
  args: readonly string[] = [],
  options: ScriptOptions = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const running = startScript(script, args, { input: '', ...options });
  const { code, signal } = await running.closed();
  return { code, signal, stdout: running.stdout(), stderr: running.stderr() };
}
