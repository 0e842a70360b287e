import type { APIInteractionResponse } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { chatInputInteraction, integerOption, type OptionInput, stringOption } from '../support/payloads.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

type Response = Extract<APIInteractionResponse, { type: 4 }>;

async function send(name: string, options: readonly OptionInput[], dm = false): Promise<Response> {
  const { fake } = harness;
  const payload = dm
    ? chatInputInteraction({ context: fake.context, name, options, dm: true })
    : chatInputInteraction({ context: fake.context, name, options });
  const interaction = fake.dispatchInteraction(payload);
  return (await fake.waitForInteractionResponse(interaction.id)) as Response;
}

describe('malformed interaction payloads', () => {
  it('answers a command whose required option is missing with a private hint', async () => {
    const response = await send('convention', []);
    expect(response.data.flags).toBe(64);
    expect(response.data.embeds?.[0]?.description).toContain('Indiquez un sujet');
  });

  it('answers an option of the wrong type with a private error, and logs it', async () => {
    const response = await send('convention', [integerOption('sujet', 42)]);
    expect(response.data.flags).toBe(64);
    expect(response.data.embeds?.[0]?.title).toBe('Une erreur est survenue');
    expect(
      harness.logs.some(
        (line) => line.msg === 'command failed' && JSON.stringify(line.err).includes('sujet'),
      ),
    ).toBe(true);
  });

  it('answers an unknown command name privately', async () => {
    const response = await send('supprimee', [stringOption('sujet', 'x')]);
    expect(response.data.flags).toBe(64);
    expect(response.data.embeds?.[0]?.description).toContain('« supprimee » n’existe pas');
  });

  it('answers in a direct message, where there is no guild', async () => {
    const response = await send('convention', [stringOption('sujet', 'bus')], true);
    expect(response.data.embeds?.[0]?.author?.name).toBe('Ville × Transports');
  });

  it('sent only valid bodies', () => {
    harness.assertAllBodiesValid();
  });
});
