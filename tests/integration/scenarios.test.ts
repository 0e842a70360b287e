/**
 * The user-level scenarios shared with the HTTP endpoint (tests/support/scenarios.ts), played
 * through the gateway: the real discord.js client logged in to the fake Discord, each interaction
 * dispatched over its WebSocket and answered through REST. The gateway's own scenarios (restarts,
 * sharing variants, reloads, the data watcher) are in conversation.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { broken, describeScenarios, gatewayTransport, type Transport } from '../support/scenarios.js';

let harness: Harness;
let gateway: Transport;
beforeAll(async () => {
  harness = await startHarness({ commands: [...commands, broken] });
  gateway = gatewayTransport(harness);
});
afterAll(async () => {
  await harness?.close();
});

describeScenarios(() => gateway);

describe('every body sent', () => {
  it('sent only bodies that Discord’s OpenAPI spec accepts, and never the token in a log', () => {
    expect(
      harness.fake.requests.filter((request) => request.route?.includes('callback')).length,
    ).toBeGreaterThan(5);
    harness.assertAllBodiesValid();
    expect(harness.rawLogs.join('\n')).not.toContain(harness.fake.token);
  });
});
