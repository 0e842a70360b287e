/**
 * Interactions through the real discord.js client: INTERACTION_CREATE is dispatched by the fake
 * Discord and the time is taken when the bot's callback request reaches the fake's HTTP handler
 * (before the fake reads or validates the body), both with the same `performance.now()` clock.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { APIUser } from 'discord-api-types/v10';
import type { FakeDiscord } from '../../tests/support/fake-discord.js';
import {
  autocompleteInteraction,
  chatInputInteraction,
  type PayloadContext,
  stringOption,
  user,
} from '../../tests/support/payloads.js';
import { ownCpuMs } from './bot-process.js';
import { round, roundSummary, type Summary, settle, summarize } from './stats.js';

/** The interactions measured. */
export const INTERACTION_KINDS = ['convention', 'ministere', 'autocomplete'] as const;

/** One of {@link INTERACTION_KINDS}. */
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

const CALLBACK = /^\/api\/v10\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/u;

interface Tracked {
  dispatchedAt: number;
  arrivals: number[];
  statuses: number[];
  done?: () => void;
}

/**
 * Times callbacks. The fake's REST handler is wrapped on the instance: the arrival time is taken
 * as the request enters the handler, the status once the fake has answered.
 */
export class CallbackTracker {
  readonly #fake: FakeDiscord;
  readonly #tracked = new Map<string, Tracked>();
  /** Callbacks for interactions this tracker did not dispatch (should stay 0). */
  unexpected = 0;

  constructor(fake: FakeDiscord) {
    this.#fake = fake;
    const rest = fake.rest;
    const original = rest.handle.bind(rest);
    rest.handle = async (req: IncomingMessage, res: ServerResponse, onRecorded: () => void) => {
      const arrivedAt = performance.now();
      const id = CALLBACK.exec(req.url ?? '')?.[1];
      const tracked = id === undefined ? undefined : this.#tracked.get(id);
      if (id !== undefined && tracked === undefined) this.unexpected += 1;
      tracked?.arrivals.push(arrivedAt);
      await original(req, res, onRecorded);
      if (tracked !== undefined) {
        tracked.statuses.push(res.statusCode);
        tracked.done?.();
      }
    };
  }

  /** Dispatches INTERACTION_CREATE and resolves once the fake has answered its first callback. */
  dispatch(payload: Parameters<FakeDiscord['dispatchInteraction']>[0]): Promise<void> {
    const tracked: Tracked = { dispatchedAt: 0, arrivals: [], statuses: [] };
    const answered = new Promise<void>((resolve) => {
      tracked.done = resolve;
    });
    this.#tracked.set(payload.id, tracked);
    tracked.dispatchedAt = performance.now();
    this.#fake.dispatchInteraction(payload);
    return answered;
  }

  /** Milliseconds from dispatch to the first callback's arrival. */
  latency(id: string): number | undefined {
    const tracked = this.#tracked.get(id);
    const first = tracked?.arrivals[0];
    return tracked === undefined || first === undefined ? undefined : first - tracked.dispatchedAt;
  }

  /** When the first callback of the interaction arrived (`performance.now()`). */
  arrivedAt(id: string): number | undefined {
    return this.#tracked.get(id)?.arrivals[0];
  }

  /** How many interactions got exactly one successful callback, none, or more than one callback. */
  tally(ids: readonly string[]): {
    answered: number;
    unanswered: number;
    answeredTwice: number;
    failed: number;
  } {
    let answered = 0;
    let unanswered = 0;
    let answeredTwice = 0;
    let failed = 0;
    for (const id of ids) {
      const tracked = this.#tracked.get(id);
      const count = tracked?.arrivals.length ?? 0;
      if (count === 0) unanswered += 1;
      else if (count > 1) answeredTwice += 1;
      else if ((tracked?.statuses[0] ?? 0) >= 300) failed += 1;
      else answered += 1;
    }
    return { answered, unanswered, answeredTwice, failed };
  }

  /** Forgets finished interactions (keeps memory flat over long runs). */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.#tracked.delete(id);
  }
}

/** Builds the payloads of a mix: round-robin over the kinds, queries and users. */
export class PayloadFactory {
  readonly #context: PayloadContext;
  readonly #queries: readonly string[];
  readonly #partials: readonly string[];
  readonly #users: APIUser[];
  #next = 0;

  /**
   * @param queries - full queries for the slash commands.
   * @param partials - what has been typed, for autocomplete.
   * @param users - size of the pool of members who interact (a big server).
   */
  constructor(
    context: PayloadContext,
    queries: readonly string[],
    partials: readonly string[],
    users = 1000,
  ) {
    this.#context = context;
    this.#queries = queries.filter((query) => query.trim() !== '');
    this.#partials = partials;
    this.#users = Array.from({ length: users }, (_, index) => user({ username: `membre${index}` }));
  }

  /** How many payloads were made so far. */
  get made(): number {
    return this.#next;
  }

