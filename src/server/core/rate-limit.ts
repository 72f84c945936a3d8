/** How many chat lines a client may send: `perSecond` on average, `burst` at once. */
export interface RatePolicy {
  readonly perSecond: number;
  readonly burst: number;
}

/** A token bucket: full at the start, refilled continuously. */
export interface Bucket {
  readonly tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  readonly at: number;
}

/** A full bucket at `now`. */
export function fullBucket(policy: RatePolicy, now: number): Bucket {
  return { tokens: policy.burst, at: now };
}

/** Takes one token at `now` if there is one: the new bucket, or undefined when over the rate. */
export function takeToken(bucket: Bucket, policy: RatePolicy, now: number): Bucket | undefined {
  const elapsed = Math.max(0, now - bucket.at);
  const tokens = Math.min(policy.burst, bucket.tokens + (elapsed * policy.perSecond) / 1000);
  if (tokens < 1) return undefined;
  return { tokens: tokens - 1, at: now };
}
