import { useEffect, useRef } from 'react';
import type { Connection } from '../../src/client/connection-types.js';
import type { TimedEvent } from '../../src/client/tui-state.js';

/** At most one batch per this many milliseconds: one React update per frame, however fast lines come. */
export const FRAME_MS = 16;

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
  onBatch: (events: TimedEvent[]) => void,
): void {
  const latest = useRef(onBatch);
  useEffect(() => {
    latest.current = onBatch;
  });
  useEffect(() => {
    let pending: TimedEvent[] = [];
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      latest.current(batch);
    };
    const push = (event: TimedEvent) => {
      pending.push(event);
      timer ??= setTimeout(flush, FRAME_MS);
    };
    const offLog = logs?.(({ level, text }) =>
      push({ time: Date.now(), event: { type: 'system', level, text } }),
    );
    const offConnection = connection.subscribe((event) => push({ time: Date.now(), event }));
    return () => {
      offConnection();
      offLog?.();
      if (timer) clearTimeout(timer);
    };
  }, [connection, logs]);
}
