import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasOpenssl, makeTestCerts, type TestCerts } from '../helpers/certs.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnServe, type ServeProcess } from '../helpers/server-process.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const CTRL_D = '\x04';
const noOpenssl = !hasOpenssl() && process.env.CI === undefined;
if (noOpenssl) console.warn('note: openssl not found, TLS end-to-end tests skipped');

let certs: TestCerts | undefined;
let serve: ServeProcess | undefined;
let app: PtyApp | undefined;

beforeAll(() => {
  if (!noOpenssl) certs = makeTestCerts();
});
afterAll(() => certs?.remove());
afterEach(async () => {
  app?.kill();
  await app?.exited;
  serve?.child.kill('SIGTERM');
  await serve?.exited;
  app = serve = undefined;
});

const tlsServe = () =>
  spawnServe(['--tls-cert', certs!.good.certFile, '--tls-key', certs!.good.keyFile, '--udp']);

describe('transport options: mistakes are one line', () => {
  it.each([
    [
      ['connect', '--tls', '--udp', 'h:1'],
      '--tls and --udp do not go together (TLS runs over TCP)',
    ],
    [['connect', '--udp', 'tls://h:1'], '--udp contradicts the tls:// target'],
    [['connect', '--ca', 'x.pem', 'h:1'], '--ca needs --tls (or a tls:// target)'],
    [['connect', '--insecure', 'udp://h:1'], '--insecure needs --tls (or a tls:// target)'],
    [
      ['connect', 'http://h:80'],
      'unknown scheme "http://" in "http://h:80": use tcp://, tls:// or udp://',
    ],
    [['--tls'], '--tls needs a HOST:PORT to connect to'],
    [
      ['serve', '--tls-cert', 'c.pem'],
      '--tls-cert and --tls-key go together: give both, or neither',
    ],
    [['serve', '--udp-port', '70000'], '--udp-port must be an integer from 0 to 65535, got 70000'],
  ])('%j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`tcpchat: ${message}`);
  });

  it('an unreadable --ca exits 1 with one line', async () => {
    const r = await runCli(['connect', '--tls', '--ca', '/no/such/ca.pem', 'localhost:1']);
    expect(r).toMatchObject({
      code: 1,
      stderr: 'tcpchat: cannot read --ca /no/such/ca.pem: no such file or directory\n',
    });
  });

  it('unreadable certificate files stop serve with one line, exit 1', async () => {
    const r = await runCli([
      'serve',
      '--port',
      '0',
      '--tls-cert',
      '/no/c.pem',
      '--tls-key',
      '/no/k.pem',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^tcpchat: cannot read --tls-(cert|key) \/no\/[ck]\.pem: no such file or directory\n$/,
    );
  });
});

describe.skipIf(noOpenssl)('TLS end to end', { timeout: 60_000 }, () => {
  it('serve says where it listens, over TLS and UDP', async () => {
    serve = await tlsServe();
    expect(serve.stdout()).toMatch(
      /^listening on 127\.0\.0\.1:(\d+) \(tls\)\nlistening on 127\.0\.0\.1:\1 \(udp\)\n$/,
    );
  });

  it('piped: the session, and with -v the TLS summary on stderr', async () => {
    serve = await tlsServe();
    const r = await spawnCli(
      ['connect', '-v', '--ca', certs!.caFile, `tls://localhost:${serve.port}`],
      {
        input: 'ada\n',
      },
    ).result;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Hello, ada!\n');
    expect(r.stderr).toMatch(
      /^tcpchat: TLS 1\.3, TLS_\w+, certificate for localhost from tcpchat test CA \(tcpchat tests\), verified$/m,
    );
  });

  it('piped: a certificate error is one line, exit 1', async () => {
    serve = await tlsServe();
    const r = await spawnCli(['connect', `tls://localhost:${serve.port}`], { input: 'x\n' }).result;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'tcpchat: certificate issued by an unknown CA (tcpchat test CA (tcpchat tests)): pass its CA with --ca FILE, or --insecure to connect without checking\n',
    );
  });

  it('TUI: the side panel shows the TLS session', async () => {
    serve = await tlsServe();
    app = spawnTui(['connect', '--ca', certs!.caFile, `tls://localhost:${serve.port}`], {
      cols: 110,
      rows: 32,
    });
    await app.waitForText('Welcome!');
    await app.waitForText('● connected (tls)');
    await app.waitForText(/tls\s+TLS 1\.3/);
    const screen = app.screenText();
    expect(screen).toMatch(/cert\s+localhost/);
    expect(screen).toMatch(/issuer\s+tcpchat test CA/);
    expect(screen).toMatch(/expires\s+in 29 days|expires\s+in 30 days/);
    expect(screen).toMatch(/verified\s+yes/);
  });

  it('TUI: --insecure says in red that nothing was verified; a bad certificate waits for Ctrl+R', async () => {
    serve = await spawnServe([
      '--tls-cert',
      certs!.selfSigned.certFile,
      '--tls-key',
      certs!.selfSigned.keyFile,
    ]);
    app = spawnTui(['connect', `tls://localhost:${serve.port}`], { cols: 110, rows: 32 });
    await app.waitForText('● error');
    await app.waitForText('Ctrl+R retries');
    expect(app.screenText()).toContain('self-signed certificate for localhost');
    expect(app.screenText()).not.toContain('reconnecting');
    app.kill();
    await app.exited;
    app = spawnTui(['connect', '--insecure', `tls://localhost:${serve.port}`], {
      cols: 110,
      rows: 32,
    });
    await app.waitForText('Welcome!');
    await app.waitForText(/verified\s+NO \(--insecure\)/);
  });
});

describe('UDP end to end', { timeout: 60_000 }, () => {
  it('piped: one datagram per line, replies printed, exit once quiet', async () => {
    serve = await spawnServe(['--udp']);
    const r = await spawnCli(['connect', `udp://127.0.0.1:${serve.port}`], { input: 'one\ntwo\n' })
      .result;
    expect(r).toMatchObject({ code: 0, stdout: 'OK...one\nOK...two\n' });
    await serve.waitForStderr('udp from 127.0.0.1');
  });

  it('piped: nothing listening is one line, exit 1', async () => {
    const socket = dgram.createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const port = socket.address().port;
    socket.close();
    const r = await spawnCli(['connect', '--udp', `127.0.0.1:${port}`], { input: 'hello?\n' })
      .result;
    expect(r).toMatchObject({
      code: 1,
      stderr: `tcpchat: nothing listening on 127.0.0.1:${port} (udp)\n`,
    });
  });

  it('TUI: a UDP session, with datagram counts in the side panel', async () => {
    serve = await spawnServe(['--udp']);
    app = spawnTui(['connect', `udp://127.0.0.1:${serve.port}`], { cols: 110, rows: 32 });
    await app.waitForText('● udp');
    await app.waitForText('ready: each line goes to');
    app.write('hello');
    app.write('\r');
    app.write('你好');
    app.write(CTRL_D);
    await app.waitForText('OK...你好');
    expect(app.screenText()).toContain('OK...hello');
    await app.waitForText(/sent\s+2 datagrams/);
    await app.waitForText(/received\s+2 datagrams/);
    expect(app.screenText()).toMatch(/transport udp/);
    expect(app.screenText()).not.toContain('up for');
  });
});
