import { formatTarget } from '../target.js';
import { checkExhaustive } from './check-exhaustive.js';

/** What the server reports about itself and its clients, for logs and the TUI. */
export type ServerEvent =
  | { type: 'listening'; host: string; port: number }
  | { type: 'connect'; peer: string; clients: number }
  | {
      type: 'disconnect';
      peer: string;
      durationMs: number;
      linesIn: number;
      linesOut: number;
      reason: string;
    }
  | { type: 'rejected'; peer: string; reason: 'full' }
  | { type: 'error'; message: string };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A connection's age for humans: `850 ms`, `12.3 s`, `4 min 05 s`, `2 h 07 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** One human log line for an event, e.g. `connect 127.0.0.1:51234 (3 clients)`. */
export function formatServerEvent(event: ServerEvent): string {
  switch (event.type) {
    case 'listening':
      return `listening on ${formatTarget(event)}`;
    case 'connect':
      return `connect ${event.peer} (${plural(event.clients, 'client')})`;
    case 'disconnect':
      return (
        `disconnect ${event.peer} after ${formatDuration(event.durationMs)}, ` +
        `${plural(event.linesIn, 'line')} in, ${plural(event.linesOut, 'line')} out (${event.reason})`
      );
    case 'rejected':
      return `rejected ${event.peer}: server full`;
    case 'error':
      return `error: ${event.message}`;
    default:
      return checkExhaustive(event);
  }
}
