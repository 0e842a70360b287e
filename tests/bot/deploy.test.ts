import { REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { deployCommands, diffCommands, isEmptyDiff } from '../../src/bot/deploy.js';
import { checkCommandRules, validateCommandsPut } from '../support/discord-spec.js';
import { FakeDiscord } from '../support/fake-discord.js';

const desired = commands.map((command) => command.data);

/** What Discord answers on GET: our commands with ids, versions and defaults added. */
const registered = desired.map((command, index) => ({
  ...command,
  id: `11111111111111111${index}`,
  application_id: '123456789012345678',
  version: '1',
  default_member_permissions: command.default_member_permissions ?? null,
  nsfw: false,
  contexts: command.contexts ?? null,
  options: command.options?.map((option) => ({ required: false, ...option })),
}));

describe('the command registrations', () => {
  it('validate against Discord’s OpenAPI spec and its unwritten rules', () => {
    expect(validateCommandsPut(desired)).toEqual([]);
    expect(checkCommandRules(desired)).toEqual([]);
  });

  it('have French names with English localizations', () => {
    expect(desired.map((command) => [command.name, command.name_localizations?.['en-US']])).toEqual([
      ['convention', 'convention'],
      ['ministere', 'ministry'],
      ['conventions', 'agreements'],
      ['aide', 'help'],
      ['recharger', 'reload'],
    ]);
    for (const command of desired) {
      expect(command.description_localizations?.['en-GB']).toBeTruthy();
      for (const option of command.options ?? []) expect(option.name_localizations?.['en-US']).toBeTruthy();
    }
  });
});

describe('/recharger', () => {
  it('is for administrators only', () => {
    const recharger = desired.find((command) => command.name === 'recharger');
    expect(recharger?.default_member_permissions).toBe('0');
    // Permissions do not apply in DMs with the bot: the command exists in servers only.
    expect(recharger?.contexts).toEqual([0]);
  });
});

describe('diffCommands', () => {
  it('finds nothing to do when Discord has the same commands, whatever it added', () => {
    expect(isEmptyDiff(diffCommands(registered, desired))).toBe(true);
  });

  it('reports added, changed and removed commands by name', () => {
    const [first, , ...rest] = registered;
    const current = [{ ...first, description: 'ancienne description' }, ...rest, { name: 'obsolete' }];
    expect(diffCommands(current as { name: string }[], desired)).toEqual({
      added: ['ministere'],
      changed: ['convention'],
      removed: ['obsolete'],
    });
  });

  it('sees a changed option', () => {
    const current = registered.map((command) =>
      command.name === 'convention'
        ? { ...command, options: command.options?.map((option) => ({ ...option, max_length: 50 })) }
        : command,
    );
    expect(diffCommands(current, desired).changed).toEqual(['convention']);
  });
});

describe('deployCommands', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function deployTo() {
    fake = await FakeDiscord.start();
    const rest = new REST({ api: fake.apiUrl, retries: 0 }).setToken(fake.token);
    const route = Routes.applicationGuildCommands(fake.applicationId, fake.context.guildId);
    return { fake, deploy: () => deployCommands(rest, route, desired) };
  }

  it('registers every command with one bulk PUT the first time', async () => {
    const { fake, deploy } = await deployTo();
    const first = await deploy();
    expect(first.written).toBe(true);
    expect(first.diff.added).toEqual(desired.map((command) => command.name));
    expect(fake.requests.filter((request) => request.method === 'PUT')).toHaveLength(1);
    fake.assertAllBodiesValid();
  });

  it('makes no write on a second deploy of the same commands, localizations included', async () => {
    const { fake, deploy } = await deployTo();
    await deploy();
    const second = await deploy();
    expect(second).toEqual({ diff: { added: [], removed: [], changed: [] }, written: false });
    expect(fake.requests.filter((request) => request.method !== 'GET')).toHaveLength(1);
  });

  it('asks Discord for the localizations it compares', async () => {
    const { fake, deploy } = await deployTo();
    await deploy();
    const gets = fake.requests.filter((request) => request.method === 'GET');
    expect(gets.map((request) => request.query)).toEqual([{ with_localizations: 'true' }]);
  });
});
