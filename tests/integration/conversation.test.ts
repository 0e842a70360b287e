/**
 * Gateway scenarios not (yet) played over HTTP: restarts, sharing variants, reloads, the data
 * watcher. The scenarios both transports play are in tests/support/scenarios.ts.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIInteractionResponse } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlsOf, type Harness, startHarness, waitFor } from '../support/bot-harness.js';
import {
  booleanOption,
  buttonInteraction,
  chatInputInteraction,
  type OptionInput,
  stringOption,
  stringSelectInteraction,
  user,
  userOption,
} from '../support/payloads.js';

type Response = Extract<APIInteractionResponse, { type: 4 | 7 }>;

const asker = user({ id: '300000000000000001', username: 'camille' });
const colleague = user({ id: '300000000000000002', username: 'dominique' });

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function command(name: string, options: readonly OptionInput[] = [], who = asker): Promise<Response> {
  const { fake } = harness;
  const interaction = fake.dispatchInteraction(
    chatInputInteraction({ context: fake.context, name, options, user: who }),
  );
  return (await fake.waitForInteractionResponse(interaction.id)) as Response;
}

/** Clicks a button; `token` is the click's, for its follow-ups. */
async function press(
  customId: string,
  who = asker,
  ephemeral = false,
): Promise<{ response: Response; token: string }> {
  const { fake } = harness;
  const interaction = fake.dispatchInteraction(
    buttonInteraction({
      context: fake.context,
      customId,
      user: who,
      ...(ephemeral ? { message: { flags: 64 } } : {}),
    }),
  );
  return {
    response: (await fake.waitForInteractionResponse(interaction.id)) as Response,
    token: interaction.token,
  };
}

async function click(customId: string, who = asker, ephemeral = false): Promise<Response> {
  return (await press(customId, who, ephemeral)).response;
}

/** Shares a private answer: the preview as updated by the click, and the message posted in the channel. */
async function share(preview: Response) {
  const { response, token } = await press(
    control(preview, (c) => c.label === 'Partager dans le salon'),
    asker,
    true,
  );
  // The preview is updated (7) and the answer follows up; a direct answer (4) would leave the preview as it was.
  const posted = response.type === 4 ? (response.data ?? {}) : await harness.fake.waitForFollowUp(token);
  return { preview: response, posted };
}

async function choose(customId: string, value: string, who = asker, ephemeral = false): Promise<Response> {
  const { fake } = harness;
  const interaction = fake.dispatchInteraction(
    stringSelectInteraction({
      context: fake.context,
      customId,
      values: [value],
      user: who,
      ...(ephemeral ? { message: { flags: 64 } } : {}),
    }),
  );
  return (await fake.waitForInteractionResponse(interaction.id)) as Response;
}

const control = (response: Response, predicate: (control: Record<string, unknown>) => boolean) => {
  const found = controlsOf(response).find(predicate);
  if (found === undefined) throw new Error(`no such control in ${JSON.stringify(response.data)}`);
  return String(found.custom_id);
};
const next = (response: Response) => control(response, (c) => c.label === 'Suivant');
const footer = (response: Response) => response.data?.embeds?.[0]?.footer?.text ?? '';
const author = (response: Response) => response.data?.embeds?.[0]?.author?.name;

describe('paging', () => {
  it('keeps working after a restart: the state is in the custom_id', async () => {
    const first = await command('convention', [stringOption('sujet', '2017')]);
    await harness.restart();
    const second = await click(next(first));
    expect(second.type).toBe(7);
    expect(footer(second)).toMatch(/^Résultat 2 sur 4 ·/u);
  });

  it('pages the answer to a query too long for a custom_id through the same agreements, in order', async () => {
    const query = 'Existe-t-il des engagements concernant l’accès des habitants aux transports collectifs ?';
    const first = await command('convention', [stringOption('sujet', query)]);
    expect(author(first)).toBe('Ville × Transports');
    expect(footer(first)).toMatch(/^Résultat 1 sur 2 ·/u);
    const second = await click(next(first));
    expect(author(second)).toBe('Ville × Éducation nationale');
    expect(footer(second)).toMatch(/^Résultat 2 sur 2 ·/u);
  });

  // Garbage in a custom_id is also a shared scenario (tests/support/scenarios.ts), run on both transports.
  it.each([
    ['a forged owner', '1|c|p|not-an-id|1|2017', 'Ce bouton n’est pas valide'],
    ['a page that is not a number', '1|c|j|300000000000000001||2017', 'Ce bouton n’est pas valide'],
    ['an older format', '0|c|p|300000000000000001|1|2017', 'ancienne version'],
    ['an unknown command', '1|z|p|300000000000000001|1|2017', 'Ce bouton n’est pas valide'],
  ])('answers a custom_id with %s privately, without crashing', async (_, customId, message) => {
    const response = await click(customId);
    expect(response.data?.flags).toBe(64);
    expect(response.data?.embeds?.[0]?.description).toContain(message);
  });
});

