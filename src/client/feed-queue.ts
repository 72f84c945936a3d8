import type { ConnectionSnapshot } from './connection-types.js';
import type { TimedEvent } from './tui-state.js';

/**
 * Connection news waiting for the next frame. A frame takes at most `budget` lines, so one
 * frame's work stays short however fast a server floods; and the queue never holds more than
 * `capacity` lines ahead of the oldest kept event: lines that the scrollback would drop anyway
 * are dropped here, uncounted in work and memory, and reported as `skipped`.
 */
export interface FeedBatch {
  /** Lines that arrived before `events` and were dropped unseen (with everything older). */
  readonly skipped: number;
  /** In order; never `state` events (see `snapshot`). */
  readonly events: readonly TimedEvent[];
  /** The latest snapshot, if one arrived since the last batch. */
  readonly snapshot: ConnectionSnapshot | undefined;
}

export interface FeedQueue {
  push(event: TimedEvent): void;
  /** The next frame's batch, or undefined when nothing waits. */
  take(): FeedBatch | undefined;
  /** Lines waiting. */
  readonly lines: number;
}

/** A queue for a transcript of `capacity` lines, handing out at most `budget` lines a frame. */
export function createFeedQueue(capacity: number, budget: number): FeedQueue {
  let queue: TimedEvent[] = [];
  let head = 0;
  let lines = 0;
  let skipped = 0;
  let snapshot: ConnectionSnapshot | undefined;

  const linesOf = (e: TimedEvent) => (e.event.type === 'received' ? e.event.lines.length : 0);

  function trim(): void {
    // Drop whole received events at the head while what follows still fills the scrollback.
    for (;;) {
      const first = queue[head];
      if (first === undefined || first.event.type !== 'received') return;
      const n = first.event.lines.length;
      if (lines - n < capacity) return;
      lines -= n;
      skipped += n;
      head++;
    }
  }

  return {
    push(event) {
      if (event.event.type === 'state') {
        snapshot = event.event.snapshot;
        return;
      }
      queue.push(event);
      lines += linesOf(event);
      trim();
    },
    take() {
      if (head === queue.length && snapshot === undefined && skipped === 0) return undefined;
      const events: TimedEvent[] = [];
      let left = budget;
      while (head < queue.length) {
        const next = queue[head]!;
        if (next.event.type === 'received' && next.event.lines.length > left) {
          if (left > 0) {
            // Split: this frame takes what fits, the rest stays at the head.
            const { lines: all } = next.event;
            events.push({
              time: next.time,
              event: { type: 'received', lines: all.slice(0, left) },
            });
            queue[head] = { time: next.time, event: { type: 'received', lines: all.slice(left) } };
            lines -= left;
          }
          break;
        }
        events.push(next);
        left -= linesOf(next);
        lines -= linesOf(next);
        head++;
      }
      if (head === queue.length) {
        queue = [];
        head = 0;
      } else if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      const batch = { skipped, events, snapshot };
      skipped = 0;
      snapshot = undefined;
      return batch;
    },
    get lines() {
      return lines;
    },
  };
}
