import type { ServerOptions } from '../../src/server/core/server-options.js';
import { createServer, type ServerEvent, type TcpchatServer } from '../../src/server/server.js';
import {
  connectClient,
  connectGreeted,
  WAIT_MS,
  type ClientTls,
  type SocketClient,
} from './socket-client.js';

/** A real server on 127.0.0.1, port 0, that records its events and the clients tests opened. */
export interface ServerHarness {
  readonly server: TcpchatServer;
  readonly port: number;
  readonly events: ServerEvent[];
  /** A raw client (closed by `stop`). */
  connect(): Promise<SocketClient>;
  /** A raw client that has already received the banner. */
  connectGreeted(): Promise<SocketClient>;
  /** Waits until an event matching `test` has been recorded; returns it. */
  waitForEvent<T extends ServerEvent['type']>(
    type: T,
    test?: (event: Extract<ServerEvent, { type: T }>) => boolean,
  ): Promise<Extract<ServerEvent, { type: T }>>;
  /** Destroys the clients and closes the server. */
  stop(): Promise<void>;
}

/** Starts a server with test-friendly defaults (no partial flush, no idle timeout). */
export async function startServer(
  options: Partial<ServerOptions> = {},
  /** With --tls-cert: how the harness's clients trust it. */
  tls?: ClientTls,
): Promise<ServerHarness> {
  const events: ServerEvent[] = [];
  const listeners = new Set<() => void>();
  const server = createServer({
    host: '127.0.0.1',
    port: 0,
    partialFlushMs: 0,
    idleTimeoutMs: 0,
    ...options,
    onEvent: (event) => {
      events.push(event);
      for (const l of [...listeners]) l();
    },
  });
  const { port } = await server.listen();
  const clients: SocketClient[] = [];
  const track = (client: SocketClient) => {
    clients.push(client);
    return client;
  };
  return {
    server,
    port,
    events,
    connect: async () => track(await connectClient(port, '127.0.0.1', tls)),
    connectGreeted: async () => track(await connectGreeted(port, tls)),
    waitForEvent: (type, test = () => true) =>
      new Promise((resolve, reject) => {
        type Wanted = Extract<ServerEvent, { type: typeof type }>;
        const check = () => {
          const found = events.find((e): e is Wanted => e.type === type && test(e as Wanted));
          if (found === undefined) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${type} event; got ${JSON.stringify(events)}`));
        }, WAIT_MS);
        listeners.add(check);
        check();
      }),
    stop: async () => {
      for (const c of clients) c.socket.destroy();
      await server.close();
    },
  };
}