  /** The next payload of a kind. */
  make(kind: InteractionKind): Parameters<FakeDiscord['dispatchInteraction']>[0] {
    const index = this.#next;
    this.#next += 1;
    const member = this.#users[index % this.#users.length] as APIUser;
    if (kind === 'autocomplete') {
      const value = this.#partials[index % this.#partials.length] ?? '';
      return autocompleteInteraction({
        context: this.#context,
        name: 'convention',
        focused: { name: 'sujet', value },
        user: member,
      });
    }
    const query = this.#queries[index % this.#queries.length] ?? 'emploi';
    return chatInputInteraction({
      context: this.#context,
      name: kind,
      options: [stringOption('sujet', query)],
      user: member,
    });
  }

  /** The next payload of a mix that cycles through every kind. */
  makeMixed(): Parameters<FakeDiscord['dispatchInteraction']>[0] {
    return this.make(INTERACTION_KINDS[this.#next % INTERACTION_KINDS.length] as InteractionKind);
  }
}

/** A bot under test: the fake it is logged in to (through the tracker) and its payloads. */
export interface Target {
  tracker: CallbackTracker;
  payloads: PayloadFactory;
}

/**
 * Sequential latencies of one kind for several bots at once: each interaction is dispatched once
 * the previous one was answered, alternating between the bots (and which goes first), so that
 * whatever else runs on the machine weighs on all of them alike.
 * @returns one summary per target, in the order given.
 */
export async function interleavedLatency(
  targets: readonly Target[],
  kind: InteractionKind,
  options: { warmup: number; samples: number },
): Promise<Summary[]> {
  const latencies = targets.map((): number[] => []);
  for (let index = 0; index < options.warmup + options.samples; index += 1) {
    for (let turn = 0; turn < targets.length; turn += 1) {
      const which = (index + turn) % targets.length;
      const { tracker, payloads } = targets[which] as Target;
      const payload = payloads.make(kind);
      await tracker.dispatch(payload);
      const latency = tracker.latency(payload.id);
      if (index >= options.warmup && latency !== undefined) latencies[which]?.push(latency);
      tracker.forget([payload.id]);
      await settle();
    }
  }
  return latencies.map((samples) => roundSummary(summarize(samples)));
}

/** Outcome of a burst of concurrent interactions. */
export interface BurstReport {
  concurrent: number;
  /** From the first dispatch to the last callback's arrival, ms. */
  elapsedMs: number;
  /** Interactions answered per second over the burst. */
  perSecond: number;
  /** Dispatch-to-callback latency of each interaction in the burst. */
  latency: Summary;
  answered: number;
  unanswered: number;
  answeredTwice: number;
  failed: number;
  /** CPU time the bot process used during the burst, per interaction, ms. */
  botCpuMsPerInteraction: number;
  /** CPU time of the benchmark process (the fake Discord) during the burst, per interaction, ms. */
  fakeCpuMsPerInteraction: number;
}

/** Dispatches `count` mixed interactions at once and waits for every callback (at most `timeoutMs`). */
export async function burst(
  target: Target & { botCpuMs: () => number },
  count: number,
  timeoutMs = 30_000,
): Promise<BurstReport> {
  const { tracker, payloads } = target;
  const batch = Array.from({ length: count }, () => payloads.makeMixed());
  const botCpuBefore = target.botCpuMs();
  const ownCpuBefore = ownCpuMs();
  const started = performance.now();
  const answered = batch.map((payload) => tracker.dispatch(payload));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(answered),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  // Leave time for a duplicate callback to show up before counting.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const ids = batch.map((payload) => payload.id);
  const latencies = ids
    .map((id) => tracker.latency(id))
    .filter((latency): latency is number => latency !== undefined);
  const arrivals = ids
    .map((id) => tracker.arrivedAt(id))
    .filter((arrival): arrival is number => arrival !== undefined);
  const elapsed = (arrivals.length > 0 ? Math.max(...arrivals) : performance.now()) - started;
  const botCpu = target.botCpuMs() - botCpuBefore;
  const ownCpu = ownCpuMs() - ownCpuBefore;
  const tally = tracker.tally(ids);
  tracker.forget(ids);
  return {
    concurrent: count,
    elapsedMs: round(elapsed, 1),
    perSecond: round((tally.answered * 1000) / elapsed, 1),
    latency: roundSummary(summarize(latencies)),
    ...tally,
    botCpuMsPerInteraction: round(botCpu / count, 3),
    fakeCpuMsPerInteraction: round(ownCpu / count, 3),
  };
}

/** Sends `total` mixed interactions in waves of `concurrent`; returns the tally. */
export async function waves(
  { tracker, payloads }: Target,
  total: number,
  concurrent: number,
): Promise<{ sent: number; answered: number; unanswered: number; answeredTwice: number; failed: number }> {
  const sum = { sent: 0, answered: 0, unanswered: 0, answeredTwice: 0, failed: 0 };
  while (sum.sent < total) {
    const size = Math.min(concurrent, total - sum.sent);
    const batch = Array.from({ length: size }, () => payloads.makeMixed());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(batch.map((payload) => tracker.dispatch(payload))),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 30_000);
      }),
    ]);
    clearTimeout(timer);
    const ids = batch.map((payload) => payload.id);
    const tally = tracker.tally(ids);
    tracker.forget(ids);
    sum.sent += size;
    sum.answered += tally.answered;
    sum.unanswered += tally.unanswered;
    sum.answeredTwice += tally.answeredTwice;
    sum.failed += tally.failed;
  }
  return sum;
}
