/**
 * The user-level scenarios the bot must play the same whichever way an interaction arrives, written
 * once and run against both transports: the gateway (tests/integration/scenarios.test.ts, the real
 * discord.js client on the fake Discord) and the HTTP interactions endpoint
 * (tests/http/scenarios.test.ts). Each test file owns its harness, wraps it in a {@link Transport}
 * and calls {@link describeScenarios}; what only one transport has (HTTP deferral and copies, gateway
 * restarts, reloads, the data watcher) stays in that transport's files.
 *
 * Every body is still checked against Discord's OpenAPI spec: the HTTP harness checks each answer as
 * it arrives, and both test files end with a check of every request the fake recorded.
 *
 * @module
 */
import type {
  APIInteractionResponse,
  LocaleString,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
  RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/bot/types.js';
import type { HttpHarness } from '../http/http-harness.js';
import { controlsOf, type Harness } from './bot-harness.js';
import type { DispatchedInteraction } from './fake-discord/rest.js';
import {
  autocompleteInteraction,
  booleanOption,
  buttonInteraction,
  chatInputInteraction,
  type OptionInput,
  type PayloadContext,
  stringOption,
  stringSelectInteraction,
  user,
  userOption,
} from './payloads.js';

/** How a scenario talks to the bot, whichever way interactions reach it. */
export interface Transport {
  /** Where interactions happen (the fake's application, guild and channel). */
  readonly context: PayloadContext;
  /** What the bot logged, parsed. */
  readonly logs: ReadonlyArray<Record<string, unknown>>;
  /** Plays one interaction as Discord would; resolves with the bot's first answer (its callback). */
  answer(payload: DispatchedInteraction): Promise<APIInteractionResponse>;
  /** The `index`-th follow-up the bot posted with the interaction's token. */
  followUp(payload: { readonly token: string }, index?: number): Promise<RESTPostAPIWebhookWithTokenJSONBody>;
  /** The first edit of the interaction's `@original`. */
  edit(payload: { readonly token: string }): Promise<RESTPatchAPIWebhookWithTokenMessageJSONBody>;
}

/** The gateway: the interaction is dispatched over the fake's WebSocket, the answer read at its callback route. */
export function gatewayTransport(harness: Harness): Transport {
  const { fake } = harness;
  return {
    context: fake.context,
    logs: harness.logs,
    async answer(payload) {
      return fake.waitForInteractionResponse(fake.dispatchInteraction(payload));
    },
    followUp: (payload, index = 0) => fake.waitForFollowUp(payload, index),
    edit: (payload) => fake.waitForWebhookEdit(payload),
  };
}

/**
 * The HTTP endpoint: the interaction is POSTed signed to the bot, whose answer (checked against the
 * OpenAPI spec by the harness) is the HTTP response; what comes after goes through the fake's REST.
 */
export function httpTransport(harness: HttpHarness): Transport {
  const { fake } = harness;
  return {
    context: fake.context,
    logs: harness.logs,
    answer: (payload) => harness.deliver(payload),
    followUp: (payload, index = 0) => fake.waitForFollowUp(payload, index),
    edit: (payload) => fake.waitForWebhookEdit(payload),
  };
}

/** A command that always fails, to exercise the error boundary; both harnesses register it. */
export const broken: Command = {
  data: { name: 'panne', description: 'Échoue toujours' },
  help: { fr: { example: '/panne', description: '' }, en: { example: '/panne', description: '' } },
  async execute() {
    throw new Error('database on fire');
  },
};

export const asker = user({ id: '300000000000000001', username: 'camille' });
export const colleague = user({ id: '300000000000000002', username: 'dominique' });

export type Response = Extract<APIInteractionResponse, { type: 4 | 7 }>;
type MessageResponse = Extract<APIInteractionResponse, { type: 4 }>;
type AutocompleteResponse = Extract<APIInteractionResponse, { type: 8 }>;

/** Runs a slash command as `who`; resolves with the first answer. */
export async function command(
  t: Transport,
  name: string,
  options: readonly OptionInput[] = [],
  who = asker,
  locale: LocaleString = 'fr',
): Promise<MessageResponse> {
  const payload = chatInputInteraction({ context: t.context, name, options, user: who, locale });
  return (await t.answer(payload)) as MessageResponse;
}

function clickPayload(t: Transport, customId: string, who = asker, ephemeral = false) {
  return buttonInteraction({
    context: t.context,
    customId,
    user: who,
    ...(ephemeral ? { message: { flags: 64 } } : {}),
  });
}

/** Clicks a button as `who` (on a private message when `ephemeral`); resolves with the first answer. */
export async function click(
  t: Transport,
  customId: string,
  who = asker,
  ephemeral = false,
): Promise<Response> {
  return (await t.answer(clickPayload(t, customId, who, ephemeral))) as Response;
}

/** Chooses `value` in a menu as `who`; resolves with the first answer. */
export async function choose(
  t: Transport,
  customId: string,
  value: string,
  who = asker,
  ephemeral = false,
): Promise<Response> {
  const payload = stringSelectInteraction({
    context: t.context,
    customId,
    values: [value],
    user: who,
    ...(ephemeral ? { message: { flags: 64 } } : {}),
  });
  return (await t.answer(payload)) as Response;
}

/** The custom_id of the answer's first control that `predicate` accepts (throws if none). */
export const control = (response: Response, predicate: (control: Record<string, unknown>) => boolean) => {
  const found = controlsOf(response).find(predicate);
  if (found === undefined) throw new Error(`no such control in ${JSON.stringify(response.data)}`);
  return String(found.custom_id);
};
export const next = (response: Response) => control(response, (c) => c.label === 'Suivant');
export const footer = (response: Response) => response.data?.embeds?.[0]?.footer?.text ?? '';

/** One user-level scenario, played through a {@link Transport}. */
export interface Scenario {
  readonly group: string;
  readonly name: string;
  play(t: Transport): Promise<void>;
}

/** The scenarios both transports must play alike, in the order they run. */
export const scenarios: readonly Scenario[] = [
  {
    group: 'commands',
    name: 'answers /convention with the best agreement in full, in the channel',
    async play(t) {
      const response = await command(t, 'convention', [stringOption('sujet', 'transports en commun')]);
      expect(response.type).toBe(4);
      expect(response.data.flags).toBeUndefined();
      const [embed] = response.data.embeds ?? [];
      expect(embed?.author?.name).toBe('Ville × Transports');
      expect(embed?.fields?.find((field) => field.name === 'Axes')?.value).toContain(
        '**transports collectifs**',
      );
      expect(response.data.allowed_mentions).toEqual({ parse: [] });
    },
  },
  {
    group: 'commands',
    name: 'answers /ministere with the ministry and its evidence, in English for an English client',
    async play(t) {
      const response = await command(t, 'ministere', [stringOption('sujet', 'police')], asker, 'en-US');
      const [embed] = response.data.embeds ?? [];
      expect(embed?.title).toBe('Who covers “police”?');
      expect(embed?.fields?.[0]?.name).toBe('1. Ministère de l’Intérieur');
    },
  },
  {
    group: 'commands',
    name: 'answers /conventions with every agreement and a menu to open one',
    async play(t) {
      const response = await command(t, 'conventions');
      expect(response.data.embeds?.[0]?.fields).toHaveLength(5);
      expect(controlsOf(response)[0]).toMatchObject({ type: 3 });
    },
  },
  {
    group: 'commands',
    name: 'answers /aide privately with each command',
    async play(t) {
      const response = await command(t, 'aide');
      expect(response.data.flags).toBe(64);
      expect(JSON.stringify(response.data.embeds)).toContain('/ministere sujet:police');
    },
  },
  {
    group: 'commands',
    name: 'answers privately, with suggestions, when nothing matches',
    async play(t) {
      const response = await command(t, 'convention', [stringOption('sujet', 'recette de crêpes')]);
      expect(response.data.flags).toBe(64);
      expect(response.data.embeds?.[0]?.title).toBe('Aucune convention trouvée');
      expect(controlsOf(response)[0]).toMatchObject({ type: 3 });
    },
  },
  {
    group: 'commands',
    name: 'completes a topic from memory with at most 25 choices',
    async play(t) {
      const payload = autocompleteInteraction({
        context: t.context,
        name: 'convention',
        focused: { name: 'sujet', value: 'mobil' },
      });
      const response = (await t.answer(payload)) as AutocompleteResponse;
      expect(response.type).toBe(8);
      const names = response.data.choices?.map((choice) => choice.name) ?? [];
      expect(names).toContain('mobilité');
      expect(names.length).toBeLessThanOrEqual(25);
    },
  },
  {
    group: 'commands',
    name: 'contains an exception in a command: logged with the interaction id, answered privately, still serving',
    async play(t) {
      const response = await command(t, 'panne');
      expect(response.data.flags).toBe(64);
      expect(response.data.embeds?.[0]?.title).toBe('Une erreur est survenue');
      const logged = t.logs.find((line) => line.msg === 'command failed');
      expect(logged?.interactionId).toBeTruthy();
      expect(JSON.stringify(logged?.err)).toContain('database on fire');
      expect(response.data.embeds?.[0]?.description).toContain(String(logged?.reference));
      const after = await command(t, 'convention', [stringOption('sujet', 'culture')]);
      expect(after.data.embeds?.[0]?.author?.name).toBe('Ville × Culture');
    },
  },
  {
    group: 'controls',
    name: 'pages with ◀ ▶ through the matches, for the asker',
    async play(t) {
      const first = await command(t, 'convention', [stringOption('sujet', '2017')]);
      expect(footer(first)).toMatch(/^Résultat 1 sur 4 ·/u);
      const second = await click(t, next(first));
      expect(second.type).toBe(7);
      expect(footer(second)).toMatch(/^Résultat 2 sur 4 ·/u);
    },
  },
  {
    group: 'controls',
    name: 'jumps to the agreement chosen in the menu',
    async play(t) {
      const first = await command(t, 'convention', [stringOption('sujet', '2017')]);
      const third = await choose(
        t,
        control(first, (c) => c.type === 3),
        '2',
      );
      expect(third.type).toBe(7);
      expect(footer(third)).toMatch(/^Résultat 3 sur 4 ·/u);
    },
  },
  {
    group: 'controls',
    name: 'tells anyone else privately that the controls are not theirs, and leaves the message alone',
    async play(t) {
      const first = await command(t, 'convention', [stringOption('sujet', '2017')]);
      const response = await click(t, next(first), colleague);
      // A new private message (4), not an update (7) of the asker's answer.
      expect(response.type).toBe(4);
      expect(response.data?.flags).toBe(64);
      expect(response.data?.embeds?.[0]?.description).toContain('Seule la personne qui a posé la question');
    },
  },
  {
    group: 'controls',
    name: 'answers a forged custom_id (garbage) privately, without crashing',
    async play(t) {
      const response = await click(t, '<script>alert(1)</script>');
      expect(response.data?.flags).toBe(64);
      expect(response.data?.embeds?.[0]?.description).toContain('Ce bouton n’est pas valide');
    },
  },
  {
    group: 'controls',
    name: 'shares a private answer in the channel, addressed to the colleague who is the only one mentioned',
    async play(t) {
      const preview = await command(t, 'convention', [
        stringOption('sujet', 'emploi'),
        booleanOption('prive', true),
        userOption('cible', colleague),
      ]);
      expect(preview.data?.flags).toBe(64);
      const payload = clickPayload(
        t,
        control(preview, (c) => c.label === 'Partager dans le salon'),
        asker,
        true,
      );
      // The click turns the private preview into a record without controls (7); the public answer
      // is a follow-up on the same token.
      const record = (await t.answer(payload)) as Response;
      expect(record.type).toBe(7);
      expect(record.data?.content).toBe(`Partagé par <@${asker.id}>`);
      expect(record.data?.components).toEqual([]);
      const posted = await t.followUp(payload);
      expect(posted.flags).toBeUndefined();
      expect(posted.content).toBe(
        `<@${colleague.id}>, ceci pourrait vous intéresser :\nPartagé par <@${asker.id}>`,
      );
      expect(posted.allowed_mentions).toEqual({ parse: [], users: [colleague.id] });
      expect(posted.embeds?.[0]?.author?.name).toBe('Ville × Emploi · Service public de l’emploi');
    },
  },
  {
    group: 'controls',
    name: 'offers did-you-mean alternatives in a menu, and answers the one chosen',
    async play(t) {
      const miss = await command(t, 'convention', [stringOption('sujet', 'mobiliteeee')]);
      expect(miss.data?.flags).toBe(64);
      const menu = controlsOf(miss).find((c) => c.type === 3) as {
        custom_id: string;
        options: Array<{ value: string }>;
      };
      expect(menu.options.map((option) => option.value)).toContain('mobilité');
      const answer = await choose(t, menu.custom_id, 'mobilité', asker, true);
      expect(answer.type).toBe(7);
      expect(answer.data?.embeds?.[0]?.author?.name).toBe('Ville × Transports');
    },
  },
  {
    group: 'controls',
    name: 'opens the agreement chosen in the /conventions menu, privately, for anyone',
    async play(t) {
      const overview = await command(t, 'conventions');
      const opened = await choose(
        t,
        control(overview, (c) => c.type === 3),
        'culture-2017',
        colleague,
      );
      expect(opened.type).toBe(4);
      expect(opened.data?.flags).toBe(64);
      expect(opened.data?.embeds?.[0]?.author?.name).toBe('Ville × Culture');
    },
  },
];

/**
 * Declares one `describe` per group of {@link scenarios} and one test per scenario, played through
 * the transport `transport()` returns (called inside each test, so after the file's `beforeAll`).
 * The harness must register {@link broken} and start from the shipped data.
 */
export function describeScenarios(transport: () => Transport): void {
  const groups = [...new Set(scenarios.map((scenario) => scenario.group))];
  for (const group of groups) {
    describe(group, () => {
      for (const scenario of scenarios.filter((s) => s.group === group)) {
        it(scenario.name, () => scenario.play(transport()));
      }
    });
  }
}
