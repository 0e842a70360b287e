/**
 * The user-level scenarios shared with the gateway (tests/support/scenarios.ts), played in HTTP
 * interactions mode: same router, same commands, answers as HTTP bodies checked against the OpenAPI
 * spec, later answers through the fake's webhook routes. Then what only HTTP has: copies behind a
 * balancer, and a deferred answer edited through REST.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buttonInteraction, chatInputInteraction, stringOption } from '../support/payloads.js';
import {
  asker,
  broken,
  command,
  describeScenarios,
  footer,
  httpTransport,
  next,
  type Response,
  type Transport,
} from '../support/scenarios.js';
import { type HttpHarness, startHttpHarness } from './http-harness.js';

let harness: HttpHarness;
let http: Transport;
beforeAll(async () => {
  harness = await startHttpHarness({ commands: [...commands, broken] });
  http = httpTransport(harness);
});
afterAll(async () => {
  await harness?.close();
});

describeScenarios(() => http);

describe('copies', () => {
  it('is stateless: a button of an answer from one copy works on another copy', async () => {
    const other = await harness.startCopy();
    const first = await command(http, 'convention', [stringOption('sujet', '2017')]);
    const click = buttonInteraction({ context: harness.fake.context, customId: next(first), user: asker });
    const second = (await harness.deliver(click, other)) as Response;
    expect(second.type).toBe(7);
    expect(footer(second)).toMatch(/^Résultat 2 sur 4 ·/u);
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
    const deferred = await http.answer(payload);
    expect(deferred).toEqual({ type: 5, data: { flags: 64 } });
    const edit = (await http.edit(payload)) as {
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
