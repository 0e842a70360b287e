/**
 * `npm run deploy-commands`: registers the slash commands with one bulk PUT, to DISCORD_GUILD_ID
 * when set (instant, for development) or globally. Reads what is registered first and writes only
 * when something changed.
 */
import { REST, Routes } from 'discord.js';
import { commands } from '../../commands/index.js';
import { deployCommands } from '../bot/deploy.js';
import { ConfigError, parseConfig, readEnvironment } from '../config.js';

async function main(): Promise<number> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(readEnvironment(), 'deploy');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
  const { token, applicationId, guildId, apiUrl } = config;
  if (token === undefined || applicationId === undefined) return 1;
  const rest = new REST({ api: apiUrl }).setToken(token);
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  const scope = guildId === undefined ? 'globally' : `in guild ${guildId}`;
  const desired = commands.map((command) => command.data);
  try {
    const { diff, written } = await deployCommands(rest, route, desired);
    if (!written) {
      console.log(
        `Commands already up to date ${scope}: ${desired.map((command) => `/${command.name}`).join(', ')}`,
      );
      return 0;
    }
    const lines = [
      ...diff.added.map((name) => `  + /${name}`),
      ...diff.changed.map((name) => `  ~ /${name}`),
      ...diff.removed.map((name) => `  - /${name}`),
    ];
    console.log(`Registered ${desired.length} commands ${scope}:\n${lines.join('\n')}`);
    return 0;
  } catch (error) {
    // discord.js errors carry the HTTP status and Discord's message; never the token.
    const { status, message } = error as { status?: number; message?: string };
    console.error(
      `Could not register the commands ${scope}${status ? ` (HTTP ${status})` : ''}: ${message ?? String(error)}`,
    );
    return 1;
  }
}

process.exitCode = await main();
