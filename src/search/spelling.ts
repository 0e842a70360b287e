/**
 * Spelling correction against the corpus vocabulary: the words within a few edits of a word.
 *
 * MiniSearch's `fuzzyGet` walks its radix tree with a Levenshtein matrix it allocates per call;
 * on a vocabulary of a few hundred words that took 30 µs a word, a sixth of a search at 10 000
 * axes when a query holds an unknown word. Here the words are compared one by one, those whose
 * length already differs by more than the allowed edits skipped, by Myers' bit-parallel distance
 * (words of up to 32 characters), or two reused rows of a banded matrix that stops as soon as a
 * row exceeds the allowed edits: 13 µs a word. Same words, same distances, same order as
 * `fuzzyGet` (the tests hold it to that).
 *
 * @module
 */

/** A word of the vocabulary within reach, its value and its distance in edits. */
export type NearWord<T> = [word: string, value: T, distance: number];

/** Words within a few edits (Levenshtein: insert, delete or replace one character). */
export class Speller<T> {
  readonly #words: string[] = [];
  readonly #values: T[] = [];
  // Two rows of the matrix, grown to the longest word compared.
  #previous = new Int32Array(32);
  #current = new Int32Array(32);

  /** `entries` in the order results should come in (a `SearchableMap`'s own order, for one). */
  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [word, value] of entries) {
      this.#words.push(word);
      this.#values.push(value);
    }
  }

  /** Number of words. */
  get size(): number {
    return this.#words.length;
  }

  /** The words at most `maxDistance` edits from `word`, in the order of the entries. */
  near(word: string, maxDistance: number): Array<NearWord<T>> {
    const found: Array<NearWord<T>> = [];
    if (maxDistance < 0) return found;
    const words = this.#words;
    const pattern = word.length > 0 && word.length <= 32 ? this.#pattern(word) : undefined;
    for (let index = 0; index < words.length; index += 1) {
      const candidate = words[index] as string;
      if (Math.abs(candidate.length - word.length) > maxDistance) continue;
      const distance =
        pattern === undefined
          ? this.#distance(word, candidate, maxDistance)
          : bitParallelDistance(pattern, word.length, candidate);
      if (distance <= maxDistance) found.push([candidate, this.#values[index] as T, distance]);
    }
    return found;
  }

  // Where each character of the word being corrected sits, as bits: by code below 128 in an array
  // (folded words are nearly all ASCII), in a map above.
  readonly #ascii = new Int32Array(128);
  readonly #other = new Map<number, number>();

  #pattern(word: string): Pattern {
    this.#ascii.fill(0);
    this.#other.clear();
    for (let position = 0; position < word.length; position += 1) {
      const code = word.charCodeAt(position);
      const bit = 1 << position;
      if (code < 128) this.#ascii[code] = (this.#ascii[code] ?? 0) | bit;
      else this.#other.set(code, (this.#other.get(code) ?? 0) | bit);
    }
    return { ascii: this.#ascii, other: this.#other };
  }

  /** The edit distance between `a` and `b` when it is at most `max`; otherwise more than `max`. */
  #distance(a: string, b: string, max: number): number {
    const columns = a.length + 1;
    if (this.#previous.length < columns) {
      this.#previous = new Int32Array(2 * columns);
      this.#current = new Int32Array(2 * columns);
    }
    let previous = this.#previous;
    let current = this.#current;
    const beyond = max + 1;
    for (let column = 0; column < columns; column += 1) previous[column] = column <= max ? column : beyond;
    for (let row = 1; row <= b.length; row += 1) {
      const char = b.charCodeAt(row - 1);
      // Only the diagonal band of width 2 × max + 1 can stay within `max`.
      const from = Math.max(1, row - max);
      const to = Math.min(a.length, row + max);
      current[0] = row <= max ? row : beyond;
      if (from > 1) current[from - 1] = beyond;
      let smallest = current[0] ?? beyond;
      for (let column = from; column <= to; column += 1) {
        const replace = (previous[column - 1] ?? beyond) + (a.charCodeAt(column - 1) === char ? 0 : 1);
        const remove = (previous[column] ?? beyond) + 1;
        const insert = (current[column - 1] ?? beyond) + 1;
        const cell = Math.min(replace, remove, insert, beyond);
        current[column] = cell;
        if (cell < smallest) smallest = cell;
      }
      if (to < a.length) current[to + 1] = beyond;
      if (smallest > max) return beyond;
      const swap = previous;
      previous = current;
      current = swap;
    }
    return previous[a.length] ?? beyond;
  }
}

/** Where each character of a word of at most 32 characters sits, as bits. */
interface Pattern {
  ascii: Int32Array;
  other: ReadonlyMap<number, number>;
}

/**
 * The edit distance between a word of `length` characters (1 to 32), given by its `pattern`, and
 * `text`: Myers' bit-parallel algorithm in Hyyrö's form for whole strings, one column of the
 * matrix per character of `text` in a few operations on 32-bit words.
 */
function bitParallelDistance(pattern: Pattern, length: number, text: string): number {
  const high = 1 << (length - 1);
  const mask = length === 32 ? -1 : (1 << length) - 1;
  let positive = mask;
  let negative = 0;
  let distance = length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const equal = code < 128 ? (pattern.ascii[code] ?? 0) : (pattern.other.get(code) ?? 0);
    const vertical = equal | negative;
    const horizontal = ((((equal & positive) + positive) | 0) ^ positive) | equal;
    let horizontalPositive = negative | ~(horizontal | positive);
    let horizontalNegative = positive & horizontal;
    if ((horizontalPositive & high) !== 0) distance += 1;
    else if ((horizontalNegative & high) !== 0) distance -= 1;
    // The top row of the matrix grows by one per character: a +1 comes in from above.
    horizontalPositive = (horizontalPositive << 1) | 1;
    horizontalNegative <<= 1;
    positive = (horizontalNegative | ~(vertical | horizontalPositive)) & mask;
    negative = horizontalPositive & vertical & mask;
  }
  return distance;
}
