import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topCandidates } from '../../src/search/candidates.js';

describe('topCandidates', () => {
  it('keeps the results with the best estimates, best first, as sorting them all would', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.double({ min: 0, max: 100, noNaN: true }),
            share: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
        ),
        fc.integer({ min: 1, max: 20 }),
        (raw, depth) => {
          // As MiniSearch gives them: sorted by score; each estimate at most its score.
          const results = raw
            .map((result, index) => ({ ...result, index }))
            .sort((a, b) => b.score - a.score);
          const estimate = (result: { score: number; share: number }) => result.score * result.share;
          const expected = [...results]
            .sort((a, b) => estimate(b) - estimate(a))
            .slice(0, depth)
            .map(estimate);
          expect(topCandidates(results, estimate, depth).map(estimate)).toEqual(expected);
        },
      ),
    );
  });

  it('stops reading once no later result can enter, without estimating it', () => {
    const results = [10, 9, 8, 1, 0.5].map((score) => ({ score }));
    const estimated: number[] = [];
    const kept = topCandidates(
      results,
      (result) => {
        estimated.push(result.score);
        return result.score;
      },
      2,
    );
    expect(kept.map((result) => result.score)).toEqual([10, 9]);
    expect(estimated).toEqual([10, 9]);
  });
});
