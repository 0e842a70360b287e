import { beforeAll, describe, expect, it } from 'vitest';
import { type AnswerRequest, answer, controlTexts } from '../../src/bot/answers.js';
import { type ControlState, decodeControl, readAnswerArgument } from '../../src/bot/custom-id.js';
import type { Reply } from '../../src/discord/replies.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { readJudgements } from '../relevance/relevance.js';
import { realEngine } from '../support/fakes.js';

let engine: SearchEngine;
beforeAll(async () => {
  engine = await realEngine();
});

// The longest ids Discord hands out, so every control is tested with the least room for its query.
const owner = '30000000000000000001';
const colleague = '30000000000000000002';

const QUERIES = (['queries', 'holdout', 'fresh'] as const).flatMap((name) =>
  readJudgements(name).map((judgement) => judgement.query),
);
/** Nineteen distinct topics: too long for a custom_id even without its stopwords. */
const TOO_LONG =
  'transports emploi culture éducation police sécurité santé logement jeunes quartiers délinquance radicalisation';

const ids = (query: string) => engine.search(query).map((hit) => hit.convention.id);

function request(query: string, extra: Partial<AnswerRequest> = {}): AnswerRequest {
  return { command: 'convention', query, language: 'fr', owner, ephemeral: false, ...extra };
}

/** The decoded state of every control of a reply, with its label. */
function controls(reply: Reply): Array<ControlState & { label?: string }> {
  return (reply.components ?? []).flatMap((row) =>
    row.components.map((component) => {
      const state = decodeControl(String('custom_id' in component ? component.custom_id : ''));
      if (typeof state === 'string') throw new Error(`unreadable control: ${state}`);
      return { ...state, ...('label' in component ? { label: component.label } : {}) };
    }),
  );
}