describe('preview, then share', () => {
  it('answers /convention prive:true privately with a share button', async () => {
    const response = await command('convention', [
      stringOption('sujet', 'emploi'),
      booleanOption('prive', true),
    ]);
    expect(response.data?.flags).toBe(64);
    expect(controlsOf(response).some((control) => control.label === 'Partager dans le salon')).toBe(true);
  });

  it('shares the result being previewed, not the first one', async () => {
    const preview = await command('convention', [
      stringOption('sujet', '2017'),
      booleanOption('prive', true),
    ]);
    const third = await choose(
      control(preview, (c) => c.type === 3),
      '2',
      asker,
      true,
    );
    const { posted } = await share(third);
    expect(posted.embeds?.[0]?.footer?.text).toMatch(/^Résultat 3 sur 4 ·/u);
    expect(posted.embeds?.[0]?.author?.name).toBe(author(third));
  });

  it('turns the preview into a record of the share, without a button to post it twice', async () => {
    const preview = await command('convention', [
      stringOption('sujet', '2017'),
      booleanOption('prive', true),
    ]);
    const { preview: after } = await share(preview);
    expect(after.type).toBe(7);
    expect(after.data?.content).toBe(`Partagé par <@${asker.id}>`);
    expect(after.data?.allowed_mentions).toEqual({ parse: [] });
    expect(after.data?.components).toEqual([]);
    expect(after.data?.embeds).toEqual(preview.data?.embeds);
  });

  it('still addresses the colleague when the private answer was paged before being shared', async () => {
    const preview = await command('convention', [
      stringOption('sujet', '2017'),
      booleanOption('prive', true),
      userOption('cible', colleague),
    ]);
    const second = await click(next(preview), asker, true);
    expect(footer(second)).toMatch(/^Résultat 2 sur 4 ·/u);
    const { posted } = await share(second);
    expect(posted.content).toBe(
      `<@${colleague.id}>, ceci pourrait vous intéresser :\nPartagé par <@${asker.id}>`,
    );
    expect(posted.allowed_mentions).toEqual({ parse: [], users: [colleague.id] });
    expect(posted.embeds?.[0]?.footer?.text).toMatch(/^Résultat 2 sur 4 ·/u);
  });

  it('still reads a share button posted before it carried the page: the first result, addressed as before', async () => {
    const legacy = `1|c|s|${asker.id}|${colleague.id}|emploi`;
    const { preview, posted } = await share({
      type: 4,
      data: {
        components: [
          { type: 1, components: [{ type: 2, label: 'Partager dans le salon', custom_id: legacy }] },
        ],
      },
    } as Response);
    expect(preview.type).toBe(7);
    expect(posted.content).toBe(
      `<@${colleague.id}>, ceci pourrait vous intéresser :\nPartagé par <@${asker.id}>`,
    );
    expect(posted.embeds?.[0]?.author?.name).toBe('Ville × Emploi · Service public de l’emploi');
  });

  it('addresses a public answer to a colleague directly', async () => {
    const response = await command('ministere', [
      stringOption('sujet', 'police'),
      userOption('cible', colleague),
    ]);
    expect(response.data?.content).toBe(`<@${colleague.id}>, ceci pourrait vous intéresser :`);
    expect(response.data?.allowed_mentions).toEqual({ parse: [], users: [colleague.id] });
  });

  it('lets only the asker share', async () => {
    const preview = await command('convention', [
      stringOption('sujet', 'emploi'),
      booleanOption('prive', true),
    ]);
    const response = await click(
      control(preview, (c) => c.label === 'Partager dans le salon'),
      colleague,
      true,
    );
    expect(response.data?.flags).toBe(64);
  });
});

