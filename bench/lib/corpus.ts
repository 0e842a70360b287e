/**
 * The corpora of the benchmark: the committed data, and synthetic datasets of a chosen number of
 * axes written with the real vocabulary by a seeded word chain, so every run indexes the same text.
 *
 * @module
 */
import path from 'node:path';
import { FRENCH_MONTHS } from '../../src/data/dates.js';
import { loadDataDirectory } from '../../src/data/loader.js';
import {
  type Convention,
  type Dataset,
  DatasetSchema,
  type Ministry,
  type Thesaurus,
} from '../../src/data/schema.js';

/** Root of the repository. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The committed dataset and thesaurus, validated as the bot loads them. */
export interface RealData {
  dataset: Dataset;
  thesaurus: Thesaurus;
}

/** Loads `data/` through the bot's own loader; throws if it is invalid. */
export async function loadRealData(): Promise<RealData> {
  const loaded = await loadDataDirectory(path.join(ROOT, 'data'));
  if (!loaded.ok) throw new Error(`data/ is invalid: ${JSON.stringify(loaded.problems)}`);
  return loaded.value;
}

/** Number of axes (section items, the bullets) of a dataset. */
export function axisCount(conventions: readonly Convention[]): number {
  return conventions.reduce(
    (sum, convention) =>
      sum + convention.sections.reduce((inner, section) => inner + section.items.length, 0),
    0,
  );
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A word chain (bigrams, with repetition as frequency) over the real texts. */
class WordChain {
  readonly #next = new Map<string, string[]>();
  readonly #starts: string[] = [];
  readonly #random: () => number;

  constructor(texts: readonly string[], random: () => number) {
    this.#random = random;
    for (const text of texts) {
      const words = text.split(/\s+/u).filter((word) => word !== '');
      const first = words[0];
      if (first === undefined) continue;
      this.#starts.push(first);
      for (let index = 0; index + 1 < words.length; index += 1) {
        const word = words[index] as string;
        const following = this.#next.get(word);
        if (following === undefined) this.#next.set(word, [words[index + 1] as string]);
        else following.push(words[index + 1] as string);
      }
    }
    if (this.#starts.length === 0) throw new Error('the word chain needs at least one text');
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }

  /** A sentence of `min` to `max` words; when the chain ends, it starts again from a sentence start. */
  sentence(min: number, max: number): string {
    const length = min + Math.floor(this.#random() * (max - min + 1));
    const words: string[] = [];
    let word = this.#pick(this.#starts);
    while (words.length < length) {
      words.push(word);
      const following = this.#next.get(word);
      word = following === undefined ? this.#pick(this.#starts) : this.#pick(following);
    }
    return words.join(' ').replace(/[\s,;:]+$/u, '');
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every text of the real agreements, as the chain's training material. */
function realTexts(conventions: readonly Convention[]): string[] {
  return conventions.flatMap((convention) => [
    convention.summary,
    ...convention.sections.flatMap((section) => [section.leadIn, ...section.items]),
    ...convention.goals.map((goal) => goal.text),
  ]);
}

/**
 * A dataset of exactly `axes` axes, written with the words of the real agreements: about 20 axes
 * per agreement (5 to 35), one to three sections, real ministries, dates from 2010 to 2024. It is
 * validated with the project's zod schema before it is returned.
 */
export function syntheticDataset(real: Dataset, axes: number, seed = 20_170_410): Dataset {
  const random = mulberry32(seed ^ axes);
  const chain = new WordChain(realTexts(real.conventions), random);
  const ministries: Ministry[] = real.conventions.flatMap((convention) => convention.ministries);
  const goals = real.conventions.flatMap((convention) => convention.goals);
  const sourceUrl = real.conventions[0]?.sourceUrl ?? real.source.url;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

  const conventions: Convention[] = [];
  let remaining = axes;
  while (remaining > 0) {
    const number = conventions.length + 1;
    const size = Math.min(remaining, between(5, 35));
    remaining -= size;
    const partner = pick(ministries);
    const partners = random() < 0.2 ? [partner, pick(ministries)] : [partner];
    const uniquePartners = partners.filter(
      (ministry, index) => partners.findIndex((other) => other.label === ministry.label) === index,
    );
    const year = between(2010, 2024);
    const month = between(1, 12);
    const day = between(1, 28);
    const period = random() < 0.6 ? { from: year, to: year + between(1, 5) } : null;
    const sectionCount = Math.min(size, between(1, 3));
    const sections: Convention['sections'] = [];
    const perSection = Math.floor(size / sectionCount);
    for (let index = 0; index < sectionCount; index += 1) {
      // The last section takes the remainder, so the agreement has exactly `size` axes.
      const count = index === sectionCount - 1 ? size - perSection * (sectionCount - 1) : perSection;
      sections.push({
        kind: index === 0 || random() < 0.7 ? 'axes' : 'results',
        leadIn: `${capitalise(chain.sentence(8, 18))} :`,
        items: Array.from({ length: count }, () => chain.sentence(5, 22)),
      });
    }
    const monthName = FRENCH_MONTHS[month - 1] ?? 'janvier';
    const span = period === null ? '' : ` ${period.from}-${period.to}`;
    conventions.push({
      id: `synthetique-${number}`,
      title: `Convention interministérielle d’objectifs${span} entre le ministère chargé de la Ville et celui de ${partner.label} - ${day} ${monthName} ${year}`,
      ministries: uniquePartners,
      signedOn: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      period,
      summary: `${capitalise(chain.sentence(20, 45))}.\n\n${capitalise(chain.sentence(12, 30))}.`,
      sections,
      goals: random() < 0.3 && goals.length > 0 ? [pick(goals)] : [],
      sourceUrl,
    });
  }
  return DatasetSchema.parse({ version: 1, source: real.source, conventions });
}
