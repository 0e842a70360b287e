import { once } from 'node:events';
import type { APIInteractionResponse } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord.js';
import { chatInputInteraction, stringOption } from '../support/payloads.js';
import { startScript, startWithJsonLogs } from '../support/processes.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('npm start with a token and DISCORD_API_URL', () => {
  it('logs in, answers a command, and on SIGTERM closes the gateway and exits 0, never printing the token', async () => {
    fake = await FakeDiscord.start();
    const bot = startWithJsonLogs('src/main.ts', { DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    await fake.waitForReady(15_000);
    const interaction = fake.dispatchInteraction(
      chatInputInteraction({
        context: fake.context,
        name: 'convention',
        options: [stringOption('sujet', 'radicalisation')],
      }),
    );
    const response = (await fake.waitForInteractionResponse(interaction.id)) as Extract<
      APIInteractionResponse,
      { type: 4 }
    >;
    expect(response.data.embeds?.[0]?.author?.name).toBe('Ville × Intérieur');

    bot.child.kill('SIGTERM');
    const [code] = (await once(bot.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const lines = bot
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['bot ready', 'command answered', 'shutting down', 'gateway connection closed']),
    );
    expect(bot.output()).not.toContain(fake.token);
  }, 30_000);

  it('finishes its shutdown when a second SIGTERM arrives during it, answering the interaction in flight', async () => {
    fake = await FakeDiscord.start();
    const running = startScript('src/main.ts', [], {
      clean: true,
      launcher: 'node',
      env: { LOG_FORMAT: 'json', DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
    });
    await fake.waitForReady(15_000);
    // The answer takes a while to be accepted: the shutdown waits for it.
    fake.failNext({ method: 'POST', path: /\/callback$/, delayMs: 1500 });
    const interaction = fake.dispatchInteraction(
      chatInputInteraction({
        context: fake.context,
        name: 'convention',
        options: [stringOption('sujet', 'bus')],
      }),
    );
    while (!fake.requests.some((request) => request.path.endsWith('/callback'))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Twice, as a terminal's Ctrl+C and the one npm forwards do: the second lands mid-shutdown.
    running.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 5));
    running.child.kill('SIGTERM');
    const { code, signal } = await running.closed();
    expect({ code, signal }, running.stdout() + running.stderr()).toEqual({ code: 0, signal: null });
    await fake.waitForInteractionResponse(interaction.id);
    const messages = running
      .stdout()
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['command answered', 'gateway connection closed']));
  }, 30_000);

  it('reports every bad variable by name and exits 1, without echoing the token', async () => {
    const secret = 'this-is-not-a-real-token-but-a-secret';
    const bot = startWithJsonLogs('src/main.ts', {
      DISCORD_TOKEN: secret,
      LOG_LEVEL: 'chatty',
      DISCORD_API_URL: 'nowhere',
    });
    const [code] = (await once(bot.child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(bot.output()).toContain('DISCORD_TOKEN is malformed');
    expect(bot.output()).toContain('LOG_LEVEL must be one of');
    expect(bot.output()).toContain('DISCORD_API_URL must be an http(s) URL');
    expect(bot.output()).not.toContain(secret);
  }, 20_000);
});

describe('npm run deploy-commands', () => {
  it('registers the commands with one bulk PUT, then finds nothing to change', async () => {
    fake = await FakeDiscord.start();
    const guild = fake.context.guildId;
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: guild,
      DISCORD_API_URL: fake.apiUrl,
    };

    const first = startWithJsonLogs('src/cli/deploy-commands.ts', env);
    expect(((await once(first.child, 'exit')) as [number])[0]).toBe(0);
    expect(first.output()).toContain(`Registered 5 commands in guild ${guild}:`);
    expect(first.output()).toContain('  + /convention');
    const puts = fake.requests.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.path).toBe(`/applications/${fake.applicationId}/guilds/${guild}/commands`);
    fake.assertAllBodiesValid();

    const second = startWithJsonLogs('src/cli/deploy-commands.ts', env);
    expect(((await once(second.child, 'exit')) as [number])[0]).toBe(0);
    expect(second.output()).toContain(`Commands already up to date in guild ${guild}`);
    expect(fake.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
    expect(first.output() + second.output()).not.toContain(fake.token);
  }, 30_000);

  it('needs the application id', async () => {
    const deploy = startWithJsonLogs('src/cli/deploy-commands.ts', {
      DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB',
    });
    expect(((await once(deploy.child, 'exit')) as [number])[0]).toBe(1);
    expect(deploy.output()).toContain('DISCORD_APPLICATION_ID is missing');
  }, 20_000);
});
