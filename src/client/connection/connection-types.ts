import type { Target } from '../../shared/target.js';

/**
 * The contract between the connection (socket, reconnect, queue: src/client/connection.ts)
 * and whatever shows it (the TUI in components/, piped mode in src/client/run-piped.ts).
 */

/** Where the connection is in its life. */
export type ConnectionStatus =
  | { readonly type: 'connecting'; readonly attempt: number }
  | { readonly type: 'connected'; readonly since: number }
  /** Waiting to try again; `retryAt` is an epoch time in ms (drives the live countdown). */
  | {
      readonly type: 'reconnecting';
      readonly attempt: number;
      readonly retryAt: number;
      readonly reason: string;
    }
  /** Down for good: the server closed it with reconnect off, or the user closed it. */
  | { readonly type: 'disconnected'; readonly reason: string }
  /** Down for good after a failure (refused, unresolvable, timeout, reset) with reconnect off. */
  | { readonly type: 'error'; readonly reason: string };

export interface ConnectionStats {
  readonly linesSent: number;
  readonly bytesSent: number;
  readonly linesReceived: number;
  readonly bytesReceived: number;
  readonly reconnects: number;
  /** Round trip of the last exchange (send → first reply line), in ms. */
  readonly lastRttMs: number | undefined;
  readonly avgRttMs: number | undefined;
}

/** Everything the side panel shows about the connection. */
export interface ConnectionSnapshot {
  readonly status: ConnectionStatus;
  readonly target: Target;
  /** The server's resolved address (`93.184.216.34:80`) once known. */
  readonly remoteAddress: string | undefined;
  readonly localAddress: string | undefined;
  /** Whether the server runs inside this process (bare `tcpchat`). */
  readonly embedded: boolean;
  /** Messages typed while disconnected, waiting to be delivered in order. */
  readonly queued: number;
  readonly stats: ConnectionStats;
}

/** What the connection reports, in order. */
export type ConnectionEvent =
  /** Complete lines from the server, decoded (U+FFFD for bad UTF-8) but NOT sanitised. */
  | { readonly type: 'received'; readonly lines: readonly string[] }
  /** A message the user sent: written now, or queued until connected. */
  | { readonly type: 'sent'; readonly lines: readonly string[]; readonly queued: boolean }
  /** Queued messages went out after (re)connecting. */
  | { readonly type: 'flushed'; readonly messages: number }
  /** Connecting, connected, closed by server, reconnecting in N s, errors: one human line. */
  | { readonly type: 'system'; readonly level: 'info' | 'warn' | 'error'; readonly text: string }
  /** The snapshot changed (status, stats, queue). */
  | { readonly type: 'state'; readonly snapshot: ConnectionSnapshot };

export interface Connection {
  /** Sends one message of N lines as N protocol lines in one write (queued while down). */
  send(lines: readonly string[]): void;
  /** Skips the rest of a reconnect wait. */
  retryNow(): void;
  snapshot(): ConnectionSnapshot;
  /** Registers a listener; returns its removal. */
  subscribe(listener: (event: ConnectionEvent) => void): () => void;
  /** Ends the socket and every timer; resolves once closed. */
  close(): Promise<void>;
}
