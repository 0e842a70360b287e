import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
} from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertValidDiscordBody,
  bodyKindForRoute,
  DiscordBodyError,
  normaliseApiPath,
  preloadDiscordSpec,
  validateCommandsPut,
  validateDiscordRequest,
  validateInteractionCallback,
  validateWebhookEdit,
  validateWebhookExecute,
} from './discord-spec.js';

const APP = '1194611598950584321';
const TOKEN = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpBQkNERUY';

/** A slash command as the bot would register it, built by discord.js itself. */
function searchCommand() {
  return new SlashCommandBuilder()
    .setName('recherche')
    .setNameLocalizations({ 'en-US': 'search', 'en-GB': 'search' })
    .setDescription('Chercher dans les conventions')
    .setDescriptionLocalizations({ 'en-US': 'Search the agreements' })
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.SendMessages)
    .addStringOption((option) =>
      option.setName('requête').setDescription('Mots à chercher').setRequired(true).setAutocomplete(true),
    )
    .addBooleanOption((option) => option.setName('privé').setDescription('Réponse visible de vous seul'))
    .toJSON();
}

function resultEmbed() {
  return new EmbedBuilder()
    .setTitle('Convention de Marseille')
    .setDescription('Objectifs en matière d’emploi')
    .addFields({ name: 'Signée', value: '2023-06-12', inline: true })
    .setFooter({ text: 'Source : ANCT' })
    .setColor(0x2b5797)
    .toJSON();
}

function buttonsRow() {
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder().setCustomId('page:2').setLabel('Suivant').setStyle(ButtonStyle.Secondary),
      new ButtonBuilder()
        .setURL('https://www.legifrance.gouv.fr/')
        .setLabel('Texte')
        .setStyle(ButtonStyle.Link),
    )
    .toJSON();
}

function selectRow() {
  return new ActionRowBuilder<StringSelectMenuBuilder>()
    .addComponents(
      new StringSelectMenuBuilder()
        .setCustomId('pick')
        .addOptions(Array.from({ length: 3 }, (_, i) => ({ label: `Convention ${i}`, value: `c${i}` }))),
    )
    .toJSON();
}

/** A raw select row: discord.js builders refuse more than 25 options, Discord does too. */
function rawSelectRow(count: number) {
  const options = Array.from({ length: count }, (_, i) => ({ label: `Convention ${i}`, value: `c${i}` }));
  return { type: 1, components: [{ type: 3, custom_id: 'pick', options }] };
}

const chars = (n: number, c = 'a') => c.repeat(n);

