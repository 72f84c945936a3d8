import { formatTarget } from '../../shared/target.js';
import { formatDuration } from '../../shared/duration.js';
import { plural } from '../../shared/plural.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';

/** What the server reports about itself and its clients, for logs and the TUI. */
export type ServerEvent =
  | { type: 'listening'; host: string; port: number; transport: 'tcp' | 'tls' | 'udp' }
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
  /** A TLS handshake that failed or stalled (`detail`: why, in a few words). */
  | { type: 'rejected'; peer: string; reason: 'tls'; detail: string }
  /** The first datagram from a source address (each source is logged, not each datagram). */
  | { type: 'udp-source'; source: string }
  /** What a source sent before going quiet (or the server stopping). */
  | {
      type: 'udp-summary';
      source: string;
      datagrams: number;
      bytes: number;
      /** Over --udp-rate: not answered. */
      dropped: number;
      /** Over the datagram size: answered with an error. */
      oversized: number;
    }
  /** The link to the other servers (`--redis`): `detail` is what the log line says. */
  | { type: 'redis'; state: 'up' | 'down' | 'restored' | 'node-lost'; detail: string }
  | { type: 'error'; message: string };

/** One human log line for an event, e.g. `connect 127.0.0.1:51234 (3 clients)`. */
export function formatServerEvent(event: ServerEvent): string {
  switch (event.type) {
    case 'listening':
      return `listening on ${formatTarget(event)}${event.transport === 'tcp' ? '' : ` (${event.transport})`}`;
    case 'connect':
      return `connect ${event.peer} (${plural(event.clients, 'client')})`;
    case 'disconnect':
      return (
        `disconnect ${event.peer} after ${formatDuration(event.durationMs)}, ` +
        `${plural(event.linesIn, 'line')} in, ${plural(event.linesOut, 'line')} out (${event.reason})`
      );
    case 'rejected':
      return event.reason === 'full'
        ? `rejected ${event.peer}: server full`
        : `rejected ${event.peer}: TLS handshake ${event.detail}`;
    case 'udp-source':
      return `udp from ${event.source}`;
    case 'udp-summary': {
      const extra = [
        event.dropped > 0 ? `${event.dropped} dropped over the rate` : '',
        event.oversized > 0 ? `${event.oversized} too large` : '',
      ].filter((part) => part !== '');
      return (
        `udp from ${event.source}: ${plural(event.datagrams, 'datagram')}, ${plural(event.bytes, 'byte')}` +
        (extra.length > 0 ? ` (${extra.join(', ')})` : '')
      );
    }
    case 'redis':
      switch (event.state) {
        case 'up':
          return `redis: connected to ${event.detail}`;
        case 'down':
          return `redis: ${event.detail}`;
        case 'restored':
          return `redis: back at ${event.detail}`;
        case 'node-lost':
          return `redis: server ${event.detail}`;
        default:
          return checkExhaustive(event.state);
      }
    case 'error':
      return `error: ${event.message}`;
    default:
      return checkExhaustive(event);
  }
}