describe('/recharger', () => {
  async function reload() {
    const { fake } = harness;
    const interaction = fake.dispatchInteraction(
      chatInputInteraction({ context: fake.context, name: 'recharger', user: asker }),
    );
    const deferred = (await fake.waitForInteractionResponse(interaction.id)) as {
      type: number;
      data?: { flags?: number };
    };
    expect(deferred).toMatchObject({ type: 5, data: { flags: 64 } });
    return fake.waitForWebhookEdit(interaction.token);
  }

  it('refuses a broken file, reports every problem and keeps the previous index', async () => {
    const file = path.join(harness.dataPath, 'conventions.json');
    const dataset = JSON.parse(
      JSON.stringify((await import('../../data/conventions.json', { with: { type: 'json' } })).default),
    );
    dataset.conventions[0].signedOn = '2017-02-30';
    dataset.conventions[1].id = 'Pas Un Slug';
    await writeFile(file, JSON.stringify(dataset));
    const edit = (await reload()) as { embeds: Array<{ title: string; description: string }> };
    expect(edit.embeds[0]?.title).toBe('Données refusées');
    expect(edit.embeds[0]?.description).toContain('2 problèmes');
    expect(edit.embeds[0]?.description).toContain(
      'conventions[0] (interieur-2017) › signedOn: is not a real calendar date',
    );
    expect(edit.embeds[0]?.description).toContain(
      'conventions[1] (Pas Un Slug) › id: must be a lowercase slug',
    );
    const still = await command('convention', [stringOption('sujet', 'culture')]);
    expect(still.data?.embeds?.[0]?.author?.name).toBe('Ville × Culture');
  });

  it('swaps in a valid file and shows what changed', async () => {
    const file = path.join(harness.dataPath, 'conventions.json');
    const dataset = JSON.parse(
      JSON.stringify((await import('../../data/conventions.json', { with: { type: 'json' } })).default),
    );
    dataset.conventions = dataset.conventions.filter(
      (convention: { id: string }) => convention.id !== 'culture-2017',
    );
    dataset.conventions[0].sections[0].items.push('Lutter contre les rodéos urbains');
    await writeFile(file, JSON.stringify(dataset));
    const edit = (await reload()) as {
      embeds: Array<{ title: string; fields: Array<{ name: string; value: string }> }>;
    };
    expect(edit.embeds[0]?.title).toBe('Données rechargées');
    expect(edit.embeds[0]?.fields).toEqual([
      { name: 'Ajoutées', value: '—', inline: true },
      { name: 'Retirées', value: 'culture-2017', inline: true },
      { name: 'Modifiées', value: 'interieur-2017', inline: true },
      { name: '\u200b', value: 'axes : +1 / −5' },
    ]);
    const rodeos = await command('convention', [stringOption('sujet', 'rodéos')]);
    expect(rodeos.data?.embeds?.[0]?.author?.name).toBe('Ville × Intérieur');
  });
});

describe('the data watcher', () => {
  it('reloads when a data file changes, and keeps the last good index when the new file is broken', async () => {
    const watched = await startHarness({ watchData: true });
    try {
      const file = path.join(watched.dataPath, 'conventions.json');
      const dataset = JSON.parse(
        JSON.stringify((await import('../../data/conventions.json', { with: { type: 'json' } })).default),
      );
      await writeFile(file, '{ "version": 1, "conventions": [');
      await waitFor(() =>
        watched.logs.some((line) => line.msg === 'data reload refused: keeping the previous index'),
      );
      expect(watched.bot.context.engine().conventions).toHaveLength(5);
      dataset.conventions = dataset.conventions.slice(0, 2);
      await writeFile(file, JSON.stringify(dataset));
      await waitFor(() => watched.bot.context.engine().conventions.length === 2);
    } finally {
      await watched.close();
    }
  });
});

describe('every body sent', () => {
  it('validates against Discord’s OpenAPI spec', () => {
    harness.assertAllBodiesValid();
  });
});
