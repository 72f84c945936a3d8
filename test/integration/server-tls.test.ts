import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/server.js';
import { hasOpenssl, makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';
import { ask, connectClient, type SocketClient } from '../helpers/socket-client.js';

// openssl makes the certificates; CI installs it (.ci/run), elsewhere its absence skips.
const skip = !hasOpenssl() && process.env.CI === undefined;
if (skip) console.warn('note: openssl not found, TLS server tests skipped');

let certs: TestCerts;
let harness: ServerHarness | undefined;
const extra: SocketClient[] = [];
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!skip) certs = makeTestCerts();
});
afterAll(() => certs?.remove());
afterEach(async () => {
  for (const c of extra.splice(0)) c.socket.destroy();
  for (const child of children.splice(0)) child.kill();
  await harness?.stop();
  harness = undefined;
});

function tlsServer(options: Parameters<typeof startServer>[0] = {}): Promise<ServerHarness> {
  return startServer(
    { tlsCert: certs.good.certFile, tlsKey: certs.good.keyFile, ...options },
    { ca: certs.ca },
  );
}

describe.skipIf(skip)('tcpchat serve over TLS', () => {
  it('serves the same protocol, and logs that it listens over TLS', async () => {
    harness = await tlsServer();
    const client = await harness.connectGreeted();
    expect(client.lines()).toEqual(['Welcome!', 'Type "help" for commands.']);
    expect(await ask(client, 'Ada\n')).toEqual(['Hello, Ada!']);
    expect(harness.events[0]).toMatchObject({ type: 'listening', transport: 'tls' });
  });

  it('talks to openssl s_client', async () => {
    harness = await tlsServer();
    const child = spawn(
      'openssl',
      [
        's_client',
        '-connect',
        `127.0.0.1:${harness.port}`,
        '-CAfile',
        certs.caFile,
        '-servername',
        'localhost',
        '-verify_return_error',
        '-quiet',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    children.push(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const saw = (text: string) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (out.includes(text)) {
            child.stdout!.off('data', check);
            resolve();
          }
        };
        child.stdout!.on('data', check);
        check();
      });
    await saw('Type "help" for commands.\n');
    child.stdin!.write('openssl\n');
    await saw('Hello, openssl!\n');
    child.stdin!.write('exit\n');
    const [code] = await once(child, 'exit');
    expect(out).toContain('Hello, openssl!');
    expect(code).toBe(0);
  });

  it('drops a client that is not speaking TLS, without disturbing anyone', async () => {
    harness = await tlsServer();
    const good = await harness.connectGreeted();
    const plain = await connectClient(harness.port);
    extra.push(plain);
    plain.send('hello there\n');
    await plain.closed;
    expect(plain.text()).toBe('');
    expect(await harness.waitForEvent('rejected', (e) => e.reason === 'tls')).toMatchObject({
      detail: 'failed: the client is not speaking TLS',
    });
    expect(await ask(good, 'still here\n')).toEqual(['Hello, still here!']);
  });

  it('drops a client that stalls in the handshake after the handshake timeout', async () => {
    harness = await tlsServer({ handshakeTimeoutMs: 200 });
    const stalled = await connectClient(harness.port);
    extra.push(stalled);
    await stalled.closed;
    expect(await harness.waitForEvent('rejected', (e) => e.reason === 'tls')).toMatchObject({
      detail: 'timed out',
    });
  });

  it('keeps the handshake within the idle limit', async () => {
    harness = await tlsServer({ handshakeTimeoutMs: 60_000, idleTimeoutMs: 200 });
    const stalled = await connectClient(harness.port);
    extra.push(stalled);
    await stalled.closed;
    expect(await harness.waitForEvent('rejected')).toMatchObject({ detail: 'timed out' });
  });

  describe('every limit holds over TLS', () => {
    it('max clients', async () => {
      harness = await tlsServer({ maxClients: 1 });
      await harness.connectGreeted();
      const refused = await harness.connect();
      await refused.ended;
      expect(refused.text()).toBe('ERR server full (1 client)\n');
    });

    it('line cap', async () => {
      harness = await tlsServer({ maxLine: 16 });
      const client = await harness.connectGreeted();
      expect(await ask(client, `${'x'.repeat(40)}\n`)).toEqual([
        'ERR line too long (max 16 bytes)',
      ]);
      expect(await ask(client, 'short\n')).toEqual(['Hello, short!']);
    });

    it('idle timeout', async () => {
      harness = await tlsServer({ idleTimeoutMs: 300 });
      const client = await harness.connectGreeted();
      await client.ended;
      expect(client.lines().at(-1)).toBe('Closing idle connection (no input for 0.3 s)');
    });

    it('shutdown', async () => {
      harness = await tlsServer();
      const client = await harness.connectGreeted();
      const inHandshake = await connectClient(harness.port);
      extra.push(inHandshake);
      await harness.server.close();
      await client.ended;
      expect(client.lines().at(-1)).toBe('Server shutting down');
      await inHandshake.closed;
    });
  });

  describe('certificate files: one clear line each', () => {
    const listen = (cert: string, key: string) =>
      createServer({ host: '127.0.0.1', port: 0, tlsCert: cert, tlsKey: key }).listen();

    it('unreadable', async () => {
      await expect(listen('/no/such/cert.pem', certs.good.keyFile)).rejects.toThrow(
        'cannot read --tls-cert /no/such/cert.pem: no such file or directory',
      );
      await expect(listen(certs.good.certFile, '/no/such/key.pem')).rejects.toThrow(
        'cannot read --tls-key /no/such/key.pem: no such file or directory',
      );
    });

    it('not a certificate, not a key', async () => {
      await expect(listen(certs.good.keyFile, certs.good.keyFile)).rejects.toThrow(
        `--tls-cert ${certs.good.keyFile} is not a PEM certificate`,
      );
      await expect(listen(certs.good.certFile, certs.good.certFile)).rejects.toThrow(
        `--tls-key ${certs.good.certFile} is not a PEM private key`,
      );
    });

    it('a key that is not the certificate’s', async () => {
      await expect(listen(certs.good.certFile, certs.mismatchedKeyFile)).rejects.toThrow(
        `--tls-key ${certs.mismatchedKeyFile} is not the key of --tls-cert ${certs.good.certFile}`,
      );
    });

    it('only one of the two', () => {
      expect(() => createServer({ tlsCert: certs.good.certFile })).toThrow(
        'tlsCert and tlsKey go together',
      );
    });
  });
});
