/**
 * Gateway sharding: discord.js's `ShardingManager` starts one process per shard, each running
 * `worker.ts` (the same `startBot` as a single process, told its shard by discord.js). The manager
 * logs each shard's state changes and reports them on the health endpoint.
 *
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Shard, ShardingManager } from 'discord.js';
import { type HealthServer, startHealthServer } from '../http/health.js';
import type { Logger } from '../logger.js';
import { isReloadDataMessage } from './messages.js';
import { fetchGatewayBot, planShards, type ShardPlan } from './plan.js';

/** Where a shard is in its life, as the manager sees it. */
export type ShardStatus = 'spawning' | 'ready' | 'disconnected' | 'reconnecting' | 'dead' | 'stopped';

/** One shard in the health report. */
export interface ShardState {
  id: number;
  status: ShardStatus;
  /** When the status last changed (ISO time). */
  since: string;
  /** Times the process was started again after dying. */
  restarts: number;
  pid: number | undefined;
  /** Gateway latency in ms and guilds served, asked of the shard when the report is made. */
  ping?: number;
  guilds?: number;
}

/** What the sharded bot's health endpoint answers. */
export interface ShardHealthReport {
  /** `ok` when every shard is ready; `starting` before that; `degraded` when one is not. */
  status: 'ok' | 'starting' | 'degraded' | 'stopping';
  mode: 'gateway';
  totalShards: number;
  shards: ShardState[];
}

/** Options of {@link startShards}. */
export interface ShardManagerOptions {
  token: string;
  apiUrl: string;
  /** `auto` for Discord's recommendation, or a number. */
  shardCount: 'auto' | number;
  /** The environment each shard process gets (the manager's own, `.env` included). */
  environment: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** The entry each shard runs (default: `worker.ts` beside this file). */
  workerFile?: string;
  /** Overrides the delay computed from `max_concurrency` (tests). */
  spawnDelayMs?: number;
  /** Time a shard has to become ready (default 60 s). */
  spawnTimeoutMs?: number;
  /** Serve `GET /health` there. */
  health?: { host: string; port: number };
  /** Receives each line the shard processes print, instead of inheriting standard output. */
  output?: (shardId: number, line: string) => void;
  /** Time a shard has to exit after SIGTERM before SIGKILL (default 10 s). */
  shutdownGraceMs?: number;
}

/** A running set of shards. */
export interface RunningShards {
  manager: ShardingManager;
  plan: ShardPlan;
  /** The health endpoint's base URL, when one was asked for. */
  healthUrl: string | undefined;
  /** Each shard's state, with its ping and guild count when `live` is set. */
  report(live?: boolean): Promise<ShardHealthReport>;
  /** Stops every shard (SIGTERM: each closes its gateway connection) and the health endpoint. */
  stop(): Promise<void>;
}

/**
 * The worker beside this module: `worker.ts` when running from the sources (tsx, tests),
 * `worker.mjs` when running from the bundle of `npm run build`, which puts both in `dist/`.
 */
export const DEFAULT_WORKER = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.mjs', import.meta.url),
);

/** Debugging and profiling options: one port or one profile file per process, not one per shard. */
const NOT_INHERITED = /^--(inspect|debug|cpu-prof|heap-prof|prof)/u;

/**
 * The Node options of a shard process: `--import tsx` for a TypeScript entry (resolved from this
 * project so any cwd works); for the bundle, the options this process was started with (the heap
 * caps and source maps of `npm start`), which `fork` would otherwise not pass on.
 */
export function workerExecArgv(file: string, parentExecArgv: readonly string[] = process.execArgv): string[] {
  if (file.endsWith('.ts')) {
    const loader = createRequire(import.meta.url).resolve('tsx');
    return ['--import', pathToFileURL(loader).href];
  }
  return parentExecArgv.filter((option) => !NOT_INHERITED.test(option));
}

