import type { TlsSummary } from '../connection/connection-types.js';

/**
 * One attempt at reaching the server over one transport (a TCP or TLS socket, a UDP socket):
 * the connection (connection.ts) opens a link per attempt and hears back through `LinkEvents`.
 */

export interface LinkOpened {
  readonly remoteAddress: string | undefined;
  readonly localAddress: string | undefined;
  readonly tls?: TlsSummary;
}

export interface LinkEvents {
  /** Ready to send: connected (and verified, over TLS), or resolved over UDP. */
  opened(info: LinkOpened): void;
  /**
   * Lines from the server; `bytes` as read off the wire; `partial` the unfinished line after
   * them (a prompt), `''` for none; `datagrams` over UDP.
   */
  received(
    lines: string[],
    bytes: number,
    partial: string,
    datagrams?: number,
    /** The bytes as they came off the wire (before telnet and decoding). */
    raw?: Uint8Array,
  ): void;
  /** The link is over: `reason` undefined means the server closed it normally. */
  lost(reason: string | undefined, permanent?: boolean): void;
  /** Something worth telling that does not end the link (nothing listening on a UDP port). */
  trouble(reason: string): void;
  /** Telnet negotiation changed what the server does (it now echoes, say). */
  telnet(state: TelnetView): void;
  /** Bytes written but not yet taken by the OS (the server reads slower than we send). */
  backlog(bytes: number): void;
}

/** What telnet negotiation has settled, as the client shows it. */
export interface TelnetView {
  readonly active: boolean;
  /** The server echoes (WILL ECHO): typing is hidden, as for a password. */
  readonly serverEcho: boolean;
}

export interface Link {
  /** Stream: writes the chunks in order. UDP: sends each chunk as one datagram. */
  write(chunks: readonly string[]): void;
  /** Ends the link at once; resolves once its socket is closed. */
  destroy(): Promise<void>;
  /** Bytes handed to the link but not yet to the OS. */
  readonly buffered: number;
  /** Resolves once `buffered` is 0 or the link is gone. */
  drained(): Promise<void>;
  /** The output pane's size changed (telnet tells the server, if it asked: NAWS). */
  resize(size: { readonly cols: number; readonly rows: number }): void;
  /** See `Connection.deferReads` (a datagram link reads on regardless). */
  deferReads(defer: boolean): void;
}

/** Opens a link; it reports through `events` and gives up on its own after `timeoutMs`. */
export type OpenLink = (events: LinkEvents, timeoutMs: number) => Link;
