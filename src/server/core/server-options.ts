/** Settings of the bundled server, as `createServer` takes them (times in milliseconds). */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  /** The only directory tree `ls` may show. */
  readonly root: string;
  readonly maxClients: number;
  /** Longest accepted line, in bytes, without its terminator. */
  readonly maxLine: number;
  /** Close a client silent this long; 0 disables. */
  readonly idleTimeoutMs: number;
  /** Treat a partial line as complete after this long without more bytes; 0 disables. */
  readonly partialFlushMs: number;
  /** Bytes waiting for one client before it is cut off as too slow (chat fan-out). */
  readonly maxSendq: number;
  /** Chat lines, nick changes and joins per second per client (burst: twice as many); 0: no limit. */
  readonly maxRate: number;
  /** A room every connection joins at connect (`#` optional); undefined: none. */
  readonly room: string | undefined;
  /** Serve over TLS with this PEM certificate and key (both or neither). */
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  /** How long a TLS handshake may take (never longer than the idle timeout). */
  readonly handshakeTimeoutMs: number;
  /** Answer UDP datagrams too (`OK...` + the text). */
  readonly udp: boolean;
  /** The UDP port; undefined: the same as the TCP port. */
  readonly udpPort: number | undefined;
  /** UDP replies per second per source address; the rest are dropped (and counted). */
  readonly udpRate: number;
  /** Share rooms and nicknames with the other servers on this Redis (`redis://…`). */
  readonly redis: string | undefined;
  /** Start even when Redis cannot be reached, and keep trying; otherwise fail. */
  readonly redisOptional: boolean;
  /** A server whose beat has stopped this long is lost to the others (it beats 3 times as often). */
  readonly redisLostAfterMs: number;
}

export const defaultServerOptions: ServerOptions = {
  host: '127.0.0.1',
  port: 9999,
  root: '.',
  maxClients: 1024,
  maxLine: 8192,
  idleTimeoutMs: 300_000,
  partialFlushMs: 150,
  maxSendq: 256 * 1024,
  maxRate: 5,
  room: undefined,
  tlsCert: undefined,
  tlsKey: undefined,
  handshakeTimeoutMs: 10_000,
  udp: false,
  udpPort: undefined,
  udpRate: 50,
  redis: undefined,
  redisOptional: false,
  redisLostAfterMs: 6000,
};