describe('answer', () => {
  it('gives every control a query with the same results as the one answered, for every relevance query', () => {
    const wrong: string[] = [];
    for (const query of [...QUERIES, TOO_LONG]) {
      for (const extra of [{}, { ephemeral: true, target: colleague }]) {
        const { reply } = answer(engine, request(query, extra));
        for (const state of controls(reply)) {
          if (state.action === 'suggestion') continue;
          if (JSON.stringify(ids(state.text)) !== JSON.stringify(ids(query)))
            wrong.push(`${query} → ${state.action} "${state.text}"`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('pages the answer to a long query through the same agreements, in the same order', () => {
    const query = 'Existe-t-il des engagements concernant l’accès des habitants aux transports collectifs ?';
    const { reply } = answer(engine, request(query));
    const next = controls(reply).find((state) => state.label === 'Suivant');
    expect(next?.text).toBe('engagements accès habitants transports collectifs');
    expect(ids(next?.text ?? '')).toEqual(['transports-2017', 'education-nationale-2017']);
  });

  it('keeps a query that fits as typed', () => {
    const { reply } = answer(engine, request('le décrochage, au collège', { ephemeral: true }));
    const texts = controls(reply).map((state) => state.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts)).toEqual(new Set(['le décrochage, au collège']));
  });

  it('keeps the controls of a long question, carrying only the words that tell agreements apart', () => {
    const question =
      'quel ministère s’occupe de la sécurité et de la prévention de la délinquance dans les quartiers prioritaires de la politique de la ville ?';
    const { reply } = answer(engine, request(question, { ephemeral: true }));
    const texts = controls(reply).map((state) => state.text);
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts)).toEqual(new Set(['sécurité prévention délinquance']));
    expect(ids('sécurité prévention délinquance')).toEqual(ids(question));
    expect(reply.content ?? '').not.toContain('trop longue');
  });

  it('leaves out the controls a query too long to carry would need, and says why', () => {
    expect(ids(TOO_LONG).length).toBeGreaterThan(1);
    const { reply, results } = answer(engine, request(TOO_LONG, { ephemeral: true, target: colleague }));
    expect(results).toBe(ids(TOO_LONG).length);
    expect(reply.components ?? []).toEqual([]);
    expect(reply.content).toContain('trop longue');
    expect(reply.embeds[0]?.footer?.text).toMatch(/^Résultat 1 sur/u);
  });

  it('carries the colleague in the ◀ ▶, menu and share controls of a private answer', () => {
    const { reply } = answer(engine, request('2017', { ephemeral: true, target: colleague, page: 1 }));
    const states = controls(reply);
    expect(states.map((state) => state.action)).toEqual(['page', 'page', 'jump', 'share']);
    expect(states.map((state) => readAnswerArgument(state.argument))).toEqual([
      { page: 0, target: colleague },
      { page: 2, target: colleague },
      { target: colleague },
      { page: 1, target: colleague },
    ]);
  });

  it('puts the page being looked at in the share button', () => {
    const { reply } = answer(engine, request('2017', { ephemeral: true, page: 2 }));
    const share = controls(reply).find((state) => state.action === 'share');
    expect(readAnswerArgument(share?.argument ?? '')).toEqual({ page: 2 });
  });

  it('carries the colleague in the "did you mean" menu, so the answer chosen can still be addressed', () => {
    const { reply } = answer(engine, request('mobiliteeee', { ephemeral: true, target: colleague }));
    const [menu] = controls(reply);
    expect(menu?.action).toBe('suggestion');
    expect(readAnswerArgument(menu?.argument ?? '')).toEqual({ target: colleague });
  });
});

describe('answer, when nothing matches', () => {
  /** The options of the "did you mean" menu of a reply. */
  const menuOptions = (reply: Reply) =>
    (reply.components ?? []).flatMap((row) =>
      row.components.flatMap((component) => ('options' in component ? component.options : [])),
    );

  it('offers only alternatives that fit a menu value whole, each once', () => {
    // Found in review: two alternatives of 114 characters, cut to the same 100-character value.
    const query =
      'zorglub blurfment quixotan vorpalix snarkish grumbletoff wibblewob frobnicatrix mumblecore plonk urbaiqq';
    const { reply, results } = answer(engine, request(query));
    expect(results).toBe(0);
    const values = menuOptions(reply).map((option) => option.value);
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) {
      expect(value.length).toBeLessThanOrEqual(100);
      expect(engine.search(value)).not.toEqual([]);
    }
  });

  it('keeps the colleague of a public request in the menu, so the chosen answer addresses them', () => {
    const { reply } = answer(engine, request('mobiliteeee', { target: colleague }));
    const [menu] = controls(reply);
    expect(menu?.action).toBe('suggestion');
    expect(readAnswerArgument(menu?.argument ?? '')?.target).toBe(colleague);
  });
});

describe('answer, to a query on what every agreement is about', () => {
  it.each<[AnswerRequest['command'], string, 'fr' | 'en', string]>([
    [
      'convention',
      'politique de la ville',
      'fr',
      'Toutes les conventions portent sur « politique de la ville » : les voici.',
    ],
    ['ministere', 'quartiers', 'fr', 'Toutes les conventions portent sur « quartiers » : les voici.'],
    [
      'convention',
      'convention ministère ville',
      'fr',
      'Toutes les conventions portent sur « convention ministère ville » : les voici.',
    ],
    [
      'convention',
      'priority neighbourhoods',
      'en',
      'Every agreement is about “priority neighbourhoods”: here they all are.',
    ],
  ])('/%s %j lists every agreement', (command, query, language, intro) => {
    const { reply, results } = answer(engine, request(query, { command, language }));
    expect(results).toBe(engine.conventions.length);
    expect(reply.embeds[0]?.description?.split('\n')[0]).toBe(intro);
    expect(reply.embeds[0]?.fields).toHaveLength(engine.conventions.length);
    expect(reply.ephemeral).toBe(false);
  });

  it('addresses it to the colleague named, in public, and lets a private one be shared with them', () => {
    const shown = answer(engine, request('politique de la ville', { target: colleague }));
    expect(shown.reply.content).toBe(`<@${colleague}>, ceci pourrait vous intéresser :`);
    expect(shown.reply.allowedMentions).toEqual({ parse: [], users: [colleague] });
    const kept = answer(engine, request('politique de la ville', { target: colleague, ephemeral: true }));
    expect(kept.reply.ephemeral).toBe(true);
    const share = controls(kept.reply).find((state) => state.action === 'share');
    expect(readAnswerArgument(share?.argument ?? '')?.target).toBe(colleague);
  });

  it.each(['police', 'pizza', 'la de le', 'politique de la ville et pizza'])(
    'does not take %j for one',
    (query) => {
      expect(engine.isAboutEveryAgreement(query)).toBe(false);
    },
  );
});

describe('controlTexts', () => {
  it('offers the query as typed, then without the words the engine skips', () => {
    expect(controlTexts(engine, 'quelle convention parle des médias de proximité ?')).toEqual([
      'quelle convention parle des médias de proximité ?',
      'convention médias proximité',
    ]);
  });

  it('keeps a query once when there is nothing to drop', () => {
    expect(controlTexts(engine, 'emploi')).toEqual(['emploi']);
  });

  it('drops repeated words, then the words every agreement has, when the engine ranks it the same', () => {
    const query = 'transports transports collectifs desserte quartiers prioritaires transports';
    expect(controlTexts(engine, query)).toEqual([
      query,
      'transports collectifs desserte quartiers prioritaires',
      'transports collectifs desserte',
    ]);
    expect(ids('transports collectifs desserte')).toEqual(ids(query));
  });

  it('keeps repeated words when they change the ranking: each one weighs in the coverage', () => {
    const query = 'police police police police police police police délinquance culture transports bus';
    expect(ids('police délinquance culture transports bus')).not.toEqual(ids(query));
    expect(controlTexts(engine, query)).toEqual([query]);
  });
});
