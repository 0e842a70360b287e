import { type APIEmbed, MessagePayload } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/bot/client.js';

describe('createClient', () => {
  const clients: Array<ReturnType<typeof createClient>> = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.destroy()));
  });

  it('sends an embed and its components as built, not as a transformed copy', () => {
    const client = createClient({ apiUrl: 'http://127.0.0.1:9/api' });
    clients.push(client);
    const embed: APIEmbed = { title: 'Transports', fields: [{ name: 'Période', value: '2017–2020' }] };
    const row = { type: 1, components: [{ type: 2, style: 2, custom_id: 'page:1', label: 'Suivant' }] };
    // The target a reply is resolved against: discord.js reads only its client here.
    const payload = new MessagePayload({ client } as never, { embeds: [embed], components: [row] as never });
    const body = payload.resolveBody().body as { embeds: unknown[]; components: unknown[] };
    expect(body.embeds[0]).toBe(embed);
    expect(body.components[0]).toBe(row);
  });
});
