import {
  type ActionRow,
  type ControlContext,
  jumpMenu,
  openMenu,
  pagingRow,
  shareRow,
  suggestionMenu,
} from '../discord/components.js';
import {
  conventionEmbed,
  conventionReply,
  ministryReply,
  noResultReply,
  overviewReply,
  partnerLabels,
  type Reply,
} from '../discord/replies.js';
import type { Language } from '../i18n.js';
import { messages } from '../i18n.js';
import { compactQuery, withoutRepeatedWords } from '../search/compact.js';
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

/** Said when a query is too long for the buttons that would have to carry it. */
export const QUERY_TOO_LONG_FOR_CONTROLS: Readonly<Record<Language, string>> = {
  fr: 'Question trop longue pour les boutons : posez-la en moins de mots pour parcourir ou partager les résultats.',
  en: 'Query too long for the buttons: ask it in fewer words to page through or share the results.',
};

/** Shorter than this, a query fits in every control and repeated words are not worth a search. */
const FITS_EVERY_CONTROL = 40;

/**
 * The texts an answer's controls may carry, best first, each giving the same results as `query`:
 * the query as typed; then without its stopwords, which the engine reads identically; then, when
 * that is still long, without repeated words, then without the words every agreement has, each
 * kept only if the engine ranks it the same.
 */
export function controlTexts(
  engine: SearchEngine,
  query: string,
  /** The ids `engine.search(query)` ranks, when the caller has them already. */
  ranked?: readonly string[],
): string[] {
  const texts = [query];
  const compact = compactQuery(query);
  if (compact === '') return texts;
  if (compact !== query) texts.push(compact);
  if (compact.length <= FITS_EVERY_CONTROL) return texts;
  const ranking = (text: string) => JSON.stringify(engine.search(text).map((hit) => hit.convention.id));
  const expected = ranked === undefined ? ranking(query) : JSON.stringify(ranked);
  let shortest = compact;
  const unique = withoutRepeatedWords(compact);
  if (unique !== compact && ranking(unique) === expected) {
    texts.push(unique);
    shortest = unique;
  }
  // A question full of "ministère", "quartiers", "politique de la ville" keeps what tells apart.
  const essential = engine.withoutIgnoredWords(shortest);
  if (essential !== '' && essential !== shortest && ranking(essential) === expected) texts.push(essential);
  return texts;
}

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
  const base: Omit<ControlContext, 'texts'> = {
    command,
    owner,
    language,
    // Only a private answer needs the target on every page: its share button addresses them.
    ...(ephemeral && request.target !== undefined ? { target: request.target } : {}),
  };
  // A "did you mean" answer is always private, so the colleague travels in its menu either way.
  const suggestionBase = { ...base, ...(request.target === undefined ? {} : { target: request.target }) };
  /** The ids the query ranks, as a search gives them: what the controls' texts must give too. */
  let ranked: readonly string[] = [];
  // Computed once there is something to page through or share.
  const controlContext = (): ControlContext => ({ ...base, texts: controlTexts(engine, query, ranked) });
  const rows: ActionRow[] = [];
  /** Whether a control was left out because the query did not fit in it. */
  let leftOut = false;
  const add = (row: ActionRow | undefined) => {
    if (row === undefined) leftOut = true;
    else rows.push(row);
  };
  let reply: Reply | undefined;
  let results = 0;

  if (command === 'ministere') {
    const hits = engine.rankMinistries(query);
    results = hits.length;
    ranked = [...new Set(hits.map((hit) => hit.convention.id))];
    if (hits.length > 0) {
      reply = ministryReply(hits, query, language, { ephemeral });
      if (ephemeral) add(shareRow(controlContext()));
    }
  } else {
    const hits = engine.search(query);
    results = hits.length;
    ranked = hits.map((hit) => hit.convention.id);
    if (hits.length > 0) {
      const page = Math.min(Math.max(0, request.page ?? 0), hits.length - 1);
      const context = controlContext();
      // The embed asks for each of its goals with the same terms: their set is made once.
      let lastTerms: readonly string[] | undefined;
      let wanted: ReadonlySet<string> = new Set();
      const highlight = (text: string, terms: readonly string[]) => {
        if (terms !== lastTerms) {
          lastTerms = terms;
          wanted = new Set(terms);
        }
        return engine.highlight(text, wanted);
      };
      reply = conventionReply(hits, query, language, highlight, {
        ephemeral,
        selected: page,
      });
      if (hits.length > 1) {
        add(pagingRow(context, page, hits.length));
        add(
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
      if (ephemeral) add(shareRow(context, page));
    }
  }
  if (reply === undefined) {
    if (!engine.isAboutEveryAgreement(query)) return noResult(engine, suggestionBase, query);
    // A query on what every agreement is about ("politique de la ville"): all of them.
    rows.push(openMenu(engine.conventions, language, partnerLabels));
    if (ephemeral) add(shareRow(controlContext()));
    reply = overviewReply(engine.conventions, language, { about: query, ephemeral });
    results = engine.conventions.length;
  }

  const t = messages(language);
  const lines: string[] = [];
  const users: string[] = [];
  if (request.target !== undefined && !ephemeral) {
    lines.push(t.addressedTo(mention(request.target)));
    users.push(request.target);
  }
  if (request.sharedBy !== undefined) lines.push(t.sharedBy(mention(request.sharedBy)));
  if (leftOut) lines.push(QUERY_TOO_LONG_FOR_CONTROLS[language]);
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

function noResult(engine: SearchEngine, base: Omit<ControlContext, 'texts'>, query: string): Answer {
  // The menu carries its alternatives as values, not the query.
  const context: ControlContext = { ...base, texts: [] };
  const alternatives = engine.didYouMean(query);
  const covered = engine.conventions.map(partnerLabels);
  const reply = noResultReply(
    query,
    alternatives,
    EXAMPLE_QUERIES[context.language],
    covered,
    context.language,
  );
  const menu =
    suggestionMenu(context, alternatives) ?? suggestionMenu(context, EXAMPLE_QUERIES[context.language]);
  return { results: 0, reply: { ...reply, components: menu === undefined ? [] : [menu] } };
}

/**
 * What a private preview becomes once shared: the same embeds, saying who shared it, and no
 * controls, so that it cannot be posted twice (nor paged back to a share button).
 */
export function sharedPreview(shared: Reply, sharedBy: string, language: Language): Reply {
  return {
    content: messages(language).sharedBy(mention(sharedBy)),
    embeds: shared.embeds,
    components: [],
    ephemeral: true,
    allowedMentions: { parse: [] },
  };
}

/** One agreement in full, privately: what the overview's menu opens. */
export function agreementAnswer(engine: SearchEngine, id: string, language: Language): Reply | undefined {
  const convention = engine.get(id);
  if (convention === undefined) return undefined;
  return { embeds: [conventionEmbed(convention, language)], ephemeral: true, allowedMentions: { parse: [] } };
}
