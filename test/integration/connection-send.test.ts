import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { recordEvents } from '../helpers/connection-events.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

let server: RecordingServer | undefined;
let connection: ClientConnection | undefined;

afterEach(async () => {
  await connection?.close();
  await server?.close();
  connection = server = undefined;
});

function connect(port: number, crlf = false): ClientConnection {
  connection = createConnection({
    target: { host: '127.0.0.1', port },
    connectTimeoutMs: 10_000,
    reconnect: true,
    crlf,
  });
  return connection;
}

describe('connection to a real server', () => {
  it('connects and reports both addresses', async () => {
    server = await startRecordingServer();
    const c = connect(server.port);
    const log = recordEvents(c);
    const snapshot = await log.status('connected');
    const peer = await server.peer(0);
    expect(snapshot.remoteAddress).toBe(`127.0.0.1:${server.port}`);
    expect(snapshot.localAddress).toBe(`127.0.0.1:${peer.socket.remotePort}`);
    expect(snapshot.embedded).toBe(false);
    expect(log.system()).toEqual([
      `info: connecting to 127.0.0.1:${server.port}`,
      `info: connected to 127.0.0.1:${server.port}`,
    ]);
  });

  it('does not connect before the first subscriber', async () => {
    server = await startRecordingServer();
    const c = connect(server.port);
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.peers).toHaveLength(0);
    expect(c.snapshot().status).toEqual({ type: 'connecting', attempt: 1 });
    const log = recordEvents(c);
    await log.status('connected');
    await server.peer(0);
  });

  it('sends a message of N lines as one write, in order', async () => {
    server = await startRecordingServer();
    const c = connect(server.port);
    const log = recordEvents(c);
    await log.status('connected');
    const peer = await server.peer(0);
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i} 你好`);
    c.send(lines);
    const expected = lines.join('\n') + '\n';
    await server.until(peer, (t) => t === expected);
    expect(peer.chunks).toHaveLength(1);
    expect(log.events).toContainEqual({ type: 'sent', lines, queued: false });
    expect(c.snapshot().stats).toMatchObject({
      linesSent: 50,
      bytesSent: Buffer.byteLength(expected),
    });
  });

  it('ends lines with CRLF when asked', async () => {
    server = await startRecordingServer();
    const c = connect(server.port, true);
    const log = recordEvents(c);
    await log.status('connected');
    const peer = await server.peer(0);
    c.send(['EHLO me', 'QUIT']);
    c.send(['']);
    expect(await server.until(peer, (t) => t.length >= 17)).toBe('EHLO me\r\nQUIT\r\n\r\n');
  });

  it('receives lines raw, in order, batched per read, with stats and RTT', async () => {
    server = await startRecordingServer(0, (socket) => {
      socket.write('welcome\r\n\x1b[31mred\x1b[0m\n');
      socket.on('data', (d) => {
        if (d.toString().includes('date')) socket.write('Hello, date!\n');
      });
    });
    const c = connect(server.port);
    const log = recordEvents(c);
    expect(await log.receivedAtLeast(2)).toEqual(['welcome', '\x1b[31mred\x1b[0m']);
    c.send(['date']);
    expect(await log.receivedAtLeast(3)).toEqual(['welcome', '\x1b[31mred\x1b[0m', 'Hello, date!']);
    const stats = c.snapshot().stats;
    expect(stats.linesReceived).toBe(3);
    expect(stats.bytesReceived).toBe(
      Buffer.byteLength('welcome\r\n\x1b[31mred\x1b[0m\nHello, date!\n'),
    );
    expect(stats.lastRttMs).toBeGreaterThanOrEqual(0);
    expect(stats.avgRttMs).toBe(stats.lastRttMs);
  });

  it('splits a huge line instead of losing it, and keeps a last line without newline', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024 + 5);
    server = await startRecordingServer(0, (socket) => {
      socket.end(`${huge}\nbye`);
    });
    const c = connect(server.port);
    const log = recordEvents(c);
    await log.status('reconnecting');
    const lines = log.received();
    expect(lines.at(-1)).toBe('bye');
    expect(lines.slice(0, -1).join('')).toBe(huge);
    expect(Math.max(...lines.map((l) => l.length))).toBe(1024 * 1024);
  });

  it('emits one received event per read even for a flood', async () => {
    const count = 200_000;
    server = await startRecordingServer(0, (socket) => {
      socket.end(Array.from({ length: count }, (_, i) => `${i}`).join('\n') + '\n');
    });
    const c = connect(server.port);
    const log = recordEvents(c);
    const lines = await log.receivedAtLeast(count);
    expect(lines).toHaveLength(count);
    expect(lines[count - 1]).toBe(String(count - 1));
    expect(lines.every((l, i) => l === String(i))).toBe(true);
    const batches = log.events.filter((e) => e.type === 'received').length;
    expect(batches).toBeLessThan(count / 100);
  });
});

describe('deferred reads', () => {
  it('reads nothing more once the socket is empty, then what waited in one read', async () => {
    server = await startRecordingServer(0, (socket) => socket.write('first\n'));
    const c = connect(server.port);
    const log = recordEvents(c);
    await log.receivedAtLeast(1);
    c.deferReads(true);
    const peer = await server.peer(0);
    const write = (text: string) =>
      new Promise<void>((resolve) => peer.socket.write(text, () => resolve()));
    // Two turns of the event loop: enough for a read of what the server wrote, were it read.
    const turns = async () => {
      for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    await write('second\n');
    await turns();
    await write('third\n');
    await turns();
    expect(log.received()).toEqual(['first']);
    c.deferReads(false);
    await log.receivedAtLeast(3);
    const reads = log.events.flatMap((e) => (e.type === 'received' ? [e.lines] : []));
    expect(reads).toEqual([['first'], ['second', 'third']]);
  });
});

describe('deferred reads while a reply is awaited', () => {
  it('reads the reply as it comes, so the round trip is timed then', async () => {
    server = await startRecordingServer(0, (socket) => {
      socket.write('hello\n');
      socket.on('data', () => socket.write('pong\n'));
    });
    const c = connect(server.port);
    const log = recordEvents(c);
    await log.receivedAtLeast(1);
    c.deferReads(true);
    const sentAt = performance.now();
    c.send(['ping']);
    // Deferred for good, yet the reply arrives.
    expect(await log.receivedAtLeast(2)).toEqual(['hello', 'pong']);
    expect(c.snapshot().stats.lastRttMs).toBeLessThanOrEqual(performance.now() - sentAt + 1);
  });
});

describe('deferred reads during a flood', () => {
  it('reads on: a server sending more than a trickle is never kept waiting', async () => {
    const count = 100_000;
    server = await startRecordingServer(0, (socket) => {
      socket.end(Array.from({ length: count }, (_, i) => `line ${i}`).join('\n') + '\n');
    });
    const c = connect(server.port);
    const log = recordEvents(c);
    // Past the first 64 KiB (about 6,000 lines), then deferred for good: all of it arrives.
    await log.receivedAtLeast(10_000);
    c.deferReads(true);
    const lines = await log.receivedAtLeast(count);
    expect(lines.at(-1)).toBe(`line ${count - 1}`);
  });
});

describe('deferred reads, asked for before anything was read', () => {
  it('stops after the first read that empties the socket', async () => {
    server = await startRecordingServer(0, (socket) => socket.write('first\n'));
    const c = connect(server.port);
    c.deferReads(true);
    const log = recordEvents(c);
    await log.receivedAtLeast(1);
    const peer = await server.peer(0);
    await new Promise<void>((resolve) => peer.socket.write('second\n', () => resolve()));
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(log.received()).toEqual(['first']);
    c.deferReads(false);
    expect(await log.receivedAtLeast(2)).toEqual(['first', 'second']);
  });
});

describe('read size', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('halves while reading takes longer than a turn, and grows back once reads are quick', async () => {
    // The clock moves only when a read's lines are handled: 5 ms each while `slow`.
    vi.useFakeTimers({ toFake: ['performance'] });
    const count = 200_000;
    server = await startRecordingServer(0, (socket) => {
      socket.end(Array.from({ length: count }, (_, i) => `line ${i}`).join('\n') + '\n');
    });
    const c = connect(server.port);
    const slowReads: number[] = [];
    const quickReads: number[] = [];
    c.subscribe((event) => {
      if (event.type !== 'received' || event.raw === undefined) return;
      const slow = slowReads.length < 8;
      (slow ? slowReads : quickReads).push(event.raw.length);
      if (slow) vi.advanceTimersByTime(5);
    });
    const log = recordEvents(c);
    const lines = await log.receivedAtLeast(count);
    expect(lines.every((l, i) => l === `line ${i}`)).toBe(true);
    // 64 KiB, then at most half the last each time, down to 4 KiB.
    slowReads.forEach((n, i) => expect(n).toBeLessThanOrEqual(Math.max(65_536 >> i, 4096)));
    expect(Math.max(...quickReads)).toBe(65_536);
  });
});

describe('sending to a server that stops reading', () => {
  it('reports what is still to go, down to nothing once the server reads again', async () => {
    const sockets: Socket[] = [];
    const server = createNetServer((socket) => {
      sockets.push(socket);
      socket.pause();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const c = createConnection({
      target: { host: '127.0.0.1', port },
      connectTimeoutMs: 10_000,
      reconnect: false,
      crlf: false,
    });
    try {
      const log = recordEvents(c);
      await log.status('connected');
      // 32 MiB in one message: far more than the kernel's buffers take.
      c.send([Buffer.alloc(32 * 1024 * 1024, 'x').toString()]);
      const behind = await log.next((e) => e.type === 'state' && e.snapshot.unsent > 1024 * 1024);
      expect(behind.type === 'state' && behind.snapshot.unsent).toBeLessThanOrEqual(
        32 * 1024 * 1024 + 1,
      );
      for (const s of sockets) s.resume();
      await log.next(
        (e) =>
          e.type === 'state' &&
          e.snapshot.unsent === 0 &&
          log.events.indexOf(e) > log.events.indexOf(behind),
      );
    } finally {
      await c.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
