/**
 * The gateway mode's end-to-end scenarios (tests/integration/commands and conversation), played in
 * HTTP interactions mode: same router, same commands, answers as HTTP bodies checked against the
 * OpenAPI spec, later answers through the fake's webhook routes.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIInteractionResponse } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/bot/types.js';
import { controlsOf } from '../support/bot-harness.js';
import {
  autocompleteInteraction,
  booleanOption,
  buttonInteraction,
  chatInputInteraction,
  type OptionInput,
  stringOption,
  stringSelectInteraction,
  user,
  userOption,
} from '../support/payloads.js';
import { type HttpHarness, startHttpHarness } from './http-harness.js';

type Response = Extract<APIInteractionResponse, { type: 4 | 7 }>;
type MessageResponse = Extract<APIInteractionResponse, { type: 4 }>;

/** A command that always fails, to exercise the error boundary. */
const broken: Command = {
  data: { name: 'panne', description: 'Échoue toujours' },
  help: { fr: { example: '/panne', description: '' }, en: { example: '/panne', description: '' } },
  async execute() {
    throw new Error('database on fire');
  },
};

const asker = user({ id: '300000000000000001', username: 'camille' });
const colleague = user({ id: '300000000000000002', username: 'dominique' });

let harness: HttpHarness;
beforeAll(async () => {
  harness = await startHttpHarness({ commands: [...commands, broken] });
});
afterAll(async () => {
  await harness?.close();
});

async function command(
  name: string,
  options: readonly OptionInput[] = [],
  who = asker,
  locale = 'fr',
): Promise<MessageResponse> {
  const payload = chatInputInteraction({
    context: harness.fake.context,
    name,
    options,
    user: who,
    locale: locale as 'fr',
  });
  return (await harness.deliver(payload)) as MessageResponse;
}

async function click(customId: string, who = asker, ephemeral = false, copy = harness.bot) {
  const payload = buttonInteraction({
    context: harness.fake.context,
    customId,
    user: who,
    ...(ephemeral ? { message: { flags: 64 } } : {}),
  });
  return (await harness.deliver(payload, copy)) as Response;
}

async function choose(customId: string, value: string, who = asker, ephemeral = false) {
  const payload = stringSelectInteraction({
    context: harness.fake.context,
    customId,
    values: [value],
    user: who,
    ...(ephemeral ? { message: { flags: 64 } } : {}),
  });
  return (await harness.deliver(payload)) as Response;
}

const control = (response: Response, predicate: (control: Record<string, unknown>) => boolean) => {
  const found = controlsOf(response).find(predicate);
  if (found === undefined) throw new Error(`no such control in ${JSON.stringify(response.data)}`);
  return String(found.custom_id);
};
const next = (response: Response) => control(response, (c) => c.label === 'Suivant');
const footer = (response: Response) => response.data?.embeds?.[0]?.footer?.text ?? '';

