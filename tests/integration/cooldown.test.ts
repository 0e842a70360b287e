import type { APIInteractionResponse } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/bot-harness.js';
import { autocompleteInteraction, chatInputInteraction, stringOption, user } from '../support/payloads.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ cooldown: { commands: 2, windowMs: 60_000 } });
});
afterAll(async () => {
  await harness?.close();
});

const busy = user({ id: '300000000000000009', username: 'presse' });
const calm = user({ id: '300000000000000010', username: 'calme' });

async function convention(who: typeof busy) {
  const { fake } = harness;
  const interaction = fake.dispatchInteraction(
    chatInputInteraction({
      context: fake.context,
      name: 'convention',
      options: [stringOption('sujet', 'bus')],
      user: who,
    }),
  );
  return (await fake.waitForInteractionResponse(interaction.id)) as Extract<
    APIInteractionResponse,
    { type: 4 }
  >;
}

describe('cooldowns', () => {
  it('limits each user to the configured number of commands, says when to retry, and spares others and autocomplete', async () => {
    expect((await convention(busy)).data.flags).toBeUndefined();
    expect((await convention(busy)).data.flags).toBeUndefined();
    const refused = await convention(busy);
    expect(refused.data.flags).toBe(64);
    expect(refused.data.embeds?.[0]?.description).toMatch(/réessayez <t:\d+:R>/u);
    const retryAt = Number(/<t:(\d+):R>/u.exec(refused.data.embeds?.[0]?.description ?? '')?.[1]);
    expect(retryAt * 1000).toBeGreaterThan(Date.now() + 50_000);

    expect((await convention(calm)).data.flags).toBeUndefined();

    const { fake } = harness;
    const completion = fake.dispatchInteraction(
      autocompleteInteraction({
        context: fake.context,
        name: 'convention',
        focused: { name: 'sujet', value: 'bus' },
        user: busy,
      }),
    );
    expect(((await fake.waitForInteractionResponse(completion.id)) as { type: number }).type).toBe(8);
    harness.assertAllBodiesValid();
  });
});
