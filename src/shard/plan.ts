/**
 * How many shards to start and how fast: Discord's `GET /gateway/bot` recommends a shard count and
 * says how many sessions may identify at once (`max_concurrency`, per 5 seconds).
 *
 * @module
 */
import { REST, type RESTGetAPIGatewayBotResult, Routes } from 'discord.js';

/** Discord allows `max_concurrency` IDENTIFYs per bucket every 5 s; a little margin on top. */
export const IDENTIFY_WINDOW_MS = 5500;

/** What the manager needs to know before spawning. */
export interface ShardPlan {
  /** Shards to start. */
  totalShards: number;
  /** Sessions that may identify in the same 5-second window. */
  maxConcurrency: number;
  /** Wait between two shard processes, see {@link spawnDelayFor}. */
  spawnDelayMs: number;
}

/** Reads `GET /gateway/bot` through the configured REST base (Discord, a proxy, or a fake). */
export async function fetchGatewayBot(token: string, apiUrl: string): Promise<RESTGetAPIGatewayBotResult> {
  const rest = new REST({ api: apiUrl, version: '10' }).setToken(token);
  return (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
}

/**
 * Delay between spawning two shards. discord.js's manager starts shards one after the other;
 * shard `n` shares an identify bucket with shard `n - maxConcurrency`, which was started
 * `maxConcurrency` delays earlier: that span must cover Discord's 5-second window.
 */
export function spawnDelayFor(maxConcurrency: number): number {
  return Math.ceil(IDENTIFY_WINDOW_MS / Math.max(1, maxConcurrency));
}

/**
 * The plan for `SHARD_COUNT`: `auto` takes Discord's recommendation, a number is kept as is; the
 * spawn delay follows the application's `max_concurrency` either way.
 */
export async function planShards(
  shardCount: 'auto' | number,
  gateway: () => Promise<RESTGetAPIGatewayBotResult>,
): Promise<ShardPlan> {
  const info = await gateway();
  const maxConcurrency = Math.max(1, info.session_start_limit.max_concurrency);
  const totalShards = shardCount === 'auto' ? Math.max(1, info.shards) : shardCount;
  return { totalShards, maxConcurrency, spawnDelayMs: spawnDelayFor(maxConcurrency) };
}
