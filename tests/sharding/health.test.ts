/** `GET /health` of a single gateway process (PORT set, no sharding): its shard's state. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientHealth, type HealthServer, startHealthServer } from '../../src/http/health.js';
import { type Harness, startHarness } from '../support/bot-harness.js';

let harness: Harness;
let health: HealthServer;
beforeAll(async () => {
  harness = await startHarness();
  health = await startHealthServer({
    host: '127.0.0.1',
    port: 0,
    logger: harness.bot.context.logger,
    report: () => clientHealth(harness.bot.client),
  });
});
afterAll(async () => {
  await health?.close();
  await harness?.close();
});

describe('health of one gateway process', () => {
  it('answers 200 with the shard ready and the servers it serves', async () => {
    const response = await fetch(`${health.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      mode: 'gateway',
      guilds: 1,
      shards: [{ id: 0, status: 'Ready', ping: expect.any(Number) }],
    });
  });

  it('answers 503 once the gateway connection is closed, and 404 elsewhere', async () => {
    expect((await fetch(`${health.url}/other`)).status).toBe(404);
    await harness.bot.stop(0);
    const response = await fetch(`${health.url}/health`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded' });
  });
});
