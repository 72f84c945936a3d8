import { createServer as createNetServer, connect, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, ServerError, type ServerEvent } from '../../src/server/server.js';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';
import { ask, connectClient } from '../helpers/socket-client.js';

let harness: ServerHarness | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
  blocker = undefined;
});

describe('listen', () => {
  it('resolves with the real address and reports it', async () => {
    const events: ServerEvent[] = [];
    const server = createServer({ port: 0, onEvent: (e) => events.push(e) });
    const address = await server.listen();
    expect(address.host).toBe('127.0.0.1');
    expect(address.port).toBeGreaterThan(0);
    expect(events).toEqual([{ type: 'listening', ...address, transport: 'tcp' }]);
    await server.close();
  });

  it('rejects a port in use with EADDRINUSE and one clear line', async () => {
    blocker = createNetServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const error = await createServer({ port })
      .listen()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      code: 'EADDRINUSE',
      message: `cannot listen on 127.0.0.1:${port}: address already in use`,
    });
  });

  it('rejects a missing root before listening', async () => {
    const error = await createServer({ port: 0, root: '/no/such/dir' })
      .listen()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ENOENT',
      message: 'root /no/such/dir: no such directory',
    });
  });

  it('rejects invalid options with a coded error', () => {
    expect(() => createServer({ maxLine: 0 })).toThrow(
      expect.objectContaining({ code: 'EINVAL', message: 'invalid server option: maxLine 0' }),
    );
  });
});

describe('close', () => {
  it('tells every client, ends their sockets and resolves', async () => {
    harness = await startServer();
    const h = harness;
    const a = await h.connectGreeted();
    const b = await h.connectGreeted();
    expect(await ask(a, 'Ann\n')).toEqual(['Hello, Ann!']);
    expect(h.server.clients).toBe(2);
    await h.server.close();
    await Promise.all([a.ended, b.ended]);
    expect(a.lines().slice(2)).toEqual(['Hello, Ann!', 'Server shutting down']);
    expect(b.lines().slice(2)).toEqual(['Server shutting down']);
    expect(h.server.clients).toBe(0);
    const reasons = h.events.filter((e) => e.type === 'disconnect').map((e) => e.reason);
    expect(reasons).toEqual(['server shutdown', 'server shutdown']);
    // Nobody gets in any more.
    await expect(connectClient(h.port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cuts off clients that never close their side, within 2 s', async () => {
    harness = await startServer({ maxClients: 1 });
    const h = harness;
    // A client that ignores the server's FIN and keeps its side open.
    const stubborn = connect({ port: h.port, host: '127.0.0.1', allowHalfOpen: true });
    stubborn.on('error', () => {});
    let received = '';
    stubborn.on('data', (d) => (received += d));
    const ended = new Promise((r) => stubborn.once('end', r));
    await h.waitForEvent('connect');
    // And one turned away for being over the limit, that never closes either.
    const refused = connect({ port: h.port, host: '127.0.0.1', allowHalfOpen: true });
    refused.on('error', () => {});
    await h.waitForEvent('rejected');
    const started = Date.now();
    await h.server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await ended;
    expect(received).toContain('Server shutting down\n');
    stubborn.destroy();
    refused.destroy();
  });

  it('is idempotent, and a closed server cannot listen again', async () => {
    const server = createServer({ port: 0 });
    await server.listen();
    const first = server.close();
    expect(server.close()).toBe(first);
    await first;
    await expect(server.listen()).rejects.toMatchObject({ code: 'ECLOSED' });
    // Closing one that never listened resolves too.
    await createServer({ port: 0 }).close();
  });
});
