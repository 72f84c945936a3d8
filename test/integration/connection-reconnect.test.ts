import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { recordEvents } from '../helpers/connection-events.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

const servers: RecordingServer[] = [];
let connection: ClientConnection | undefined;

afterEach(async () => {
  await connection?.close();
  for (const s of servers.splice(0)) await s.close();
  connection = undefined;
});

async function serve(port = 0): Promise<RecordingServer> {
  const server = await startRecordingServer(port);
  servers.push(server);
  return server;
}

function connect(port: number, reconnect = true): ClientConnection {
  connection = createConnection({
    target: { host: '127.0.0.1', port },
    connectTimeoutMs: 10_000,
    reconnect,
    crlf: false,
  });
  return connection;
}

describe('connection across server restarts', () => {
  it('queues messages while the server is down and delivers them in order once it is back', async () => {
    const first = await serve();
    const port = first.port;
    const c = connect(port);
    const log = recordEvents(c);
    await log.status('connected');
    c.send(['before']);
    await first.until(await first.peer(0), (t) => t === 'before\n');

    await first.close();
    const waiting = await log.status('reconnecting');
    expect(waiting.status).toMatchObject({ reason: 'closed by server', attempt: 1 });
    expect(log.system()).toContain('warn: closed by server');

    c.send(['one']);
    c.send(['two', 'three']);
    c.send(['four']);
    expect(c.snapshot().queued).toBe(3);
    expect(log.events.filter((e) => e.type === 'sent' && e.queued)).toHaveLength(3);

    const second = await serve(port);
    c.retryNow();
    const peer = await second.peer(0);
    expect(await second.until(peer, (t) => t.length >= 19)).toBe('one\ntwo\nthree\nfour\n');
    await log.next((e) => e.type === 'flushed');
    expect(log.events).toContainEqual({ type: 'flushed', messages: 3 });
    const snapshot = c.snapshot();
    expect(snapshot.queued).toBe(0);
    expect(snapshot.status.type).toBe('connected');
    expect(snapshot.stats).toMatchObject({ reconnects: 1, linesSent: 5 });
  });

  it('retryNow skips the rest of the wait', async () => {
    const server = await serve();
    const c = createConnection({
      target: { host: '127.0.0.1', port: server.port },
      connectTimeoutMs: 10_000,
      reconnect: true,
      crlf: false,
      // A wait far longer than the test: only retryNow can bring it back in time.
      backoff: { initialMs: 600_000, maxMs: 600_000, jitter: 0 },
    });
    connection = c;
    const log = recordEvents(c);
    await log.status('connected');
    (await server.peer(0)).socket.end();
    const waiting = await log.status('reconnecting');
    expect(waiting.status.type === 'reconnecting' && waiting.status.retryAt).toBeGreaterThan(
      Date.now() + 500_000,
    );
    c.retryNow();
    await server.peer(1);
    await log.status('connected');
    expect(log.system()).toContain(`info: connecting to 127.0.0.1:${server.port} (attempt 1)`);
  });

  it('keeps retrying with backoff while the port refuses', async () => {
    const server = await serve();
    const port = server.port;
    await server.close();
    servers.length = 0;
    const c = createConnection({
      target: { host: '127.0.0.1', port },
      connectTimeoutMs: 10_000,
      reconnect: true,
      crlf: false,
      backoff: { initialMs: 20, maxMs: 80, jitter: 0 },
    });
    connection = c;
    const log = recordEvents(c);
    await log.next((e) => e.type === 'system' && e.text.includes('(attempt 4)'));
    expect(log.system().filter((l) => l.startsWith('info: reconnecting'))).toEqual([
      'info: reconnecting in 0 s (attempt 2)',
      'info: reconnecting in 0 s (attempt 3)',
      'info: reconnecting in 0.1 s (attempt 4)',
    ]);
    expect(log.system()).toContain(`error: connection refused by 127.0.0.1:${port}`);
  });

  it('without reconnect, a server close ends it as disconnected, closed by server', async () => {
    const server = await serve();
    const c = connect(server.port, false);
    const log = recordEvents(c);
    await log.status('connected');
    (await server.peer(0)).socket.end('bye\n');
    const down = await log.status('disconnected');
    expect(down.status).toEqual({ type: 'disconnected', reason: 'closed by server' });
    expect(log.received()).toEqual(['bye']);
    c.send(['late']);
    expect(c.snapshot().queued).toBe(1);
    expect(server.peers).toHaveLength(1);
  });

  it('close() ends the socket and every timer', async () => {
    const server = await serve();
    const c = connect(server.port);
    const log = recordEvents(c);
    await log.status('connected');
    const peer = await server.peer(0);
    const ended = new Promise((resolve) => peer.socket.once('close', resolve));
    await c.close();
    await ended;
    expect(c.snapshot().status).toEqual({ type: 'disconnected', reason: 'closed' });
    c.retryNow();
    expect(server.peers).toHaveLength(1);
  });
});
