import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnTui, type PtyApp } from '../helpers/pty.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { startTelnetServer, type TelnetServer } from '../helpers/telnet-server.js';

const CTRL_D = '\x04';

let server: TelnetServer;
let app: PtyApp | undefined;
let dir: string;

beforeEach(async () => {
  server = await startTelnetServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-telnet-'));
});
afterEach(async () => {
  app?.kill();
  await app?.exited;
  app = undefined;
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean): Promise<void> {
  // The server's own records, filled by the client's answers: awaited, not timed.
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('a telnet server', { timeout: 60_000 }, () => {
  it('TUI: negotiation stays off screen; size, terminal type, and WILL ECHO hides the password', async () => {
    const logFile = path.join(dir, 'session.log');
    app = spawnTui(['connect', '--log', logFile, `127.0.0.1:${server.port}`], {
      cols: 100,
      rows: 24,
    });
    await app.waitForText(/^login: *│/m);
    await until(() => server.terminalType() !== undefined && server.sizes().length > 0);
    expect(server.terminalType()).toBe('XTERM-256COLOR');
    // The output pane's size: the terminal less the side panel, the input and the footer.
    const size = server.sizes().at(-1)!;
    expect(size.cols).toBeGreaterThan(40);
    expect(size.cols).toBeLessThan(100);
    expect(size.rows).toBeGreaterThan(10);
    expect(size.rows).toBeLessThan(24);
    expect(app.output()).not.toContain('\xff');
    expect(app.output()).not.toContain('\ufffd');
    expect(app.screenText()).toMatch(/telnet\s+on/);

    app.write('ada');
    app.write(CTRL_D);
    await app.waitForText(/^Password: *│/m);
    await app.waitForText(/telnet\s+on, server echoes/);
    app.write('hunter2');
    await app.waitForText('› •••••••');
    app.write(CTRL_D);
    await app.waitForText('Welcome, ada');
    expect(app.screenText()).not.toContain('hunter2');
    // WONT ECHO: typing shows again.
    app.write('ls');
    await app.waitForText(/^› ls/m);
    app.write(CTRL_D);
    await app.waitForText('ran ls');
    expect(server.lines()).toEqual(['ada', 'hunter2', 'ls']);

    // The window size follows the terminal.
    const before = server.sizes().length;
    app.resize(120, 30);
    await until(() => server.sizes().length > before);
    expect(server.sizes().at(-1)!.rows).toBeGreaterThan(size.rows);
    app.kill();
    await app.exited;
    expect(fs.readFileSync(logFile, 'utf8')).not.toContain('hunter2');
  });

  it('--raw shows negotiation as bytes, never obeying it', async () => {
    const r = await spawnCli(['connect', '--raw', `127.0.0.1:${server.port}`], { input: '' })
      .result;
    // 0xFF is not UTF-8: it shows as U+FFFD, and the option bytes as escapes.
    expect(r.stdout).toContain('\ufffd');
    expect(r.stdout).toContain('login: ');
    expect(server.terminalType()).toBeUndefined();
  });
});
