import { describe, expect, it } from 'vitest';
import { UdpSources } from '../../src/server/core/udp-sources.js';

const config = { perSecond: 5, quietMs: 30_000, maxSources: 3 };

describe('UdpSources', () => {
  it('answers a burst of the rate, then the rate per second, and counts the rest', () => {
    const sources = new UdpSources(config);
    const answers = Array.from(
      { length: 8 },
      () => sources.datagram('10.0.0.1', 10, false, 0).answer,
    );
    expect(answers).toEqual([true, true, true, true, true, false, false, false]);
    // A fifth of a second later, one more token.
    expect(sources.datagram('10.0.0.1', 10, false, 200).answer).toBe(true);
    expect(sources.datagram('10.0.0.1', 10, false, 200).answer).toBe(false);
    expect(sources.drain()).toEqual([
      { source: '10.0.0.1', datagrams: 10, bytes: 100, dropped: 4, oversized: 0 },
    ]);
  });

  it('keeps each source to its own rate', () => {
    const sources = new UdpSources(config);
    for (let i = 0; i < 5; i++) sources.datagram('10.0.0.1', 1, false, 0);
    expect(sources.datagram('10.0.0.1', 1, false, 0).answer).toBe(false);
    expect(sources.datagram('10.0.0.2', 1, false, 0).answer).toBe(true);
  });

  it('says when a source is new, once', () => {
    const sources = new UdpSources(config);
    expect(sources.datagram('10.0.0.1', 1, false, 0).newSource).toBe(true);
    expect(sources.datagram('10.0.0.1', 1, false, 1).newSource).toBe(false);
  });

  it('sums up sources once they are quiet, and forgets them', () => {
    const sources = new UdpSources(config);
    sources.datagram('10.0.0.1', 4, true, 0);
    sources.datagram('10.0.0.2', 4, false, 20_000);
    expect(sources.sweep(29_999)).toEqual([]);
    expect(sources.sweep(30_000)).toEqual([
      { source: '10.0.0.1', datagrams: 1, bytes: 4, dropped: 0, oversized: 1 },
    ]);
    expect(sources.size).toBe(1);
    expect(sources.datagram('10.0.0.1', 1, false, 30_001).newSource).toBe(true);
  });

  it('never remembers more than maxSources: the quietest is summed up early', () => {
    const sources = new UdpSources(config);
    sources.datagram('a', 1, false, 0);
    sources.datagram('b', 1, false, 1);
    sources.datagram('c', 1, false, 2);
    sources.datagram('a', 1, false, 3); // a talks again: b is now the quietest
    const verdict = sources.datagram('d', 1, false, 4);
    expect(verdict.evicted).toEqual({
      source: 'b',
      datagrams: 1,
      bytes: 1,
      dropped: 0,
      oversized: 0,
    });
    expect(sources.size).toBe(3);
  });

  it('answers everything with a rate of 0', () => {
    const sources = new UdpSources({ ...config, perSecond: 0 });
    for (let i = 0; i < 100; i++) expect(sources.datagram('x', 1, false, 0).answer).toBe(true);
  });
});
