import type { ConnectionEvent, ConnectionSnapshot } from '../connection/connection-types.js';
import { initialChatView, trackChat, type ChatView } from './chat-tracker.js';

/** A connection event stamped with when it arrived. */
export interface TimedEvent<E extends ConnectionEvent = ConnectionEvent> {
  readonly time: number;
  readonly event: E;
}

/** What the transcript is made of: every event but snapshot changes. */
export type FeedEvent = Exclude<ConnectionEvent, { readonly type: 'state' }>;

/**
 * Connection news waiting for the next frame. A frame takes at most `budget` lines, so one
 * frame's work stays short however fast a server floods; and the queue never holds more than
 * `capacity` lines ahead of the oldest kept event: lines that the scrollback would drop anyway
 * are dropped here, uncounted in work and memory, and reported as `skipped`.
 */
export interface FeedBatch {
  /** Lines that arrived before `events` and were dropped unseen (with everything older). */
  readonly skipped: number;
  readonly events: readonly TimedEvent<FeedEvent>[];
  /**
   * The snapshot as of the last of `events`, if it changed: what the panel shows always
   * matches what the pane shows (a message shown as queued is counted as queued).
   */
  readonly snapshot: ConnectionSnapshot | undefined;
  /**
   * The chat as of everything received so far, if it changed: tracked as lines arrive, before
   * any are dropped, so no join, part, quit or nick notice is ever lost to the trimming.
   */
  readonly chat?: ChatView | undefined;
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
  // Snapshot changes stay in line with the events, so each batch's snapshot is its own.
  let queue: TimedEvent[] = [];
  let head = 0;
  let lines = 0;
  let skipped = 0;
  // The latest snapshot taken off the head and not handed out yet.
  let snapshot: ConnectionSnapshot | undefined;
  let chat = initialChatView;
  let chatChanged = false;
  /** When the current connection came up: a new one is a new chat session (a new nick). */
  let connectedSince: number | undefined;

  const linesOf = (e: TimedEvent) => (e.event.type === 'received' ? e.event.lines.length : 0);

  function trim(): void {
    // Drop whole received events at the head while what follows still fills the scrollback.
    for (;;) {
      const first = queue[head]?.event;
      if (first?.type === 'state') {
        snapshot = first.snapshot;
        head++;
        continue;
      }
      if (first?.type !== 'received') return;
      const n = first.lines.length;
      if (lines - n < capacity) return;
      lines -= n;
      skipped += n;
      head++;
    }
  }

  return {
    push(event) {
      const status = event.event.type === 'state' ? event.event.snapshot.status : undefined;
      if (status?.type === 'connected' && status.since !== connectedSince) {
        connectedSince = status.since;
        if (chat !== initialChatView) {
          chat = initialChatView;
          chatChanged = true;
        }
      }
      if (event.event.type === 'received') {
        const next = trackChat(chat, event.event.lines);
        if (next !== chat) {
          chat = next;
          chatChanged = true;
        }
      }
      queue.push(event);
      lines += linesOf(event);
      trim();
    },
    take() {
      if (head === queue.length && snapshot === undefined && skipped === 0 && !chatChanged) {
        return undefined;
      }
      const events: TimedEvent<FeedEvent>[] = [];
      let left = budget;
      while (head < queue.length) {
        const { time, event } = queue[head]!;
        if (event.type === 'state') {
          snapshot = event.snapshot;
          head++;
          continue;
        }
        if (event.type === 'received' && event.lines.length > left) {
          if (left > 0) {
            // Split: this frame takes what fits, the rest stays at the head.
            const all = event.lines;
            // The unfinished line comes after all of them: it goes with the rest.
            const first = { type: 'received', lines: all.slice(0, left), partial: '' } as const;
            events.push({ time, event: first });
            queue[head] = { time, event: { ...event, lines: all.slice(left) } };
            lines -= left;
          }
          break;
        }
        events.push({ time, event });
        const n = event.type === 'received' ? event.lines.length : 0;
        left -= n;
        lines -= n;
        head++;
      }
      if (head === queue.length) {
        queue = [];
        head = 0;
      } else if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      const batch = { skipped, events, snapshot, chat: chatChanged ? chat : undefined };
      skipped = 0;
      snapshot = undefined;
      chatChanged = false;
      return batch;
    },
    get lines() {
      return lines;
    },
  };
}
