import { EventEmitter, once } from 'node:events';
import net from 'node:net';

/** One accepted connection, with every chunk it delivered, in order. */
export interface RecordedPeer {
  readonly socket: net.Socket;
  readonly chunks: Buffer[];
  /** Everything received so far, decoded. */
  text(): string;
}

/** A real TCP server on 127.0.0.1 that records what clients send and lets a test answer. */
export interface RecordingServer {
  readonly port: number;
  readonly peers: RecordedPeer[];
  /** Resolves with the n-th accepted connection (0-based) once it exists. */
  peer(index: number): Promise<RecordedPeer>;
  /** Resolves once `peer` has received text satisfying `done`. */
  until(peer: RecordedPeer, done: (text: string) => boolean): Promise<string>;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

/** Starts a recording server on `port` (0: a free one); `onConnection` may greet or answer. */
export async function startRecordingServer(
  port = 0,
  onConnection?: (socket: net.Socket) => void,
): Promise<RecordingServer> {
  const peers: RecordedPeer[] = [];
  const news = new EventEmitter();
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    const peer: RecordedPeer = {
      socket,
      chunks,
      text: () => Buffer.concat(chunks).toString('utf8'),
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      news.emit('data');
    });
    socket.on('error', () => {});
    peers.push(peer);
    news.emit('peer');
    onConnection?.(socket);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as net.AddressInfo;

  async function until<T>(check: () => T | undefined, event: string): Promise<T> {
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      await once(news, event);
    }
  }

  return {
    port: address.port,
    peers,
    peer: (index) => until(() => peers[index], 'peer'),
    until: (peer, done) =>
      until(() => {
        const text = peer.text();
        return done(text) ? text : undefined;
      }, 'data'),
    async close() {
      for (const p of peers) p.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