describe('commands over HTTP', () => {
  it('answers /convention with the best agreement in full, in the channel', async () => {
    const response = await command('convention', [stringOption('sujet', 'transports en commun')]);
    expect(response.type).toBe(4);
    expect(response.data.flags).toBeUndefined();
    const [embed] = response.data.embeds ?? [];
    expect(embed?.author?.name).toBe('Ville × Transports');
    expect(embed?.fields?.find((field) => field.name === 'Axes')?.value).toContain(
      '**transports collectifs**',
    );
    expect(response.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers /ministere in English for an English client', async () => {
    const response = await command('ministere', [stringOption('sujet', 'police')], asker, 'en-US');
    const [embed] = response.data.embeds ?? [];
    expect(embed?.title).toBe('Who covers “police”?');
    expect(embed?.fields?.[0]?.name).toBe('1. Ministère de l’Intérieur');
  });

  it('answers /conventions with every agreement and a menu to open one', async () => {
    const response = await command('conventions');
    expect(response.data.embeds?.[0]?.fields).toHaveLength(5);
    expect(controlsOf(response)[0]).toMatchObject({ type: 3 });
  });

  it('answers /aide privately with each command', async () => {
    const response = await command('aide');
    expect(response.data.flags).toBe(64);
    expect(JSON.stringify(response.data.embeds)).toContain('/ministere sujet:police');
  });

  it('answers privately, with suggestions, when nothing matches', async () => {
    const response = await command('convention', [stringOption('sujet', 'recette de crêpes')]);
    expect(response.data.flags).toBe(64);
    expect(response.data.embeds?.[0]?.title).toBe('Aucune convention trouvée');
    expect(controlsOf(response)[0]).toMatchObject({ type: 3 });
  });

  it('completes a topic with at most 25 choices', async () => {
    const payload = autocompleteInteraction({
      context: harness.fake.context,
      name: 'convention',
      focused: { name: 'sujet', value: 'mobil' },
    });
    const response = (await harness.deliver(payload)) as Extract<APIInteractionResponse, { type: 8 }>;
    expect(response.type).toBe(8);
    const names = response.data.choices?.map((choice) => choice.name) ?? [];
    expect(names).toContain('mobilité');
    expect(names.length).toBeLessThanOrEqual(25);
  });

  it('contains an exception in a command: logged with the interaction id, answered privately, still serving', async () => {
    const response = await command('panne');
    expect(response.data.flags).toBe(64);
    expect(response.data.embeds?.[0]?.title).toBe('Une erreur est survenue');
    const logged = harness.logs.find((line) => line.msg === 'command failed');
    expect(logged?.interactionId).toBeTruthy();
    expect(JSON.stringify(logged?.err)).toContain('database on fire');
    expect(response.data.embeds?.[0]?.description).toContain(String(logged?.reference));
    const after = await command('convention', [stringOption('sujet', 'culture')]);
    expect(after.data.embeds?.[0]?.author?.name).toBe('Ville × Culture');
  });
});

describe('controls over HTTP', () => {
  it('pages with ◀ ▶ through the matches, for the asker', async () => {
    const first = await command('convention', [stringOption('sujet', '2017')]);
    expect(footer(first)).toMatch(/^Résultat 1 sur 4 ·/u);
    const second = await click(next(first));
    expect(second.type).toBe(7);
    expect(footer(second)).toMatch(/^Résultat 2 sur 4 ·/u);
  });

  it('jumps to the agreement chosen in the menu', async () => {
    const first = await command('convention', [stringOption('sujet', '2017')]);
    const third = await choose(
      control(first, (c) => c.type === 3),
      '2',
    );
    expect(third.type).toBe(7);
    expect(footer(third)).toMatch(/^Résultat 3 sur 4 ·/u);
  });

  it('tells anyone else privately that the controls are not theirs', async () => {
    const first = await command('convention', [stringOption('sujet', '2017')]);
    const response = await click(next(first), colleague);
    expect(response.type).toBe(4);
    expect(response.data?.flags).toBe(64);
    expect(response.data?.embeds?.[0]?.description).toContain('Seule la personne qui a posé la question');
  });

  it('is stateless: a button of an answer from one copy works on another copy', async () => {
    const other = await harness.startCopy();
    const first = await command('convention', [stringOption('sujet', '2017')]);
    const second = await click(next(first), asker, false, other);
    expect(second.type).toBe(7);
    expect(footer(second)).toMatch(/^Résultat 2 sur 4 ·/u);
  });

  it('answers a forged custom_id privately, without crashing', async () => {
    const response = await click('<script>alert(1)</script>');
    expect(response.data?.flags).toBe(64);
    expect(response.data?.embeds?.[0]?.description).toContain('Ce bouton n’est pas valide');
  });

  it('shares a private answer in the channel, addressed to the only colleague mentioned', async () => {
    const preview = await command('convention', [
      stringOption('sujet', 'emploi'),
      booleanOption('prive', true),
      userOption('cible', colleague),
    ]);
    expect(preview.data?.flags).toBe(64);
    const payload = buttonInteraction({
      context: harness.fake.context,
      customId: control(preview, (c) => c.label === 'Partager dans le salon'),
      user: asker,
      message: { flags: 64 },
    });
    // The click turns the private preview into a record without controls (7); the public answer
    // is a follow-up on the same token, as in the gateway scenario.
    const record = (await harness.deliver(payload)) as Response;
    expect(record.type).toBe(7);
    expect(record.data?.content).toBe(`Partagé par <@${asker.id}>`);
    expect(record.data?.components).toEqual([]);
    const posted = await harness.fake.waitForFollowUp(payload.token);
    expect(posted.flags).toBeUndefined();
    expect(posted.content).toBe(
      `<@${colleague.id}>, ceci pourrait vous intéresser :\nPartagé par <@${asker.id}>`,
    );
    expect(posted.allowed_mentions).toEqual({ parse: [], users: [colleague.id] });
  });

  it('offers did-you-mean alternatives in a menu, and answers the one chosen', async () => {
    const miss = await command('convention', [stringOption('sujet', 'mobiliteeee')]);
    const menu = controlsOf(miss).find((c) => c.type === 3) as { custom_id: string };
    const answer = await choose(menu.custom_id, 'mobilité', asker, true);
    expect(answer.type).toBe(7);
    expect(answer.data?.embeds?.[0]?.author?.name).toBe('Ville × Transports');
  });

  it('opens the agreement chosen in the /conventions menu, privately', async () => {
    const overview = await command('conventions');
    const opened = await choose(
      control(overview, (c) => c.type === 3),
      'culture-2017',
      colleague,
    );
    expect(opened.type).toBe(4);
    expect(opened.data?.flags).toBe(64);
    expect(opened.data?.embeds?.[0]?.author?.name).toBe('Ville × Culture');
  });
});

describe('answers after the HTTP response', () => {
  it('/recharger defers in the HTTP answer, then edits @original through REST', async () => {
    const file = path.join(harness.dataPath, 'conventions.json');
    const dataset = JSON.parse(
      JSON.stringify((await import('../../data/conventions.json', { with: { type: 'json' } })).default),
    );
    dataset.conventions = dataset.conventions.filter(
      (convention: { id: string }) => convention.id !== 'culture-2017',
    );
    await writeFile(file, JSON.stringify(dataset));
    const payload = chatInputInteraction({ context: harness.fake.context, name: 'recharger', user: asker });
    const deferred = await harness.deliver(payload);
    expect(deferred).toEqual({ type: 5, data: { flags: 64 } });
    const edit = (await harness.fake.waitForWebhookEdit(payload.token)) as {
      embeds: Array<{ title: string; fields: Array<{ name: string; value: string }> }>;
    };
    expect(edit.embeds[0]?.title).toBe('Données rechargées');
    expect(edit.embeds[0]?.fields?.[1]).toEqual({ name: 'Retirées', value: 'culture-2017', inline: true });
  });
});

describe('every body sent', () => {
  it('validates against Discord’s OpenAPI spec, HTTP answers and REST calls alike', () => {
    const callbacks = harness.fake.requests.filter((request) => request.route?.endsWith('/callback'));
    expect(callbacks.length).toBeGreaterThan(15);
    expect(callbacks.every((request) => request.status === 204)).toBe(true);
    harness.fake.assertAllBodiesValid();
  });
});
