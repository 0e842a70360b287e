import { fold, isStopword, tokenize } from './analysis.js';
import { stripCommandPrefix } from './query.js';

/**
 * The shortest text the engine reads exactly like `query`: the command or option prefix removed,
 * the stopwords and elided articles dropped, the other words kept as typed, in order, one space
 * apart. The query planner skips the same prefix and the same words before anything else, so the
 * compact form has the same concepts and the same unknown words, hence the same results; only the
 * text shown back to the user is shorter.
 */
export function compactQuery(query: string): string {
  return tokenize(stripCommandPrefix(query))
    .map((token) => token.text)
    .filter((word) => !isStopword(fold(word)))
    .join(' ');
}

/**
 * `query` with each word kept once (the first time it appears, compared folded). This is shorter
 * but not always equivalent: a repeated word weighs twice in how much of the query an agreement
 * covers, so the ranking may change. Use it only after checking it gives the same results.
 */
export function withoutRepeatedWords(query: string): string {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const token of tokenize(query)) {
    const folded = fold(token.text);
    if (seen.has(folded)) continue;
    seen.add(folded);
    words.push(token.text);
  }
  return words.join(' ');
}
