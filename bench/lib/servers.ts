/**
 * The bot in many servers: what the number of servers adds to its memory. The fake Discord holds
 * `servers` guilds of `channels` text channels each; the bot, started as `npm start` starts it,
 * is measured once ready (resident memory, and heap after a full GC through the inspector).
 *
 * @module
 */
import { FakeDiscord } from '../../tests/support/fake-discord.js';
import { startBotProcess } from './bot-process.js';
import { memoryThroughInspector } from './inspector.js';

/** What {@link measureInServers} found. */
export interface ServersReport {
  servers: number;
  channels: number;
  /** Spawn to "bot ready", ms. */
  readyMs: number;
  rssBytes: number | undefined;
  heapAfterGcBytes: number | undefined;
}

/** Starts the bundle at `script` with `nodeArgs` in `servers` guilds and measures it once ready. */
export async function measureInServers(options: {
  script: string;
  nodeArgs: readonly string[];
  servers: number;
  channels: number;
}): Promise<ServersReport> {
  const textChannels = Array.from({ length: options.channels }, (_, index) => `salon-${index}`);
  const fake = await FakeDiscord.start({
    guilds: Array.from({ length: options.servers }, (_, index) => ({
      name: `Serveur ${index}`,
      textChannels,
    })),
  });
  try {
    const bot = await startBotProcess({
      script: options.script,
      launcher: 'node',
      nodeArgs: [...options.nodeArgs],
      token: fake.token,
      apiUrl: fake.apiUrl,
      timeoutMs: 120_000,
    });
    try {
      // Let the last gateway events settle before measuring.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const rssBytes = bot.memory().bot?.rssBytes;
      const inspector = await bot.openInspector();
      const heap = inspector === undefined ? undefined : await memoryThroughInspector(inspector);
      return {
        servers: options.servers,
        channels: options.channels,
        readyMs: Math.round(bot.readyMs),
        rssBytes,
        heapAfterGcBytes: heap?.afterGc.heapUsed,
      };
    } finally {
      await bot.stop();
    }
  } finally {
    await fake.close();
  }
}
