/** How long to wait between reconnect attempts. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Spread as a fraction of the delay: 0.2 gives ±20 %, so clients that lost one server do not return in lockstep. */
  readonly jitter: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, jitter: 0.2 };

/**
 * Delay before the `retry`-th consecutive retry (1-based): `initialMs` doubling up to `maxMs`,
 * spread by `jitter` using `random` (a number in [0, 1)), never above `maxMs`.
 */
export function backoffDelay(
  retry: number,
  random: number,
  policy: BackoffPolicy = defaultBackoff,
): number {
  const exponent = Math.max(0, Math.min(retry - 1, 30));
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** exponent);
  const spread = 1 + policy.jitter * (2 * random - 1);
  return Math.max(0, Math.min(policy.maxMs, Math.round(base * spread)));
}
