import { fullBucket, takeToken, type Bucket, type RatePolicy } from './rate-limit.js';

/**
 * Who is sending UDP datagrams, for the rate limit and the log: one entry per source address,
 * logged when it first appears and summed up when it goes quiet, never once per datagram.
 * Pure: the listener passes the time in.
 */

export interface SourceTally {
  readonly datagrams: number;
  readonly bytes: number;
  readonly dropped: number;
  readonly oversized: number;
}

interface Source extends SourceTally {
  readonly bucket: Bucket;
  readonly lastAt: number;
}

export interface UdpSourcesConfig {
  /** Replies per second per source (burst: as many). */
  readonly perSecond: number;
  /** A source silent this long is summed up and forgotten. */
  readonly quietMs: number;
  /** Most sources remembered; past it the quietest are summed up early (forged floods). */
  readonly maxSources: number;
}

/** What to do with one datagram, and what to log about it. */
export interface Verdict {
  readonly answer: boolean;
  /** The first datagram of a source not seen (lately). */
  readonly newSource: boolean;
}

export interface Summary extends SourceTally {
  readonly source: string;
}

export class UdpSources {
  private readonly sources = new Map<string, Source>();
  private readonly policy: RatePolicy;

  constructor(private readonly config: UdpSourcesConfig) {
    this.policy = { perSecond: config.perSecond, burst: Math.max(1, config.perSecond) };
  }

  get size(): number {
    return this.sources.size;
  }

  /**
   * Counts one datagram of `bytes` from `source` at `now`; `oversized` ones are answered with
   * an error, which counts toward the rate like any reply. Over the rate: not answered.
   */
  datagram(
    source: string,
    bytes: number,
    oversized: boolean,
    now: number,
  ): Verdict & { evicted?: Summary } {
    const known = this.sources.get(source);
    let evicted: Summary | undefined;
    if (known === undefined && this.sources.size >= this.config.maxSources) {
      // Map order is insertion order, refreshed on each datagram below: the first is the quietest.
      const [oldest] = this.sources.keys();
      if (oldest !== undefined) evicted = this.forget(oldest);
    }
    const before: Source = known ?? {
      datagrams: 0,
      bytes: 0,
      dropped: 0,
      oversized: 0,
      bucket: fullBucket(this.policy, now),
      lastAt: now,
    };
    const bucket =
      this.config.perSecond > 0 ? takeToken(before.bucket, this.policy, now) : before.bucket;
    const answer = bucket !== undefined;
    const after: Source = {
      datagrams: before.datagrams + 1,
      bytes: before.bytes + bytes,
      dropped: before.dropped + (answer ? 0 : 1),
      oversized: before.oversized + (oversized && answer ? 1 : 0),
      bucket: bucket ?? before.bucket,
      lastAt: now,
    };
    this.sources.delete(source);
    this.sources.set(source, after);
    return evicted === undefined
      ? { answer, newSource: known === undefined }
      : { answer, newSource: known === undefined, evicted };
  }

  /** Sums up and forgets the sources quiet since `now - quietMs`. */
  sweep(now: number): Summary[] {
    const out: Summary[] = [];
    for (const [source, entry] of this.sources) {
      // Oldest first: the first one still talking ends the sweep.
      if (now - entry.lastAt < this.config.quietMs) break;
      out.push(this.forget(source)!);
    }
    return out;
  }

  /** Sums up every source (the server is stopping). */
  drain(): Summary[] {
    return [...this.sources.keys()].map((source) => this.forget(source)!);
  }

  private forget(source: string): Summary | undefined {
    const entry = this.sources.get(source);
    if (entry === undefined) return undefined;
    this.sources.delete(source);
    return {
      source,
      datagrams: entry.datagrams,
      bytes: entry.bytes,
      dropped: entry.dropped,
      oversized: entry.oversized,
    };
  }
}
