import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { StringDecoder } from 'node:string_decoder';

/** How long a raw client waits for a condition before failing (generous: shared 2-core box). */
export const WAIT_MS = 10_000;

/** A raw TCP client that records everything the server sends, as text and as chunks. */
export interface SocketClient {
  readonly socket: Socket;
  /** Every chunk received, as it arrived (to check what came in one write). */
  readonly chunks: readonly Buffer[];
  /** Everything received so far, decoded as UTF-8. */
  text(): string;
  /** Complete lines received so far (LF removed, nothing else touched). */
  lines(): string[];
  /** Writes raw text or bytes. */
  send(data: string | Uint8Array): void;
  /** Waits until at least `n` complete lines have arrived; returns all lines so far. */
  waitForLines(n: number, timeoutMs?: number): Promise<string[]>;
  /** Waits until the received text satisfies `test`. */
  waitFor(test: (text: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** Resolves when the server has ended its side (received EOF). */
  readonly ended: Promise<void>;
  /** Resolves when the socket has fully closed. */
  readonly closed: Promise<void>;
  /** Set if the socket failed (e.g. ECONNRESET). */
  readonly error: Error | undefined;
}

/** Over TLS: the CA that signed the server's certificate. */
export interface ClientTls {
  readonly ca: string;
}

/**
 * Connects to `port` on 127.0.0.1 (over TLS with `tls`). Like most clients (nc, telnet,
 * Python's tutorials) it closes its side when the server closes; it can still shut its own
 * side first (half-close).
 */
export function connectClient(
  port: number,
  host = '127.0.0.1',
  tls?: ClientTls,
): Promise<SocketClient> {
  return new Promise((resolve, reject) => {
    const socket =
      tls === undefined
        ? connect({ port, host })
        : connectTls({ port, host, ca: tls.ca, servername: 'localhost' });
    const decoder = new StringDecoder('utf8');
    const chunks: Buffer[] = [];
    let text = '';
    let error: Error | undefined;
    const waiters = new Set<() => void>();
    const wake = () => {
      for (const w of [...waiters]) w();
    };
    let isEnded = false;
    let isClosed = false;
    const ended = new Promise<void>((r) =>
      socket.once('end', () => {
        isEnded = true;
        wake();
        r();
      }),
    );
    const closed = new Promise<void>((r) =>
      socket.once('close', () => {
        isClosed = true;
        wake();
        r();
      }),
    );
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      text += decoder.write(chunk);
      wake();
    });
    socket.on('error', (e) => {
      error = e;
    });

    const waitFor = (test: (t: string) => boolean, what: string, timeoutMs = WAIT_MS) =>
      new Promise<string>((res, rej) => {
        const check = () => {
          if (test(text)) {
            done();
            res(text);
          } else if (isEnded || isClosed) {
            done();
            rej(
              new Error(`connection ended while waiting for ${what}; got ${JSON.stringify(text)}`),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          rej(new Error(`timed out waiting for ${what}; got ${JSON.stringify(text)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });

    const lines = () => {
      const all = text.split('\n');
      all.pop();
      return all;
    };

    const client: SocketClient = {
      socket,
      chunks,
      text: () => text,
      lines,
      send: (data) => {
        socket.write(data);
      },
      waitForLines: async (n, timeoutMs) => {
        await waitFor((t) => t.split('\n').length - 1 >= n, `${n} lines`, timeoutMs);
        return lines();
      },
      waitFor,
      ended,
      closed,
      get error() {
        return error;
      },
    };
    socket.once(tls === undefined ? 'connect' : 'secureConnect', () => {
      socket.off('error', reject);
      resolve(client);
    });
    socket.once('error', reject);
  });
}

/** Connects and waits for the two banner lines; resolves with the client. */
export async function connectGreeted(port: number, tls?: ClientTls): Promise<SocketClient> {
  const client = await connectClient(port, '127.0.0.1', tls);
  await client.waitForLines(2);
  return client;
}

/**
 * Sends `line` (text or raw bytes) and waits for `count` more lines than had arrived before; returns those lines.
 */
export async function ask(
  client: SocketClient,
  line: string | Uint8Array,
  count = 1,
): Promise<string[]> {
  const before = client.lines().length;
  client.send(line);
  const all = await client.waitForLines(before + count);
  return all.slice(before);
}
