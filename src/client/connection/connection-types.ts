import type { Target, TransportKind } from '../../shared/target.js';

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
  /**
   * Down after a failure: for good with reconnect off (refused, unresolvable, timeout, reset),
   * or a permanent one (a certificate error) that only the user may retry (`canRetry`).
   */
  | { readonly type: 'error'; readonly reason: string; readonly canRetry?: boolean };

/** What the side panel shows about a TLS session (all of it read off the handshake). */
export interface TlsSummary {
  /** `TLSv1.3`. */
  readonly protocol: string;
  /** `TLS_AES_256_GCM_SHA384`. */
  readonly cipher: string;
  /** Who the certificate is for (its CN, or its first DNS name). */
  readonly subject: string;
  /** Who signed it (CN and O). */
  readonly issuer: string;
  /** When it expires, epoch ms (undefined if unreadable). */
  readonly validTo: number | undefined;
  /** The chain and the name were checked and hold. */
  readonly verified: boolean;
  /** Why it would not verify (`self-signed certificate`), when --insecure let it through. */
  readonly unverifiedReason: string | undefined;
}

export interface ConnectionStats {
  readonly linesSent: number;
  readonly bytesSent: number;
  readonly linesReceived: number;
  readonly bytesReceived: number;
  readonly reconnects: number;
  /** UDP: datagrams that came back (each sent line is one datagram out). */
  readonly datagramsReceived: number;
  /** When the server last sent anything (epoch ms). */
  readonly lastReceivedAt: number | undefined;
  /** When the oldest message sent since the server last said anything went (epoch ms). */
  readonly unansweredSince: number | undefined;
  /** Round trip of the last exchange (send → first reply line), in ms. */
  readonly lastRttMs: number | undefined;
  readonly avgRttMs: number | undefined;
}

/** Everything the side panel shows about the connection. */
export interface ConnectionSnapshot {
  readonly status: ConnectionStatus;
  readonly target: Target;
  readonly transport: TransportKind;
  /** The character encoding the server speaks (`utf-8`, `gbk`...). */
  readonly encoding: string;
  /** The TLS session, while connected over TLS. */
  readonly tls: TlsSummary | undefined;
  /** The server's resolved address (`93.184.216.34:80`) once known. */
  readonly remoteAddress: string | undefined;
  readonly localAddress: string | undefined;
  /** Whether the server runs inside this process (bare `tcpchat`). */
  readonly embedded: boolean;
  /** Telnet, once the server negotiates: whether it echoes (typing is then hidden). */
  readonly telnet: { readonly serverEcho: boolean } | undefined;
  /** The last trouble that did not end the connection (UDP: nothing listening), until a reply. */
  readonly trouble: string | undefined;
  /** Bytes sent but not yet taken by the server's side (it reads slower than we send). */
  readonly unsent: number;
  /** Messages typed while disconnected, waiting to be delivered in order. */
  readonly queued: number;
  readonly stats: ConnectionStats;
}

/** What the connection reports, in order. */
export type ConnectionEvent =
  /**
   * Complete lines from the server, decoded (U+FFFD for bad UTF-8) but NOT sanitised, and the
   * unfinished line after them as it stands now (a prompt such as `login: `; `''` for none).
   * The partial line is sent again, longer, as more of it arrives, and is in `lines` once its
   * newline comes.
   */
  | {
      readonly type: 'received';
      readonly lines: readonly string[];
      readonly partial: string;
      /**
       * The bytes of this read as they came off the wire (telnet included). Valid only while
       * the listeners run: a TCP link reads into one buffer, reused by the next read, so
       * whoever keeps the bytes copies them.
       */
      readonly raw?: Uint8Array;
    }
  /**
   * A message the user sent: written now, or queued until connected. `secret` (a password):
   * whoever shows or logs it shows a mask instead.
   */
  | {
      readonly type: 'sent';
      readonly lines: readonly string[];
      readonly queued: boolean;
      readonly secret?: boolean;
    }
  /** Queued messages went out after (re)connecting. */
  | { readonly type: 'flushed'; readonly messages: number }
  /** Connecting, connected, closed by server, reconnecting in N s, errors: one human line. */
  | { readonly type: 'system'; readonly level: 'info' | 'warn' | 'error'; readonly text: string }
  /** The snapshot changed (status, stats, queue). */
  | { readonly type: 'state'; readonly snapshot: ConnectionSnapshot };

export interface Connection {
  /** Sends one message of N lines as N protocol lines in one write (queued while down). */
  send(lines: readonly string[], options?: { readonly secret?: boolean }): void;
  /** Skips the rest of a reconnect wait. */
  retryNow(): void;
  snapshot(): ConnectionSnapshot;
  /** Registers a listener; returns its removal. */
  subscribe(listener: (event: ConnectionEvent) => void): () => void;
  /** Ends the socket and every timer; resolves once closed. */
  close(): Promise<void>;
  /** The output pane's size, for a telnet server that asks (NAWS). */
  setWindowSize(size: { readonly cols: number; readonly rows: number }): void;
  /**
   * While `true`, once the socket has nothing more to read, it is not read again until
   * `false`: what the server sends meanwhile waits in the kernel and arrives in one read. The
   * TUI defers while news waits for its frame, so a trickle of small writes (a chat room)
   * costs one read a frame instead of one per write. A flood is read on regardless.
   */
  deferReads(defer: boolean): void;
}
