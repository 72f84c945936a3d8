import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultBackoff } from '../../src/client/connection/backoff.js';

describe('backoffDelay', () => {
  it('starts at 1 s and doubles up to 30 s without jitter at the midpoint', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 20, 1000].map((n) => backoffDelay(n, 0.5));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('spreads each delay by ±20 % with the random source', () => {
    expect(backoffDelay(1, 0)).toBe(800);
    expect(backoffDelay(1, 0.999999)).toBe(1200);
    expect(backoffDelay(3, 0.25)).toBe(3600);
  });

  it('never exceeds the cap, even with upward jitter', () => {
    expect(backoffDelay(6, 0.999999)).toBe(30000);
    expect(backoffDelay(10, 0.999999)).toBe(30000);
    expect(backoffDelay(10, 0)).toBe(24000);
  });

  it('stays within [base·0.8, min(base·1.2, cap)] for any retry and random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const base = Math.min(30000, 1000 * 2 ** Math.min(n - 1, 30));
          const d = backoffDelay(n, r);
          expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
          expect(d).toBeLessThanOrEqual(Math.min(Math.ceil(base * 1.2), defaultBackoff.maxMs));
        },
      ),
    );
  });

  it('grows monotonically at a fixed random value', () => {
    let previous = 0;
    for (let n = 1; n <= 10; n++) {
      const d = backoffDelay(n, 0.3);
      expect(d).toBeGreaterThanOrEqual(previous);
      previous = d;
    }
  });

  it('follows a custom policy', () => {
    const policy = { initialMs: 10, maxMs: 50, jitter: 0 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0.9, policy))).toEqual([10, 20, 40, 50]);
  });
});
