import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Router } from './router.js';

/**
 * A discord.js client for this bot: the Guilds intent only (slash commands need nothing more),
 * no mention parsing by default, and a configurable REST base (a rate-limit proxy, or a fake
 * Discord in tests).
 */
export function createClient(options: { apiUrl: string }): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: options.apiUrl },
    allowedMentions: { parse: [] },
  });
}

/** Sends every interaction the client receives to the router. */
export function routeInteractions(client: Client, router: Router, logger: Logger): void {
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void router.command(interaction);
    else if (interaction.isAutocomplete()) void router.autocomplete(interaction);
    else if (interaction.isButton() || interaction.isStringSelectMenu()) void router.component(interaction);
    else
      logger.debug({ interactionId: interaction.id, type: interaction.type }, 'interaction type not handled');
  });
}
