/**
 * Messages between the shard processes and their manager, beside discord.js's own (which start
 * with an underscore and which this module never matches).
 *
 * @module
 */

/**
 * `/recharger` reloaded the data of shard `fromShard`: the manager passes it to every other shard,
 * which reloads too, so that one command reloads the bot and not the one process that received it.
 */
export interface ReloadDataMessage {
  type: 'conventions:reload-data';
  fromShard: number;
}

/** The message a shard sends once `/recharger` reloaded its data. */
export function reloadDataMessage(fromShard: number): ReloadDataMessage {
  return { type: 'conventions:reload-data', fromShard };
}

/** Whether an IPC message is a {@link ReloadDataMessage}. */
export function isReloadDataMessage(message: unknown): message is ReloadDataMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'conventions:reload-data' &&
    Number.isInteger((message as { fromShard?: unknown }).fromShard)
  );
}
