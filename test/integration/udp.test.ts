import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { MAX_UDP_PAYLOAD } from '../../src/server/core/udp-reply.js';
import { createServer } from '../../src/server/server.js';
import { recordEvents } from '../helpers/connection-events.js';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';

let harness: ServerHarness | undefined;
let connection: ClientConnection | undefined;
const sockets: dgram.Socket[] = [];

afterEach(async () => {
  await connection?.close();
  for (const s of sockets.splice(0)) s.close();
  await harness?.stop();
  harness = connection = undefined;
});

/** A raw UDP peer, like the tutorial's client: send a datagram, read the replies. */
async function udpPeer(address = '127.0.0.1') {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  socket.bind(0, address);
  await once(socket, 'listening');
  const replies: string[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (message) => {
    replies.push(message.toString('utf8'));
    for (const w of [...waiters]) w();
  });
  return {
    replies,
    send: (port: number, data: string | Buffer) => socket.send(data, port, '127.0.0.1'),
    /** Resolves once `n` replies have come, with all of them. */
    replied: (n: number) =>
      new Promise<string[]>((resolve) => {
        const check = () => {
          if (replies.length < n) return;
          waiters.delete(check);
          resolve(replies);
        };
        waiters.add(check);
        check();
      }),
  };
}

async function udpServer(options: Parameters<typeof startServer>[0] = {}) {
  harness = await startServer({ udp: true, udpPort: 0, ...options });
  const listening = harness.events.find((e) => e.type === 'listening' && e.transport === 'udp') as {
    port: number;
  };
  return { tcpPort: harness.port, udpPort: listening.port };
}

