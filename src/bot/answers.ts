import {
  type ActionRow,
  type ControlContext,
  jumpMenu,
  pagingRow,
  shareRow,
  suggestionMenu,
} from '../discord/components.js';
import {
  conventionEmbed,
  conventionReply,
  ministryReply,
  noResultReply,
  partnerLabels,
  type Reply,
} from '../discord/replies.js';
import type { Language } from '../i18n.js';
import { messages } from '../i18n.js';
import type { SearchEngine } from '../search/engine.js';
import type { ControlCommand } from './custom-id.js';

/** Queries shown when nothing matched, to show what the bot understands. */
export const EXAMPLE_QUERIES: Readonly<Record<Language, readonly string[]>> = {
  fr: [
    'transports en commun',
    'prévention de la délinquance',
    'décrochage scolaire',
    'emploi des jeunes',
    'éducation artistique',
  ],
  en: ['public transport', 'crime prevention', 'school dropout', 'jobs', 'culture'],
};

/** Everything an answer depends on: all of it fits in a control's custom_id. */
export interface AnswerRequest {
  command: Extract<ControlCommand, 'convention' | 'ministere'>;
  query: string;
  language: Language;
  /** Who asked: the only one who may page or share. */
  owner: string;
  /** Only the asker sees it; it then carries a share button. */
  ephemeral: boolean;
  /** Index of the result shown in full. */
  page?: number;
  /** A colleague the answer is addressed to: the only user it may mention. */
  target?: string;
  /** Set when a private answer is being shared: shown as "partagé par". */
  sharedBy?: string;
}

/** An answer and how many results it has (0: nothing matched). */
export interface Answer {
  reply: Reply;
  results: number;
}

const mention = (userId: string) => `<@${userId}>`;

/**
 * Computes the answer to `/convention` or `/ministere` from the request alone: a command, a page
 * button and a share button all call this, which is why controls need no memory.
 */
export function answer(engine: SearchEngine, request: AnswerRequest): Answer {
  const { command, query, language, owner, ephemeral } = request;
  const context: ControlContext = { command, owner, query, language };
  const rows: ActionRow[] = [];
  let reply: Reply;
  let results: number;

  if (command === 'ministere') {
    const hits = engine.rankMinistries(query);
    results = hits.length;
    if (results === 0) return noResult(engine, context);
    reply = ministryReply(hits, query, language, { ephemeral });
  } else {
    const hits = engine.search(query);
    results = hits.length;
    if (results === 0) return noResult(engine, context);
    const page = Math.min(Math.max(0, request.page ?? 0), hits.length - 1);
    reply = conventionReply(hits, query, language, (text, terms) => engine.highlight(text, terms), {
      ephemeral,
      selected: page,
    });
    if (hits.length > 1) {
      rows.push(pagingRow(context, page, hits.length));
      rows.push(
        jumpMenu(
          context,
          hits.map((hit) => ({
            convention: hit.convention,
            label: partnerLabels(hit.convention),
            description: hit.convention.title,
          })),
          page,
        ),
      );
    }
  }

  if (ephemeral) rows.push(shareRow(context, request.target));
  const t = messages(language);
  const lines: string[] = [];
  const users: string[] = [];
  if (request.target !== undefined && !ephemeral) {
    lines.push(t.addressedTo(mention(request.target)));
    users.push(request.target);
  }
  if (request.sharedBy !== undefined) lines.push(t.sharedBy(mention(request.sharedBy)));
  return {
    results,
    reply: {
      ...reply,
      ...(lines.length > 0 ? { content: lines.join('\n') } : {}),
      ...(rows.length > 0 ? { components: rows } : {}),
      allowedMentions: users.length > 0 ? { parse: [], users } : { parse: [] },
    },
  };
}

function noResult(engine: SearchEngine, context: ControlContext): Answer {
  const alternatives = engine.didYouMean(context.query);
  const reply = noResultReply(
    context.query,
    alternatives,
    EXAMPLE_QUERIES[context.language],
    context.language,
  );
  const menu =
    alternatives.length > 0
      ? suggestionMenu(context, alternatives)
      : suggestionMenu(context, EXAMPLE_QUERIES[context.language]);
  return { results: 0, reply: { ...reply, components: [menu] } };
}

/** One agreement in full, privately: what the overview's menu opens. */
export function agreementAnswer(engine: SearchEngine, id: string, language: Language): Reply | undefined {
  const convention = engine.get(id);
  if (convention === undefined) return undefined;
  return { embeds: [conventionEmbed(convention, language)], ephemeral: true, allowedMentions: { parse: [] } };
}