/** Asks a live shard for a value, giving up after `ms`. */
async function ask(shard: Shard, property: string, ms: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    const value = await Promise.race([shard.fetchClientValue(property), timeout]);
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts the shards through discord.js's `ShardingManager` and resolves once every one is ready.
 *
 * @throws when Discord (or the configured API) refuses `GET /gateway/bot`, or a shard does not
 * become ready in time (the others are then stopped).
 */
export async function startShards(options: ShardManagerOptions): Promise<RunningShards> {
  const { logger, token } = options;
  const plan = await planShards(options.shardCount, () => fetchGatewayBot(token, options.apiUrl));
  const spawnDelayMs = options.spawnDelayMs ?? plan.spawnDelayMs;
  logger.info({ ...plan, spawnDelayMs, requested: options.shardCount }, 'starting shards');

  const workerFile = options.workerFile ?? DEFAULT_WORKER;
  // The manager writes SHARDING_MANAGER and the token into process.env: put them back afterwards,
  // each shard gets its environment explicitly below.
  const saved = ['SHARDING_MANAGER', 'SHARDING_MANAGER_MODE', 'DISCORD_TOKEN'].map(
    (name) => [name, process.env[name]] as const,
  );
  const manager = new ShardingManager(workerFile, {
    totalShards: plan.totalShards,
    token,
    mode: 'process',
    respawn: true,
    silent: options.output !== undefined,
    execArgv: workerExecArgv(workerFile),
  });
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  const states = new Map<number, ShardState>();
  let stopping = false;
  const set = (id: number, status: ShardStatus, pid?: number) => {
    const previous = states.get(id);
    states.set(id, {
      id,
      status,
      since: new Date().toISOString(),
      restarts: previous?.restarts ?? 0,
      pid: pid ?? previous?.pid,
    });
  };
  const childEnvironment = Object.fromEntries(
    Object.entries(options.environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

  manager.on('shardCreate', (shard: Shard) => {
    const shardId = shard.id;
    shard.env = {
      ...childEnvironment,
      // What discord.js's Client reads to know it is this shard of that many.
      SHARDING_MANAGER: 'true',
      SHARDING_MANAGER_MODE: 'process',
      SHARDS: String(shardId),
      SHARD_COUNT: String(plan.totalShards),
      DISCORD_TOKEN: token,
    };
    set(shardId, 'spawning');
    shard.on('spawn', (child) => {
      const process = child as ChildProcess;
      const state = states.get(shardId);
      if (state !== undefined && state.status === 'dead') state.restarts += 1;
      set(shardId, 'spawning', process.pid);
      logger.info({ shardId, pid: process.pid }, 'shard process started');
      if (options.output !== undefined) {
        for (const stream of [process.stdout, process.stderr]) {
          if (stream === null) continue;
          createInterface({ input: stream }).on('line', (line) => options.output?.(shardId, line));
        }
      }
    });
    shard.on('ready', () => {
      set(shardId, 'ready');
      logger.info({ shardId }, 'shard ready');
    });
    shard.on('disconnect', () => {
      set(shardId, 'disconnected');
      logger.warn({ shardId }, 'shard disconnected');
    });
    shard.on('reconnecting', () => {
      set(shardId, 'reconnecting');
      logger.info({ shardId }, 'shard reconnecting');
    });
    shard.on('resume', () => {
      set(shardId, 'ready');
      logger.info({ shardId }, 'shard resumed');
    });
    shard.on('death', (child) => {
      const code = (child as ChildProcess).exitCode;
      set(shardId, stopping ? 'stopped' : 'dead');
      if (stopping) logger.info({ shardId, code }, 'shard stopped');
      else logger.error({ shardId, code }, 'shard process died: starting it again');
    });
    shard.on('error', (error) => logger.error({ shardId, err: error }, 'shard error'));
    shard.on('message', (message: unknown) => {
      if (!isReloadDataMessage(message)) return;
      const others = [...manager.shards.values()].filter((other) => other.id !== shardId);
      logger.info(
        { shardId, shards: others.map((other) => other.id) },
        'data reloaded on request: telling the other shards',
      );
      for (const other of others) {
        other
          .send(message)
          .catch((error: unknown) =>
            logger.warn({ shardId: other.id, err: error }, 'could not ask a shard to reload'),
          );
      }
    });
  });

  const report = async (live = false): Promise<ShardHealthReport> => {
    const shards = await Promise.all(
      [...states.values()]
        .sort((a, b) => a.id - b.id)
        .map(async (state) => {
          const shard = manager.shards.get(state.id);
          if (!live || shard === undefined || state.status !== 'ready') return { ...state };
          const [ping, guilds] = await Promise.all([
            ask(shard, 'ws.ping', 1000),
            ask(shard, 'guilds.cache.size', 1000),
          ]);
          return {
            ...state,
            ...(ping === undefined ? {} : { ping }),
            ...(guilds === undefined ? {} : { guilds }),
          };
        }),
    );
    const allReady = shards.length === plan.totalShards && shards.every((shard) => shard.status === 'ready');
    const starting = shards.length < plan.totalShards || shards.some((shard) => shard.status === 'spawning');
    return {
      status: stopping ? 'stopping' : allReady ? 'ok' : starting ? 'starting' : 'degraded',
      mode: 'gateway',
      totalShards: plan.totalShards,
      shards,
    };
  };

  let health: HealthServer | undefined;
  if (options.health !== undefined) {
    health = await startHealthServer({
      ...options.health,
      logger,
      report: async () => {
        const body = await report(true);
        return { healthy: body.status === 'ok', body: { ...body } };
      },
    });
  }

  const stop = async () => {
    stopping = true;
    manager.respawn = false;
    const grace = options.shutdownGraceMs ?? 10_000;
    await Promise.all(
      manager.shards.map(async (shard) => {
        const child = shard.process;
        if (child === null || child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), grace);
        await exited;
        clearTimeout(timer);
      }),
    );
    await health?.close();
    logger.info({ shards: manager.shards.size }, 'all shards stopped');
  };

  try {
    await manager.spawn({
      amount: plan.totalShards,
      delay: spawnDelayMs,
      timeout: options.spawnTimeoutMs ?? 60_000,
    });
  } catch (error) {
    logger.error({ err: error }, 'shards could not all start: stopping those that did');
    await stop();
    throw error;
  }
  logger.info({ totalShards: plan.totalShards }, 'every shard ready');
  return { manager, plan, healthUrl: health?.url, report, stop };
}