describe('tcpchat serve --udp', () => {
  it('answers each datagram with OK... and its text', async () => {
    const { udpPort } = await udpServer();
    const peer = await udpPeer();
    peer.send(udpPort, 'Michael');
    expect(await peer.replied(1)).toEqual(['OK...Michael']);
    peer.send(udpPort, 'hello from nc\n');
    expect(await peer.replied(2)).toEqual(['OK...Michael', 'OK...hello from nc\n']);
    peer.send(udpPort, '\x1b]0;pwned\x07你好');
    expect((await peer.replied(3))[2]).toBe('OK...\\x1b]0;pwned\\x07你好');
  });

  it('listens on the TCP port by default, and the TCP side is unchanged', async () => {
    harness = await startServer({ udp: true });
    const peer = await udpPeer();
    peer.send(harness.port, 'same port');
    expect(await peer.replied(1)).toEqual(['OK...same port']);
    const tcp = await harness.connectGreeted();
    expect(tcp.lines()[0]).toBe('Welcome!');
  });

  it('refuses a datagram over 1,472 bytes with a short error', async () => {
    const { udpPort } = await udpServer();
    const peer = await udpPeer();
    peer.send(udpPort, Buffer.alloc(MAX_UDP_PAYLOAD + 1, 'x'));
    expect(await peer.replied(1)).toEqual(['ERR datagram too large (over 1472 bytes)\n']);
  });

  it('answers at most --udp-rate per second per source, and logs the source once, not per packet', async () => {
    const { udpPort } = await udpServer({ udpRate: 5 });
    const flooder = await udpPeer('127.0.0.1');
    for (let i = 0; i < 20; i++) flooder.send(udpPort, `n${i}`);
    await flooder.replied(5);
    // Another source is not held back by the first (and its answer comes after the flood's).
    const other = await udpPeer('127.0.0.2');
    other.send(udpPort, 'me too');
    expect(await other.replied(1)).toEqual(['OK...me too']);
    expect(flooder.replies).toEqual(['OK...n0', 'OK...n1', 'OK...n2', 'OK...n3', 'OK...n4']);
    await harness!.stop();
    harness = undefined;
  });

  it('sums up each source in the log when it stops', async () => {
    const events: { type: string }[] = [];
    const server = createServer({
      host: '127.0.0.1',
      port: 0,
      udp: true,
      udpPort: 0,
      udpRate: 5,
      onEvent: (e) => events.push(e),
    });
    const { udpPort } = await server.listen();
    const peer = await udpPeer();
    for (let i = 0; i < 12; i++) peer.send(udpPort!, 'x');
    await peer.replied(5);
    const probe = await udpPeer('127.0.0.2');
    probe.send(udpPort!, 'y');
    await probe.replied(1);
    await server.close();
    expect(events.filter((e) => e.type === 'udp-source')).toEqual([
      { type: 'udp-source', source: '127.0.0.1' },
      { type: 'udp-source', source: '127.0.0.2' },
    ]);
    expect(events).toContainEqual({
      type: 'udp-summary',
      source: '127.0.0.1',
      datagrams: 12,
      bytes: 12,
      dropped: 7,
      oversized: 0,
    });
  });

  it('fails to start with one line when the UDP port is taken', async () => {
    const taken = dgram.createSocket('udp4');
    sockets.push(taken);
    taken.bind(0, '127.0.0.1');
    await once(taken, 'listening');
    const port = taken.address().port;
    const server = createServer({ host: '127.0.0.1', port: 0, udp: true, udpPort: port });
    await expect(server.listen()).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port} (udp): address already in use`,
    );
    await server.close();
  });
});

describe('tcpchat connect --udp', () => {
  function connectUdp(port: number) {
    connection = createConnection({
      target: { host: '127.0.0.1', port },
      transport: { type: 'udp' },
      connectTimeoutMs: 10_000,
      reconnect: false,
      crlf: false,
    });
    return recordEvents(connection);
  }

  it('sends each line as one datagram, in order, and shows the replies as lines', async () => {
    const { udpPort } = await udpServer();
    const log = connectUdp(udpPort);
    await log.status('connected');
    connection!.send(['first', 'second']);
    connection!.send(['third']);
    expect(await log.receivedAtLeast(3)).toEqual(['OK...first', 'OK...second', 'OK...third']);
    expect(connection!.snapshot().stats).toMatchObject({
      linesSent: 3,
      datagramsReceived: 3,
      unansweredSince: undefined,
    });
  });

  it('says nothing is listening on an unreachable port, and keeps going', async () => {
    const closed = dgram.createSocket('udp4');
    closed.bind(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = closed.address().port;
    closed.close();
    const log = connectUdp(port);
    await log.status('connected');
    connection!.send(['anyone?']);
    await log.next(
      (e) => e.type === 'system' && e.text === `nothing listening on 127.0.0.1:${port} (udp)`,
    );
    expect(connection!.snapshot().status.type).toBe('connected');
    expect(connection!.snapshot().trouble).toBe(`nothing listening on 127.0.0.1:${port} (udp)`);

    // Somebody starts listening there: the next line gets through, and the trouble clears.
    const peer = dgram.createSocket('udp4');
    sockets.push(peer);
    peer.bind(port, '127.0.0.1');
    await once(peer, 'listening');
    peer.on('message', (m, from) => peer.send(`got ${m.toString()}`, from.port, from.address));
    connection!.send(['now?']);
    expect(await log.receivedAtLeast(1)).toEqual(['got now?']);
    expect(connection!.snapshot().trouble).toBeUndefined();
  });

  it('works with a peer that replies without a newline, and a multi-line reply', async () => {
    const peer = dgram.createSocket('udp4');
    sockets.push(peer);
    peer.bind(0, '127.0.0.1');
    await once(peer, 'listening');
    peer.on('message', (m, from) => {
      peer.send(`Hello, ${m.toString().trim()}!`, from.port, from.address);
      peer.send('two\nlines\n', from.port, from.address);
    });
    const log = connectUdp(peer.address().port);
    await log.status('connected');
    connection!.send(['ada']);
    expect(await log.receivedAtLeast(3)).toEqual(['Hello, ada!', 'two', 'lines']);
  });
});
