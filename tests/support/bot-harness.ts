import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commands as defaultCommands } from '../../commands/index.js';
import { type RunningBot, startBot } from '../../src/bot/start.js';
import type { Command } from '../../src/bot/types.js';
import { assertValidDiscordBody } from './discord-spec.js';
import { FakeDiscord, type FakeDiscordOptions } from './fake-discord.js';
import { collectingLogger, realEngine } from './fakes.js';

/** The real bot, logged in to a fake Discord, with its data in a directory of its own. */
export interface Harness {
  fake: FakeDiscord;
  bot: RunningBot;
  dataPath: string;
  logs: Array<Record<string, unknown>>;
  rawLogs: string[];
  /** Starts another bot process-equivalent against the same fake (a restart). */
  restart(): Promise<RunningBot>;
  /** Every body the bot sent, validated against Discord's OpenAPI spec; throws on the first invalid one. */
  assertAllBodiesValid(): void;
  close(): Promise<void>;
}

/** Options of {@link startHarness}. */
export interface HarnessOptions {
  commands?: readonly Command[];
  cooldown?: { commands: number; windowMs: number };
  fake?: FakeDiscordOptions;
  watchData?: boolean;
}

const root = path.resolve(import.meta.dirname, '../..');

/** Starts a fake Discord and the real bot (the real discord.js client) logged in to it. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start(options.fake);
  const dataPath = await mkdtemp(path.join(tmpdir(), 'conventions-bot-'));
  await cp(path.join(root, 'data/conventions.json'), path.join(dataPath, 'conventions.json'));
  await cp(path.join(root, 'data/synonyms.json'), path.join(dataPath, 'synonyms.json'));
  const { logger, lines, raw } = collectingLogger([fake.token]);
  const engine = await realEngine();
  const start = () =>
    startBot({
      config: {
        token: fake.token,
        apiUrl: fake.apiUrl,
        dataPath,
        cooldown: options.cooldown ?? { commands: 0, windowMs: 0 },
      },
      logger,
      engine,
      commands: options.commands ?? defaultCommands,
      watchData: options.watchData ?? false,
    });
  let bot = await start();
  const running = [bot];
  return {
    fake,
    get bot() {
      return bot;
    },
    dataPath,
    logs: lines,
    rawLogs: raw,
    async restart() {
      await bot.stop();
      bot = await start();
      running.push(bot);
      return bot;
    },
    assertAllBodiesValid() {
      for (const request of fake.requests) assertValidDiscordBody(request);
    },
    async close() {
      for (const instance of running) await instance.stop().catch(() => undefined);
      await fake.close();
      await rm(dataPath, { recursive: true, force: true });
    },
  };
}

/** The buttons and menus of a response, flattened out of their action rows. */
export function controlsOf(response: { data?: { components?: unknown[] } }): Array<Record<string, unknown>> {
  return (response.data?.components ?? []).flatMap((row) =>
    typeof row === 'object' && row !== null && 'components' in row
      ? (row.components as Array<Record<string, unknown>>)
      : [],
  );
}

/** Polls a condition every 20 ms; rejects with `description` after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  description = 'condition',
  timeoutMs = 5000,
): Promise<void> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
}
