import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createConnection,
  type ClientConnection,
  type Transport,
} from '../../src/client/transport/connection.js';
import { hasOpenssl, makeTestCerts, type CertFiles, type TestCerts } from '../helpers/certs.js';
import { recordEvents } from '../helpers/connection-events.js';
import { freePort } from '../helpers/free-port.js';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';

const skip = !hasOpenssl() && process.env.CI === undefined;
if (skip) console.warn('note: openssl not found, TLS client tests skipped');

let certs: TestCerts;
let connection: ClientConnection | undefined;
let harness: ServerHarness | undefined;
const children: ChildProcess[] = [];

beforeAll(() => {
  if (!skip) certs = makeTestCerts();
});
afterAll(() => certs?.remove());
afterEach(async () => {
  await connection?.close();
  for (const child of children.splice(0)) child.kill();
  await harness?.stop();
  connection = harness = undefined;
});

const serving = (files: CertFiles) =>
  startServer({ tlsCert: files.certFile, tlsKey: files.keyFile });

function tls(settings: Partial<Omit<Extract<Transport, { type: 'tls' }>, 'type'>> = {}): Transport {
  return { type: 'tls', ca: certs.ca, servername: undefined, insecure: false, ...settings };
}

function connect(port: number, transport: Transport, host = 'localhost', reconnect = false) {
  connection = createConnection({
    target: { host, port },
    transport,
    connectTimeoutMs: 10_000,
    reconnect,
    crlf: false,
  });
  return recordEvents(connection);
}

/** Why a connection to a server with these certificates fails, as the user reads it. */
async function failure(files: CertFiles, transport: Transport, host = 'localhost') {
  harness = await serving(files);
  const log = connect(harness.port, transport, host);
  const down = await log.status('error');
  return down.status.type === 'error' ? down.status.reason : '';
}

/** `openssl s_server` on a free port with these arguments; resolves once it accepts. */
async function opensslServer(
  args: string[],
): Promise<{ port: number; child: ChildProcess; out: () => string }> {
  const port = await freePort();
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ACCEPT')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`openssl s_server exited (${code})`)));
  });
  return { port, child, out: () => out };
}

describe.skipIf(skip)('TLS client', () => {
  it('connects to our TLS server, verifies it and reports the session', async () => {
    harness = await serving(certs.good);
    const log = connect(harness.port, tls());
    const up = await log.status('connected');
    expect(up.transport).toBe('tls');
    expect(up.tls).toMatchObject({
      protocol: 'TLSv1.3',
      subject: 'localhost',
      issuer: 'tcpchat test CA (tcpchat tests)',
      verified: true,
      unverifiedReason: undefined,
    });
    expect(up.tls?.validTo).toBeGreaterThan(Date.now());
    expect(await log.receivedAtLeast(2)).toEqual(['Welcome!', 'Type "help" for commands.']);
    connection!.send(['tls']);
    expect(await log.receivedAtLeast(3)).toContain('Hello, tls!');
    expect(log.system()).toContainEqual(
      expect.stringMatching(
        /^info: TLS 1\.3, TLS_\w+, certificate for localhost from tcpchat test CA \(tcpchat tests\), verified$/,
      ),
    );
  });

  it('verifies an IP address against the certificate’s IP names', async () => {
    harness = await serving(certs.good);
    const log = connect(harness.port, tls(), '127.0.0.1');
    expect((await log.status('connected')).tls?.verified).toBe(true);
  });

  it('talks to openssl s_server both ways', async () => {
    const server = await opensslServer(['-cert', certs.good.certFile, '-key', certs.good.keyFile]);
    const log = connect(server.port, tls());
    await log.status('connected');
    connection!.send(['to openssl']);
    await new Promise<void>((resolve) => {
      const check = () => server.out().includes('to openssl') && resolve();
      server.child.stdout!.on('data', check);
      check();
    });
    server.child.stdin!.write('from openssl\n');
    expect(await log.receivedAtLeast(1)).toContain('from openssl');
  });

  describe('failures, one clear line each', () => {
    it('expired', async () => {
      expect(await failure(certs.expired, tls())).toBe('certificate expired on 2020-02-01');
    });

    it('not yet valid', async () => {
      expect(await failure(certs.notYetValid, tls())).toBe(
        'certificate not valid until 2099-01-01',
      );
    });

    it('self-signed', async () => {
      expect(await failure(certs.selfSigned, tls())).toBe(
        'self-signed certificate for localhost: pass its CA with --ca FILE, or --insecure to connect without checking',
      );
    });

    it('unknown issuer (no --ca)', async () => {
      expect(await failure(certs.good, tls({ ca: undefined }))).toBe(
        'certificate issued by an unknown CA (tcpchat test CA (tcpchat tests)): pass its CA with --ca FILE, or --insecure to connect without checking',
      );
    });

    it('hostname mismatch', async () => {
      expect(await failure(certs.wrongHost, tls())).toBe(
        'certificate is for a.example, www.a.example, not localhost',
      );
    });

    it('--servername names what is checked', async () => {
      expect(await failure(certs.good, tls({ servername: 'b.example' }))).toBe(
        'certificate is for localhost, 127.0.0.1, not b.example',
      );
    });

    it('a peer that is not speaking TLS', async () => {
      harness = await startServer();
      const log = connect(harness.port, tls());
      const down = await log.status('error');
      expect(down.status).toMatchObject({
        reason: `localhost:${harness.port} is not speaking TLS (a plain TCP port? try without --tls)`,
      });
    });

    it('a handshake failure', async () => {
      // Node offers no CCM_8 suite: nothing in common.
      const server = await opensslServer([
        '-cert',
        certs.good.certFile,
        '-key',
        certs.good.keyFile,
        '-tls1_3',
        '-ciphersuites',
        'TLS_AES_128_CCM_8_SHA256',
      ]);
      const log = connect(server.port, tls());
      const down = await log.status('error');
      expect(down.status).toMatchObject({
        reason: `TLS handshake with localhost:${server.port} failed: handshake failure`,
      });
    });
  });

  it('does not retry a certificate error on a timer, only when asked', async () => {
    harness = await serving(certs.expired);
    const log = connect(harness.port, tls(), 'localhost', true);
    const down = await log.status('error');
    expect(down.status).toEqual({
      type: 'error',
      reason: 'certificate expired on 2020-02-01',
      canRetry: true,
    });
    expect(log.system().some((line) => line.includes('reconnecting'))).toBe(false);
    connection!.retryNow();
    await log.next(
      (e) =>
        e.type === 'system' &&
        e.text === `connecting to localhost:${harness!.port} over TLS (attempt 1)`,
    );
    // It fails the same way, and waits again.
    await log.next((e) => e.type === 'state' && e.snapshot.status.type === 'connecting');
    expect((await log.status('error')).status).toMatchObject({ canRetry: true });
    expect(
      log.system().filter((line) => line === 'error: certificate expired on 2020-02-01'),
    ).toHaveLength(2);
  });

  it('--insecure connects anyway and keeps why it would not verify', async () => {
    harness = await serving(certs.selfSigned);
    const log = connect(harness.port, tls({ ca: undefined, insecure: true }));
    const up = await log.status('connected');
    expect(up.tls).toMatchObject({
      verified: false,
      unverifiedReason: 'self-signed certificate for localhost',
    });
    expect(log.system()).toContainEqual(
      expect.stringMatching(/^warn: .*NOT verified \(--insecure\)/),
    );
  });
});
