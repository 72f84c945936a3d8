import { useEffect, useRef } from 'react';
import type { Connection } from '../../src/client/connection/connection-types.js';
import {
  createFeedQueue,
  type FeedBatch,
  type TimedEvent,
} from '../../src/client/state/feed-queue.js';

/**
 * Most lines one batch carries: a read that brings more (a flood, 32 reads in one turn of the
 * event loop) is cut into batches of this size, so each batch's work stays short.
 */
export const LINES_PER_BATCH = 25_000;

/** A line for the output pane from outside the connection (the embedded server, console). */
export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
}

/** Subscribes a listener to log lines; returns its removal. */
export type LogFeed = (listener: (line: LogLine) => void) => () => void;

/**
 * Subscribes to the connection (which starts it) and the log lines, and hands their events
 * to `onBatch` as they come, in batches (what arrives while one is handled joins the next).
 * Each line is handled once, when it is read: it dies young, before the garbage collector
 * copies or promotes it (a flood held for a frame survived to the old space, all of it).
 * Drawing at most once a frame is up to whoever keeps the state (useTui).
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
    const queue = createFeedQueue(scrollback, LINES_PER_BATCH);
    let live = true;
    let flushing = false;
    let due = false;
    const flush = () => {
      due = false;
      if (!live) return;
      flushing = true;
      try {
        for (let batch = queue.take(); batch; batch = queue.take()) latest.current(batch);
      } finally {
        flushing = false;
      }
    };
    const push = (event: TimedEvent) => {
      queue.push(event);
      // An event pushed by a batch's own handler (a log line) is taken by the loop in flush.
      if (flushing) return;
      // A read's lines are followed at once by the snapshot they changed: both go in as one
      // batch, handled before the read returns (a flood's reads are timed with their work).
      if (event.event.type === 'state') {
        flush();
        return;
      }
      // Anything else is handled once the code that pushed it is done.
      if (due) return;
      due = true;
      queueMicrotask(() => {
        if (due) flush();
      });
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
      live = false;
      offConnection();
      offLog?.();
    };
  }, [connection, logs, scrollback]);
}
