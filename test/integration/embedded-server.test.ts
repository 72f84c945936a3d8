import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/app/embedded-server.js';
import { recordEvents } from '../helpers/connection-events.js';

const servers: EmbeddedServer[] = [];
let connection: ClientConnection | undefined;

afterEach(async () => {
  await connection?.close();
  for (const s of servers.splice(0)) await s.close();
  connection = undefined;
});

describe('embedded server', () => {
  it('takes 127.0.0.1:9999, or a free port when 9999 is taken', async () => {
    const first = await startEmbeddedServer();
    servers.push(first);
    // Whoever holds 9999 now (the first one or another program), the second must move.
    const second = await startEmbeddedServer();
    servers.push(second);
    expect(first.address.host).toBe('127.0.0.1');
    expect(second.address.host).toBe('127.0.0.1');
    expect(second.address.port).not.toBe(9999);
    expect(second.address.port).not.toBe(first.address.port);
  });

  it('reports its events as log lines, replaying the earlier ones to a late subscriber', async () => {
    const server = await startEmbeddedServer();
    servers.push(server);
    const { host, port } = server.address;
    const lines: string[] = [];
    let notify = () => {};
    const stop = server.serverLog((line) => {
      lines.push(line);
      notify();
    });
    expect(lines).toEqual([`listening on ${host}:${port}`]);

    connection = createConnection({
      target: server.address,
      connectTimeoutMs: 10_000,
      reconnect: false,
      crlf: false,
      embedded: true,
    });
    const log = recordEvents(connection);
    const snapshot = await log.status('connected');
    expect(snapshot.embedded).toBe(true);
    expect(await log.receivedAtLeast(2)).toEqual(['Welcome!', 'Type "help" for commands.']);
    await new Promise<void>((resolve) => {
      notify = () => lines.length >= 2 && resolve();
      notify();
    });
    expect(lines[1]).toBe(`connect ${snapshot.localAddress} (1 client)`);
    stop();
  });
});
