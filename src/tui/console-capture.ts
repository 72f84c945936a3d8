import { format } from 'node:util';
import type { LogFeed, LogLine } from '../../components/hooks/use-connection-feed.js';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const CONSOLE_LEVELS: Record<ConsoleMethod, LogLine['level']> = {
  log: 'info',
  info: 'info',
  debug: 'info',
  warn: 'warn',
  error: 'error',
};

export interface ConsoleCapture {
  /** The captured lines, for the output pane. */
  readonly feed: LogFeed;
  /** Puts the console back as it was. */
  restore(): void;
}

/**
 * Routes console output to the output pane while the UI owns the terminal (a stray
 * console.log would tear the frame).
 */
export function captureConsole(): ConsoleCapture {
  const listeners = new Set<(line: LogLine) => void>();
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of Object.keys(CONSOLE_LEVELS) as ConsoleMethod[]) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      const level = CONSOLE_LEVELS[method];
      for (const text of format(...args).split('\n')) {
        for (const listener of listeners) listener({ level, text });
      }
    };
  }
  return {
    feed: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restore: () => {
      for (const [method, original] of saved) console[method] = original;
    },
  };
}
