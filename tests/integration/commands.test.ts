import type { APIInteractionResponse } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/bot/types.js';
import { controlsOf, type Harness, startHarness } from '../support/bot-harness.js';
import {
  autocompleteInteraction,
  booleanOption,
  chatInputInteraction,
  stringOption,
} from '../support/payloads.js';

/** A command that always fails, to exercise the error boundary through the real client. */
const broken: Command = {
  data: { name: 'panne', description: 'Échoue toujours' },
  help: { fr: { example: '/panne', description: '' }, en: { example: '/panne', description: '' } },
  async execute() {
    throw new Error('database on fire');
  },
};

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ commands: [...commands, broken] });
});
afterAll(async () => {
  await harness?.close();
});

type MessageResponse = Extract<APIInteractionResponse, { type: 4 }>;

async function run(
  name: string,
  options: Parameters<typeof chatInputInteraction>[0]['options'] = [],
  locale = 'fr',
) {
  const { fake } = harness;
  const interaction = fake.dispatchInteraction(
    chatInputInteraction({ context: fake.context, name, options, locale: locale as 'fr' }),
  );
  return (await fake.waitForInteractionResponse(interaction.id)) as MessageResponse;
}

describe('the bot on a fake Discord', () => {
  it('answers /convention with the best agreement in full, in the channel', async () => {
    const response = await run('convention', [stringOption('sujet', 'transports en commun')]);
    expect(response.type).toBe(4);
    expect(response.data.flags).toBeUndefined();
    const [embed] = response.data.embeds ?? [];
    expect(embed?.author?.name).toBe('Ville × Transports');
    expect(embed?.fields?.find((field) => field.name === 'Axes')?.value).toContain(
      '**transports collectifs**',
    );
    expect(response.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers /ministere with the ministry and its evidence, in English for an English client', async () => {
    const response = await run('ministere', [stringOption('sujet', 'police')], 'en-US');
    const [embed] = response.data.embeds ?? [];
    expect(embed?.title).toBe('Who covers “police”?');
    expect(embed?.fields?.[0]?.name).toBe('1. Ministère de l’Intérieur');
  });

  it('answers /conventions with every agreement and a menu to open one', async () => {
    const response = await run('conventions');
    expect(response.data.embeds?.[0]?.fields).toHaveLength(5);
    expect(controlsOf(response)[0]).toMatchObject({ type: 3 });
  });

  it('answers /aide privately with each command', async () => {
    const response = await run('aide');
    expect(response.data.flags).toBe(64);
    expect(JSON.stringify(response.data.embeds)).toContain('/ministere sujet:police');
  });

  it('answers privately, with suggestions, when nothing matches', async () => {
    const response = await run('convention', [stringOption('sujet', 'recette de crêpes')]);
    expect(response.data.flags).toBe(64);
    expect(response.data.embeds?.[0]?.title).toBe('Aucune convention trouvée');
    expect(controlsOf(response)[0]).toMatchObject({ type: 3 });
  });

  it('answers /convention prive:true privately with a share button', async () => {
    const response = await run('convention', [stringOption('sujet', 'emploi'), booleanOption('prive', true)]);
    expect(response.data.flags).toBe(64);
    expect(controlsOf(response).some((control) => control.label === 'Partager dans le salon')).toBe(true);
  });

  it('completes a topic from memory with at most 25 choices', async () => {
    const { fake } = harness;
    const interaction = fake.dispatchInteraction(
      autocompleteInteraction({
        context: fake.context,
        name: 'convention',
        focused: { name: 'sujet', value: 'mobil' },
      }),
    );
    const response = (await fake.waitForInteractionResponse(interaction.id)) as Extract<
      APIInteractionResponse,
      { type: 8 }
    >;
    expect(response.type).toBe(8);
    const names = response.data.choices?.map((choice) => choice.name) ?? [];
    expect(names).toContain('mobilité');
    expect(names.length).toBeLessThanOrEqual(25);
  });

  it('contains an exception in a command: logged with the interaction id, answered privately, bot still up', async () => {
    const response = await run('panne');
    expect(response.data.flags).toBe(64);
    expect(response.data.embeds?.[0]?.title).toBe('Une erreur est survenue');
    const logged = harness.logs.find((line) => line.msg === 'command failed');
    expect(logged?.interactionId).toBeTruthy();
    expect(JSON.stringify(logged?.err)).toContain('database on fire');
    expect(response.data.embeds?.[0]?.description).toContain(String(logged?.reference));
    const after = await run('convention', [stringOption('sujet', 'culture')]);
    expect(after.data.embeds?.[0]?.author?.name).toBe('Ville × Culture');
  });

  it('sent only bodies that Discord’s OpenAPI spec accepts, and never the token in a log', () => {
    expect(
      harness.fake.requests.filter((request) => request.route?.includes('callback')).length,
    ).toBeGreaterThan(5);
    harness.assertAllBodiesValid();
    expect(harness.rawLogs.join('\n')).not.toContain(harness.fake.token);
  });
});
