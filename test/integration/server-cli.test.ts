import { createServer as createNetServer, connect, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { spawnServe, type ServeProcess } from '../helpers/server-process.js';
import { ask, connectGreeted, type SocketClient } from '../helpers/socket-client.js';

let serve: ServeProcess | undefined;
let blocker: Server | undefined;
const clients: SocketClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.socket.destroy();
  if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  await serve?.exited;
  serve = undefined;
  await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
  blocker = undefined;
});

async function greeted(port: number): Promise<SocketClient> {
  const client = await connectGreeted(port);
  clients.push(client);
  return client;
}

describe('tcpchat serve (the real binary)', () => {
  it('prints the real address on stdout and one log line per connect/disconnect on stderr', async () => {
    serve = await spawnServe();
    expect(serve.stdout()).toBe(`listening on 127.0.0.1:${serve.port}\n`);
    const client = await greeted(serve.port);
    expect(await ask(client, 'Michael\n')).toEqual(['Hello, Michael!']);
    client.send('exit\n');
    await client.ended;
    await serve.waitForStderr('disconnect');
    const log = serve.stderr().trimEnd().split('\n');
    expect(log[0]).toMatch(/^connect 127\.0\.0\.1:\d+ \(1 client\)$/);
    expect(log[1]).toMatch(
      /^disconnect 127\.0\.0\.1:\d+ after \d+ ms, 2 lines in, 4 lines out \(client quit\)$/,
    );
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'on %s tells every client, closes them and exits 0 within 2 s',
    async (signal) => {
      serve = await spawnServe();
      const { port } = serve;
      const polite = await greeted(port);
      const busy = await greeted(port);
      // One that will never close its side: the server must cut it off itself.
      const stubborn = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      stubborn.on('error', () => {});
      let stubbornGot = '';
      stubborn.on('data', (d) => (stubbornGot += d));
      await serve.waitForStderr('(3 clients)');
      busy.send('ls\n'.repeat(50));

      const started = Date.now();
      serve.child.kill(signal);
      const { code } = await serve.exited;
      const elapsed = Date.now() - started;
      stubborn.destroy();

      expect(code).toBe(0);
      expect(elapsed).toBeLessThan(2000);
      await polite.ended;
      expect(polite.lines().at(-1)).toBe('Server shutting down');
      expect(busy.text()).toContain('Server shutting down\n');
      expect(stubbornGot).toContain('Server shutting down\n');
      expect(serve.stderr()).toContain(`${signal}: shutting down`);
      expect(serve.stderr().match(/\(server shutdown\)$/gm)).toHaveLength(3);
    },
  );

  it('reports a port in use as one line and exits 1', async () => {
    blocker = createNetServer();
    await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const r = await runCli(['serve', '--port', String(port)]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `tcpchat: cannot listen on 127.0.0.1:${port}: address already in use\n`,
    });
  });

  it('reports a bad --root as one line and exits 1', async () => {
    const r = await runCli(['serve', '--port', '0', '--root', '/no/such/dir']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'tcpchat: root /no/such/dir: no such directory\n',
    });
  });

  it('reports a host it cannot listen on as one line and exits 1', async () => {
    const r = await runCli(['serve', '--port', '0', '--host', '192.0.2.1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'tcpchat: cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine\n',
    );
  });

  it('rejects a bad flag with usage and exit 2', async () => {
    const r = await runCli(['serve', '--max-line', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
      'tcpchat: --max-line must be an integer from 16 to 16777216, got lots',
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
