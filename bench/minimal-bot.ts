/**
 * The floor of the stack: a discord.js bot with the same client options as the real one
 * (`src/bot/client.ts`) that answers every slash command with one fixed embed and every
 * autocomplete with 25 fixed choices, doing no work of its own. `npm run bench` bundles it with
 * `scripts/build.mjs` and runs it as `npm start` runs the bot (plain `node` with the same options,
 * `DISCORD_TOKEN` and `DISCORD_API_URL`), and compares.
 *
 * It prints one JSON line `{"msg":"bot ready"}` once ready, like the bot's logger, and exits on
 * SIGTERM after closing the gateway.
 *
 * @module
 */
import { Events } from 'discord.js';
import { createClient } from '../src/bot/client.js';

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (token === undefined || api === undefined) {
  console.error('minimal-bot needs DISCORD_TOKEN and DISCORD_API_URL');
  process.exit(1);
}

/** About the size of the bot's answer: a title, a description and a few fields. */
const EMBED = {
  title: 'Convention interministérielle d’objectifs',
  description:
    'Cette convention a pour ambition de traduire l’engagement du ministère à l’attention des habitants des quartiers prioritaires de la politique de la ville.',
  color: 0x2b6cb0,
  fields: [
    { name: 'Signée le', value: '10 avril 2017', inline: true },
    { name: 'Période', value: '2017-2020', inline: true },
    {
      name: 'Axes',
      value: '• prévention de la délinquance\n• lutte contre la radicalisation\n• tranquillité publique',
    },
  ],
  footer: { text: '1 résultat' },
};

const CHOICES = Array.from({ length: 25 }, (_, index) => ({
  name: `Suggestion ${index + 1}`,
  value: `suggestion ${index + 1}`,
}));

// The bot's own client factory: exactly its options (intents, caches, REST base, replies as built).
const client = createClient({ apiUrl: api });

client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand()) {
    interaction.reply({ embeds: [EMBED] }).catch((error: unknown) => console.error(String(error)));
  } else if (interaction.isAutocomplete()) {
    interaction.respond(CHOICES).catch((error: unknown) => console.error(String(error)));
  }
});

client.once(Events.ClientReady, () => {
  process.stdout.write(`${JSON.stringify({ msg: 'bot ready', time: Date.now() })}\n`);
});

process.once('SIGTERM', () => {
  client.destroy().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});

await client.login(token);
