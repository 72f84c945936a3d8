import { formatTarget } from '../../shared/target.js';
import { formatDuration } from '../../shared/duration.js';
import { plural } from '../../shared/plural.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';

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
