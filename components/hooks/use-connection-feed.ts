import { useEffect, useRef } from 'react';
import type { Connection } from '../../src/client/connection/connection-types.js';
import {
  createFeedQueue,
  type FeedBatch,
  type TimedEvent,
} from '../../src/client/state/feed-queue.js';

/**
 * The first batch after a quiet spell waits this long: one React update per frame however fast
 * lines come, 30 a second for a steady stream (Ink may draw 60 a second, for keys).
 */
export const FRAME_MS = 33;
/**
 * The next batch while lines pour in (a batch left lines behind): as soon as Ink may draw
 * again. A batch costs a few milliseconds (LINES_PER_FRAME), and keys are read between
 * batches; waiting longer left the client idle with a full queue once the socket was done.
 */
export const FLOOD_FRAME_MS = 16;
/**
 * Most lines a frame turns into transcript entries: a frame's work stays a few milliseconds,
 * so keys are answered during a flood, yet 500,000 lines a second keep up with a local flood,
 * so lines die young (less GC, lower peak memory). When the UI does fall behind, the queue
 * drops what the scrollback would drop.
 */
export const LINES_PER_FRAME = 25_000;

/** A line for the output pane from outside the connection (the embedded server, console). */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
}

/** Subscribes a listener to log lines; returns its removal. */
export type LogFeed = (listener: (line: LogLine) => void) => () => void;

/**
 * Subscribes to the connection (which starts it) and the log lines, and hands their events
 * to `onBatch` in batches, one per frame at most. A flood of lines costs one update per frame.
 */
export function useConnectionFeed(
  connection: Connection,
  logs: LogFeed | undefined,
  scrollback: number,
  onBatch: (batch: FeedBatch) => void,
  /** Each read's bytes, as it arrives: valid only during the call (the link reuses them). */
  onRaw?: (bytes: Uint8Array) => void,
): void {
  const latest = useRef(onBatch);
  const latestRaw = useRef(onRaw);
  useEffect(() => {
    latest.current = onBatch;
    latestRaw.current = onRaw;
  });
  useEffect(() => {
    const queue = createFeedQueue(scrollback, LINES_PER_FRAME);
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const batch = queue.take();
      // More than a frame's worth waits for the next frame.
      if (queue.lines > 0) timer = setTimeout(flush, FLOOD_FRAME_MS);
      if (batch) latest.current(batch);
    };
    const push = (event: TimedEvent) => {
      queue.push(event);
      timer ??= setTimeout(flush, FRAME_MS);
    };
    const offLog = logs?.(({ level, text }) =>
      push({ time: Date.now(), event: { type: 'system', level, text } }),
    );
    const offConnection = connection.subscribe((event) => {
      if (event.type === 'received' && event.raw !== undefined) {
        // The bytes are the link's read buffer, overwritten by the next read: used now, and
        // not queued.
        latestRaw.current?.(event.raw);
        const { raw: _raw, ...lines } = event;
        push({ time: Date.now(), event: lines });
        return;
      }
      push({ time: Date.now(), event });
    });
    return () => {
      offConnection();
      offLog?.();
      if (timer) clearTimeout(timer);
    };
  }, [connection, logs, scrollback]);
}
