import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { recordEvents } from '../helpers/connection-events.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { startStalledListener, type StalledListener } from '../helpers/stalled-listener.js';
import { freePort } from '../helpers/free-port.js';

let connection: ClientConnection | undefined;
let server: RecordingServer | undefined;
let stalled: StalledListener | undefined;

afterEach(async () => {
  await connection?.close();
  await server?.close();
  await stalled?.close();
  connection = server = stalled = undefined;
});

function connect(host: string, port: number, connectTimeoutMs = 10_000): ClientConnection {
  connection = createConnection({
    target: { host, port },
    connectTimeoutMs,
    reconnect: false,
    crlf: false,
  });
  return connection;
}

describe('connection failures, one clear line each', () => {
  it('refused', async () => {
    const port = await freePort();
    const log = recordEvents(connect('127.0.0.1', port));
    const down = await log.status('error');
    expect(down.status).toEqual({
      type: 'error',
      reason: `connection refused by 127.0.0.1:${port}`,
    });
    expect(log.system()).toContain(`error: connection refused by 127.0.0.1:${port}`);
  });

  it('unknown host', async () => {
    const log = recordEvents(connect('no-such-host.invalid', 80));
    const down = await log.status('error');
    expect(down.status).toEqual({
      type: 'error',
      reason: 'cannot resolve no-such-host.invalid: not found',
    });
  });

  it('connect timeout', async () => {
    stalled = await startStalledListener();
    const c = connect('127.0.0.1', stalled.port, 300);
    const log = recordEvents(c);
    const down = await log.status('error');
    expect(down.status).toEqual({
      type: 'error',
      reason: `connection to 127.0.0.1:${stalled.port} timed out after 0.3 s`,
    });
  });

  it('connect timeout, then backoff, with reconnect on', async () => {
    stalled = await startStalledListener();
    connection = createConnection({
      target: { host: '127.0.0.1', port: stalled.port },
      connectTimeoutMs: 200,
      reconnect: true,
      crlf: false,
    });
    const log = recordEvents(connection);
    const waiting = await log.status('reconnecting');
    expect(waiting.status).toMatchObject({
      attempt: 2,
      reason: `connection to 127.0.0.1:${stalled.port} timed out after 0.2 s`,
    });
  });

  it('reset by the peer', async () => {
    server = await startRecordingServer(0, (socket) => {
      socket.once('data', () => socket.resetAndDestroy());
    });
    const c = connect('127.0.0.1', server.port);
    const log = recordEvents(c);
    await log.status('connected');
    c.send(['boom']);
    const down = await log.status('error');
    expect(down.status).toEqual({
      type: 'error',
      reason: `connection reset by 127.0.0.1:${server.port}`,
    });
    expect(log.system().at(-1)).toBe(`error: connection reset by 127.0.0.1:${server.port}`);
  });
});
