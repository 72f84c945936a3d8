import { describe, expect, it } from 'vitest';
import {
  initialRtt,
  rttAbandoned,
  rttAverage,
  rttReceived,
  rttSent,
} from '../../src/client/connection/rtt.js';

describe('rtt', () => {
  it('has no figures before the first exchange', () => {
    expect(initialRtt.last).toBeUndefined();
    expect(rttAverage(initialRtt)).toBeUndefined();
  });

  it('measures from a send to the first line after it', () => {
    let s = rttSent(initialRtt, 1000);
    s = rttReceived(s, 1012);
    expect(s.last).toBe(12);
    expect(rttAverage(s)).toBe(12);
    // Later lines of the same reply are not a new exchange.
    const again = rttReceived(s, 1500);
    expect(again).toBe(s);
  });

  it('ignores lines that arrive with nothing sent (a banner)', () => {
    expect(rttReceived(initialRtt, 5)).toBe(initialRtt);
  });

  it('times from the oldest unanswered send', () => {
    let s = rttSent(initialRtt, 100);
    s = rttSent(s, 150);
    s = rttReceived(s, 160);
    expect(s.last).toBe(60);
  });

  it('averages all exchanges', () => {
    let s = initialRtt;
    for (const [sent, got] of [
      [0, 10],
      [100, 130],
      [200, 205],
    ] as const) {
      s = rttReceived(rttSent(s, sent), got);
    }
    expect(s.last).toBe(5);
    expect(s.samples).toBe(3);
    expect(rttAverage(s)).toBe(15);
  });

  it('forgets a send whose connection dropped', () => {
    const s = rttAbandoned(rttSent(initialRtt, 10));
    expect(s.pendingSince).toBeUndefined();
    expect(rttReceived(s, 20).samples).toBe(0);
    expect(rttAbandoned(initialRtt)).toBe(initialRtt);
  });
});
