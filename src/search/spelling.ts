/**
 * Spelling correction against the corpus vocabulary: the words within a few edits of a word.
 *
 * MiniSearch's `fuzzyGet` walks its radix tree with a Levenshtein matrix it allocates per call;
 * on a vocabulary of a few hundred words that took 30 µs a word, a sixth of a search at 10 000
 * axes when a query holds an unknown word. Here the words are compared one by one, those whose
 * length already differs by more than the allowed edits skipped, with two reused rows of a
 * banded matrix that stops as soon as a row exceeds the allowed edits. Same words, same distances,
 * same order as `fuzzyGet` (the tests hold it to that).
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
    for (let index = 0; index < words.length; index += 1) {
      const candidate = words[index] as string;
      if (Math.abs(candidate.length - word.length) > maxDistance) continue;
      const distance = this.#distance(word, candidate, maxDistance);
      if (distance <= maxDistance) found.push([candidate, this.#values[index] as T, distance]);
    }
    return found;
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
