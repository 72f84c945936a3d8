import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type TcpchatServer } from '../../src/server/server.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';

const CTRL_D = '\x04';
const CTRL_C = '\x03';
const CTRL_R = '\x12';

describe('server killed and restarted (TUI)', { timeout: 60_000 }, () => {
  let server: TcpchatServer | undefined;
  let app: PtyApp | undefined;

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    await server?.close();
  });

  it('shows reconnecting, queues what is typed, delivers it once the server is back', async () => {
    server = createServer({ host: '127.0.0.1', port: 0 });
    const { port } = await server.listen();
    app = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 100, rows: 30 });
    await app.waitForText('Welcome!');

    await server.close();
    await app.waitForText(/● reconnecting in \d+ s/);
    await app.waitForText(/│ attempt \d+/);

    app.write('Queued Quinn');
    app.write(CTRL_D);
    await app.waitForText('› Queued Quinn  (queued)');
    await app.waitForText(/queued\s+1\b/);

    server = createServer({ host: '127.0.0.1', port });
    await server.listen();
    // Ctrl+R skips the rest of the backoff.
    app.write(CTRL_R);
    await app.waitForText('Hello, Queued Quinn!');
    await app.waitForText('delivered 1 queued message');
    await app.waitForText(/queued\s+0\b/);
    expect(app.screenText()).toContain('● connected');
    expect(app.screenText()).toMatch(/reconnects\s+1\b/);
    expect(app.screenText()).not.toContain('(queued)');
  });

  it('Ctrl+C with messages queued warns first and quits on the second', async () => {
    server = createServer({ host: '127.0.0.1', port: 0 });
    const { port } = await server.listen();
    app = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 100, rows: 30 });
    await app.waitForText('Welcome!');
    await server.close();
    server = undefined;
    await app.waitForText('● reconnecting');
    app.write('one');
    app.write(CTRL_D);
    app.write('two');
    app.write(CTRL_D);
    await app.waitForText(/queued\s+2\b/);

    app.write(CTRL_C);
    await app.waitForText('2 queued messages not delivered yet: Ctrl+C again drops them and quits');
    expect(app.alternateScreen()).toBe(true);
    app.write(CTRL_C);
    expect((await app.exited).exitCode).toBe(0);
    expect(app.alternateScreen()).toBe(false);
  });

  it('Ctrl+R while connected explains itself instead of reconnecting', async () => {
    server = createServer({ host: '127.0.0.1', port: 0 });
    const { port } = await server.listen();
    app = spawnTui(['connect', `127.0.0.1:${port}`]);
    await app.waitForText('Welcome!');
    app.write(CTRL_R);
    await app.waitForText('Ctrl+R retries at once while waiting to reconnect');
    expect(app.screenText()).toMatch(/reconnects\s+0\b/);
  });
});
