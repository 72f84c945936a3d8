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
}

export const defaultServerOptions: ServerOptions = {
  host: '127.0.0.1',
  port: 9999,
  root: '.',
  maxClients: 1024,
  maxLine: 8192,
  idleTimeoutMs: 300_000,
  partialFlushMs: 150,
};
