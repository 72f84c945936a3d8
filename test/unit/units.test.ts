import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/client/view/units.js';

describe('formatCount', () => {
  it('writes every whole number as toLocaleString("en-US") does', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1e6, max: 1e7 }), fc.maxSafeInteger(), fc.maxSafeNat()),
        (n) => {
          expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
        },
      ),
    );
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(-0)).toBe((-0).toLocaleString('en-US'));
  });

  it('leaves other numbers to toLocaleString', () => {
    for (const n of [1.5, 1234.5678, 2 ** 60, Infinity, NaN]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
