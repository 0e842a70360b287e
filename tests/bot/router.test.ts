import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createRouter } from '../../src/bot/router.js';
import type { Command } from '../../src/bot/types.js';
import type { SearchEngine } from '../../src/search/engine.js';
import {
  collectingLogger,
  contextFor,
  FakeAutocomplete,
  FakeSlashInteraction,
  realEngine,
} from '../support/fakes.js';

let engine: SearchEngine;
beforeAll(async () => {
  engine = await realEngine();
});

const failing = (
  error: unknown,
  before?: (interaction: Parameters<Command['execute']>[0]) => Promise<unknown>,
): Command => ({
  data: { name: 'panne', description: 'Échoue toujours' },
  help: { fr: { example: '/panne', description: '' }, en: { example: '/panne', description: '' } },
  async execute(interaction) {
    await before?.(interaction);
    throw error;
  },
  async autocomplete() {
    throw error;
  },
});

function setup(extra: Command[] = []) {
  const { logger, lines } = collectingLogger();
  const all = [...commands, ...extra];
  return { router: createRouter(all, contextFor(engine, logger, all)), lines };
}

describe('router.command', () => {
  it('runs the command and logs one line with command, options, locale, latency and results', async () => {
    const { router, lines } = setup();
    const interaction = new FakeSlashInteraction('convention', { sujet: 'transports' });
    await router.command(interaction);
    expect(interaction.calls.map((call) => call.method)).toEqual(['reply']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'command answered',
      command: 'convention',
      locale: 'fr',
      results: 1,
      interactionId: interaction.id,
    });
    expect(typeof lines[0]?.latencyMs).toBe('number');
  });

  it('flags a query without result so the thesaurus can be improved', async () => {
    const { router, lines } = setup();
    await router.command(new FakeSlashInteraction('convention', { sujet: 'xqzvbn' }));
    expect(lines[0]).toMatchObject({ results: 0, noResult: true, query: 'xqzvbn' });
  });

  it('answers an unknown command privately', async () => {
    const { router, lines } = setup();
    const interaction = new FakeSlashInteraction('disparue');
    await router.command(interaction);
    const [call] = interaction.calls;
    expect(call?.method).toBe('reply');
    expect(call?.method === 'reply' && call.options.flags).toBe(64);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'unknown command', command: 'disparue' });
  });

  it.each([
    ['fr', 'Une erreur est survenue'],
    ['en-GB', 'Something went wrong'],
  ])(
    'logs a failing command with its stack and answers privately in the user’s language (%s)',
    async (locale, title) => {
      const { router, lines } = setup([failing(new Error('boom'))]);
      const interaction = new FakeSlashInteraction('panne', {}, locale);
      await expect(router.command(interaction)).resolves.toBeUndefined();
      const [call] = interaction.calls;
      expect(call?.method === 'reply' && call.options.flags).toBe(64);
      const embed = call?.method === 'reply' ? call.options.embeds[0] : undefined;
      expect(embed?.title).toBe(title);
      const logged = lines.find((line) => line.msg === 'command failed');
      expect(logged).toMatchObject({ interactionId: interaction.id, command: 'panne', level: 50 });
      expect((logged?.err as { stack?: string } | undefined)?.stack).toContain('boom');
      expect(embed?.description).toContain(`\`${String(logged?.reference)}\``);
    },
  );

  it('edits the deferred answer when a deferred command fails', async () => {
    const { router } = setup([failing(new Error('late'), (interaction) => interaction.deferReply())]);
    const interaction = new FakeSlashInteraction('panne');
    await router.command(interaction);
    expect(interaction.calls.map((call) => call.method)).toEqual(['deferReply', 'editReply']);
  });

  it('follows up when a command fails after it replied', async () => {
    const { router } = setup([
      failing(new Error('after'), (interaction) =>
        interaction.reply({ embeds: [{ title: 'ok' }], allowedMentions: { parse: [] } }),
      ),
    ]);
    const interaction = new FakeSlashInteraction('panne');
    await router.command(interaction);
    expect(interaction.calls.map((call) => call.method)).toEqual(['reply', 'followUp']);
  });

  it('logs an expired interaction (10062) once and does not try to answer it', async () => {
    const { router, lines } = setup([
      failing(Object.assign(new Error('Unknown interaction'), { code: 10062 })),
    ]);
    const interaction = new FakeSlashInteraction('panne');
    await router.command(interaction);
    expect(interaction.calls).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual(['interaction expired before the answer']);
  });

  it('survives when even the apology cannot be sent', async () => {
    const { router, lines } = setup([failing(new Error('boom'))]);
    const interaction = new FakeSlashInteraction('panne');
    interaction.failWith = new Error('network down');
    await expect(router.command(interaction)).resolves.toBeUndefined();
    expect(lines.map((line) => line.msg)).toEqual([
      'command failed',
      'could not tell the user about the failure',
    ]);
  });
});

describe('router.autocomplete', () => {
  it('answers at most 25 choices of at most 100 characters', async () => {
    const { router } = setup();
    const interaction = new FakeAutocomplete('convention', 'de');
    await router.autocomplete(interaction);
    expect(interaction.choices?.length).toBeGreaterThan(0);
    expect(interaction.choices?.length).toBeLessThanOrEqual(25);
    for (const choice of interaction.choices ?? []) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('answers no choices instead of throwing when autocomplete fails', async () => {
    const { router, lines } = setup([failing(new Error('boom'))]);
    const interaction = new FakeAutocomplete('panne', 'x');
    await expect(router.autocomplete(interaction)).resolves.toBeUndefined();
    expect(interaction.choices).toEqual([]);
    expect(lines[0]).toMatchObject({ msg: 'autocomplete failed' });
  });

  it('answers no choices for a command without autocomplete', async () => {
    const { router } = setup();
    const interaction = new FakeAutocomplete('aide', 'x');
    await router.autocomplete(interaction);
    expect(interaction.choices).toEqual([]);
  });
});