describe('discord-spec', () => {
  beforeAll(() => {
    preloadDiscordSpec();
  });

  describe('valid bodies', () => {
    it.each([
      [
        'a reply with content, embed, buttons and a select',
        {
          type: 4,
          data: { content: 'Voici', embeds: [resultEmbed()], components: [buttonsRow(), selectRow()] },
        },
      ],
      ['an ephemeral deferred reply', { type: 5, data: { flags: 64 } }],
      ['a deferred update', { type: 6 }],
      ['a message update', { type: 7, data: { content: 'Page 2', components: [buttonsRow()] } }],
      [
        'an autocomplete answer with 25 choices',
        {
          type: 8,
          data: { choices: Array.from({ length: 25 }, (_, i) => ({ name: `Ville ${i}`, value: `v${i}` })) },
        },
      ],
      ['an empty autocomplete answer', { type: 8, data: { choices: [] } }],
    ])('accepts %s as an interaction callback', (_name, body) => {
      expect(validateInteractionCallback(body)).toEqual([]);
    });

    it('accepts a webhook edit and a follow-up built with discord.js builders', () => {
      expect(
        validateWebhookEdit({ content: null, embeds: [resultEmbed()], components: [buttonsRow()] }),
      ).toEqual([]);
      expect(validateWebhookExecute({ content: 'Suite', flags: 64, embeds: [resultEmbed()] })).toEqual([]);
    });

    it('accepts commands from SlashCommandBuilder, whose default_member_permissions is a string of digits', () => {
      const command = searchCommand();
      expect(typeof command.default_member_permissions).toBe('string');
      expect(validateCommandsPut([command])).toEqual([]);
    });

    it('accepts an embed whose text totals exactly 6000 characters', () => {
      const embeds = [
        { title: chars(256), description: chars(4096) },
        { description: chars(6000 - 256 - 4096) },
      ];
      expect(validateWebhookEdit({ embeds })).toEqual([]);
    });

    it('does not catch misspelt keys, because the spec has no additionalProperties: false', () => {
      expect(validateWebhookEdit({ contnet: 'typo' })).toEqual([]);
    });
  });

  describe('invalid message bodies', () => {
    const row = (n: number) => ({
      type: 1,
      components: Array.from({ length: n }, (_, i) => ({
        type: 2,
        style: 2,
        custom_id: `b${i}`,
        label: `${i}`,
      })),
    });
    it.each<[string, unknown, RegExp]>([
      ['a 257-character embed title', { embeds: [{ title: chars(257) }] }, /embeds\[0\]\.title.*256/],
      [
        'embeds totalling 7000 characters',
        { embeds: [{ description: chars(4000) }, { description: chars(3000) }] },
        /embeds.*7000.*6000/,
      ],
      ['a 4097-character embed description', { embeds: [{ description: chars(4097) }] }, /description.*4096/],
      [
        '26 embed fields',
        { embeds: [{ fields: Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' })) }] },
        /fields.*25/,
      ],
      [
        'a 257-character field name',
        { embeds: [{ fields: [{ name: chars(257), value: 'v' }] }] },
        /fields\[0\]\.name.*256/,
      ],
      [
        'a 1025-character field value',
        { embeds: [{ fields: [{ name: 'n', value: chars(1025) }] }] },
        /fields\[0\]\.value.*1024/,
      ],
      [
        'an empty field value',
        { embeds: [{ fields: [{ name: 'n', value: '' }] }] },
        /fields\[0\]\.value.*at least 1/,
      ],
      ['a 2049-character footer', { embeds: [{ footer: { text: chars(2049) } }] }, /footer\.text.*2048/],
      ['a 257-character author name', { embeds: [{ author: { name: chars(257) } }] }, /author\.name.*256/],
      ['2001 characters of content', { content: chars(2001) }, /content.*2000/],
      [
        'six action rows',
        {
          components: Array.from({ length: 6 }, (_, i) => ({
            ...row(1),
            components: [{ type: 2, style: 2, custom_id: `r${i}`, label: 'x' }],
          })),
        },
        /6 action rows.*5/,
      ],
      ['six buttons in a row', { components: [row(6)] }, /components\[0\]\.components.*5/],
      [
        'a 101-character custom_id',
        { components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: chars(101), label: 'x' }] }] },
        /custom_id.*100/,
      ],
      [
        'a link button with a custom_id',
        {
          components: [
            {
              type: 1,
              components: [{ type: 2, style: 5, url: 'https://example.org', custom_id: 'x', label: 'x' }],
            },
          ],
        },
        /link button.*custom_id/,
      ],
      [
        'a primary button without custom_id',
        { components: [{ type: 1, components: [{ type: 2, style: 1, label: 'x' }] }] },
        /needs a custom_id/,
      ],
      [
        'two components with the same custom_id',
        {
          components: [
            {
              type: 1,
              components: [
                { type: 2, style: 1, custom_id: 'same', label: 'a' },
                { type: 2, style: 2, custom_id: 'same', label: 'b' },
              ],
            },
          ],
        },
        /unique/,
      ],
      ['a select with 26 options', { components: [rawSelectRow(26)] }, /options.*25/],
      [
        'a select option label of 101 characters',
        {
          components: [
            {
              type: 1,
              components: [{ type: 3, custom_id: 's', options: [{ label: chars(101), value: 'v' }] }],
            },
          ],
        },
        /options\[0\]\.label.*100/,
      ],
      [
        'a select sharing its row with a button',
        {
          components: [
            {
              type: 1,
              components: [
                { type: 3, custom_id: 's', options: [{ label: 'l', value: 'v' }] },
                { type: 2, style: 1, custom_id: 'b', label: 'b' },
              ],
            },
          ],
        },
        /select menu must hold nothing else/,
      ],
      ['an unknown component type', { components: [{ type: 99 }] }, /components\[0\]\.type.*allowed values/],
    ])('rejects %s', (_name, body, expected) => {
      const errors = validateWebhookEdit(body);
      expect(errors.join('\n')).toMatch(expected);
      // The same rules hold for replies and follow-ups.
      expect(validateInteractionCallback({ type: 4, data: body }).join('\n')).toMatch(expected);
      expect(validateWebhookExecute(body).join('\n')).toMatch(expected);
    });
  });

  describe('invalid interaction callbacks', () => {
    it.each<[string, unknown, RegExp]>([
      [
        'a 26th autocomplete choice',
        {
          type: 8,
          data: { choices: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })) },
        },
        /data\.choices.*25/,
      ],
      [
        'a 101-character choice value',
        { type: 8, data: { choices: [{ name: 'n', value: chars(101) }] } },
        /choices\[0\]\.value.*100/,
      ],
      [
        'a 101-character choice name',
        { type: 8, data: { choices: [{ name: chars(101), value: 'v' }] } },
        /choices\[0\]\.name.*100/,
      ],
      ['an autocomplete answer without data', { type: 8 }, /data/],
      ['an unknown callback type', { type: 42 }, /unknown interaction callback type 42/],
      ['a callback without type', { data: {} }, /numeric type/],
      ['a reply whose data is not an object', { type: 4, data: 'oops' }, /data.*must be object/],
    ])('rejects %s', (_name, body, expected) => {
      expect(validateInteractionCallback(body).join('\n')).toMatch(expected);
    });
  });

  describe('invalid command registrations', () => {
    const base = () => ({ name: 'recherche', description: 'Chercher', type: 1 });
    const withOption = (option: Record<string, unknown>) => ({
      ...base(),
      options: [{ type: 3, name: 'q', description: 'Mots', ...option }],
    });
    it.each<[string, unknown, RegExp]>([
      ['an uppercase command name', { ...base(), name: 'Recherche' }, /\[0\]\.name.*lowercase/],
      ['a command name with a space', { ...base(), name: 'ma recherche' }, /\[0\]\.name.*does not match/],
      ['a 33-character command name', { ...base(), name: chars(33) }, /\[0\]\.name.*32/],
      ['a 101-character description', { ...base(), description: chars(101) }, /\[0\]\.description.*100/],
      ['an empty description', { ...base(), description: '' }, /\[0\]\.description.*at least 1/],
      [
        'an uppercase name localization',
        { ...base(), name_localizations: { 'en-US': 'Search' } },
        /name_localizations\.en-US.*lowercase/,
      ],
      [
        'a 101-character description localization',
        { ...base(), description_localizations: { 'en-US': chars(101) } },
        /description_localizations\.en-US.*100/,
      ],
      ['an uppercase option name', withOption({ name: 'Q' }), /options\[0\]\.name.*lowercase/],
      [
        'a 101-character option description',
        withOption({ description: chars(101) }),
        /options\[0\]\.description.*100/,
      ],
      [
        '26 option choices',
        withOption({ choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` })) }),
        /choices.*25/,
      ],
      [
        'a 101-character string choice value',
        withOption({ choices: [{ name: 'c', value: chars(101) }] }),
        /choices\[0\]\.value.*100/,
      ],
      [
        'choices together with autocomplete',
        withOption({ autocomplete: true, choices: [{ name: 'c', value: 'v' }] }),
        /both choices and autocomplete/,
      ],
      [
        'a required option after an optional one',
        {
          ...base(),
          options: [
            { type: 3, name: 'a', description: 'a' },
            { type: 5, name: 'b', description: 'b', required: true },
          ],
        },
        /required options must come before/,
      ],
      [
        'a non-numeric default_member_permissions',
        { ...base(), default_member_permissions: 'all' },
        /default_member_permissions/,
      ],
    ])('rejects %s', (_name, command, expected) => {
      expect(validateCommandsPut([command]).join('\n')).toMatch(expected);
    });

    it('rejects two commands of the same type and name', () => {
      expect(validateCommandsPut([base(), base()]).join('\n')).toMatch(/already used/);
    });

    it('allows mixed case and spaces in user and message command names', () => {
      expect(validateCommandsPut([{ type: 3, name: 'Chercher ici' }])).toEqual([]);
    });
  });

  describe('assertValidDiscordBody', () => {
    it('picks the schema from the method and path, percent-encoded @original included', () => {
      const request = {
        method: 'PATCH',
        path: `/api/v10/webhooks/${APP}/${TOKEN}/messages/%40original`,
        body: { embeds: [{ title: chars(257) }] },
      };
      expect(bodyKindForRoute(request.method, request.path)).toBe('webhook-edit');
      expect(() => assertValidDiscordBody(request)).toThrow(DiscordBodyError);
      expect(() => assertValidDiscordBody(request)).toThrow(/embeds\[0\]\.title/);
    });

    it.each([
      ['POST', `/interactions/1576482138340106249/${TOKEN}/callback`, 'interaction-callback'],
      ['PATCH', `/webhooks/${APP}/${TOKEN}/messages/1576482138340106250`, 'webhook-edit'],
      ['POST', `/webhooks/${APP}/${TOKEN}`, 'webhook-execute'],
      ['PUT', `/applications/${APP}/commands`, 'commands-put'],
      ['PUT', `/applications/${APP}/guilds/1102833516912345678/commands`, 'commands-put'],
      ['GET', `/applications/${APP}/commands`, null],
    ])('routes %s %s to %s', (method, path, kind) => {
      expect(bodyKindForRoute(method, path)).toBe(kind);
    });

    it('lists every problem of a body in the error', () => {
      try {
        assertValidDiscordBody({
          method: 'PUT',
          path: `/api/v10/applications/${APP}/commands`,
          body: [{ name: 'Mauvais Nom', description: chars(101) }],
        });
        expect.unreachable('an invalid body must throw');
      } catch (error) {
        expect(error).toBeInstanceOf(DiscordBodyError);
        const { errors } = error as DiscordBodyError;
        expect(errors.join('\n')).toMatch(/lowercase/);
        expect(errors.join('\n')).toMatch(/does not match/);
        expect(errors.join('\n')).toMatch(/description/);
      }
    });

    it('accepts requests without a body and reports bodies sent to routes it does not know', () => {
      expect(() =>
        assertValidDiscordBody({ method: 'GET', path: '/api/v10/users/@me', body: undefined }),
      ).not.toThrow();
      expect(
        validateDiscordRequest({
          method: 'POST',
          path: '/api/v10/channels/1/messages',
          body: { content: 'x' },
        }),
      ).toEqual(['(body): no request-body schema known for POST /channels/1/messages']);
    });

    it('normalises API paths', () => {
      expect(normaliseApiPath(`/api/v10/webhooks/${APP}/t/messages/%40original?with_components=true`)).toBe(
        `/webhooks/${APP}/t/messages/@original`,
      );
    });
  });
});
