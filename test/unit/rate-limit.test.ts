import { describe, expect, it } from 'vitest';
import { fullBucket, takeToken, type Bucket } from '../../src/server/core/rate-limit.js';

const policy = { perSecond: 5, burst: 10 };

/** How many of `n` attempts at `at` succeed, and the bucket after. */
function attempts(bucket: Bucket, n: number, at: number): [number, Bucket] {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const next = takeToken(bucket, policy, at);
    if (next === undefined) continue;
    bucket = next;
    ok++;
  }
  return [ok, bucket];
}

describe('token bucket', () => {
  it('allows a burst, then the rate', () => {
    let [ok, bucket] = attempts(fullBucket(policy, 0), 50, 0);
    expect(ok).toBe(10);
    [ok, bucket] = attempts(bucket, 50, 1000);
    expect(ok).toBe(5);
    [ok] = attempts(bucket, 50, 1100);
    expect(ok).toBe(0);
  });

  it('refills to the burst at most, however long the pause', () => {
    const [, empty] = attempts(fullBucket(policy, 0), 10, 0);
    const [ok] = attempts(empty, 100, 3_600_000);
    expect(ok).toBe(10);
  });

  it('a refused attempt costs nothing', () => {
    const [, empty] = attempts(fullBucket(policy, 0), 10, 0);
    expect(takeToken(empty, policy, 100)).toBeUndefined();
    expect(takeToken(empty, policy, 200)).toMatchObject({ tokens: 0 });
  });
});
