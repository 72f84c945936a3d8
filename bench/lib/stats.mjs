// Small statistics helpers for combining rounds.

/** The median of the defined numbers, or undefined when there are none. */
export function median(values) {
  const xs = values
    .filter((v) => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** The p-quantile (0..1) of an unsorted list, nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return undefined;
  const xs = [...values].sort((a, b) => a - b);
  return xs[Math.min(xs.length - 1, Math.round(p * (xs.length - 1)))];
}

export const sum = (values) => values.reduce((a, b) => a + (b ?? 0), 0);

/** Rotates a list left by `n` (to alternate which server goes first in each round). */
export function rotate(list, n) {
  const k = ((n % list.length) + list.length) % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}
