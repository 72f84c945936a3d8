import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { recordEvents } from '../helpers/connection-events.js';
import { startPromptServer, type PromptServer } from '../helpers/prompt-server.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const CTRL_D = '\x04';

let server: PromptServer;
let app: PtyApp | undefined;
let connection: ClientConnection | undefined;
let dir: string;

beforeEach(async () => {
  server = await startPromptServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-prompts-'));
});
afterEach(async () => {
  app?.kill();
  await app?.exited;
  await connection?.close();
  app = connection = undefined;
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a server that prompts', { timeout: 60_000 }, () => {
  it('the connection reports the prompt before any newline', async () => {
    connection = createConnection({
      target: { host: '127.0.0.1', port: server.port },
      connectTimeoutMs: 10_000,
      reconnect: false,
      crlf: false,
    });
    const log = recordEvents(connection);
    const prompt = await log.next((e) => e.type === 'received' && e.partial === 'login: ');
    expect(prompt).toMatchObject({ partial: 'login: ' });
    expect(log.received()).toEqual(['Welcome to the box']);
  });

  it('TUI: the prompt shows at once, the answer goes on its row, and --log has it once', async () => {
    const logFile = path.join(dir, 'session.log');
    app = spawnTui(['connect', '--log', logFile, `127.0.0.1:${server.port}`], {
      cols: 100,
      rows: 24,
    });
    await app.waitForText(/^login: *│/m);
    app.write('ada');
    app.write(CTRL_D);
    await app.waitForText(/^login: › ada *│/m);
    await app.waitForText(/^Password: *│/m);
    app.write('hunter2');
    // Typed after `Password: `: masked as you type.
    await app.waitForText('› •••••••');
    expect(app.screenText()).not.toContain('hunter2');
    app.write(CTRL_D);
    await app.waitForText(/^\$ *│/m);
    app.write('ls');
    app.write(CTRL_D);
    await app.waitForText('you said ls');
    const screen = app.screenText();
    expect(screen).toMatch(/^Hello ada *│/m);
    expect(screen).toMatch(/^\$ › ls *│/m);
    // Each prompt once, not again when its line ends.
    expect(screen.match(/login:/g)).toHaveLength(1);
    expect(screen).toMatch(/^Password: › •••••••• *│/m);
    expect(screen).not.toContain('hunter2');
    app.kill();
    await app.exited;
    expect(fs.readFileSync(logFile, 'utf8')).not.toContain('hunter2');
    const logged = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => / [<>] /.test(l))
      .map((l) => l.slice(l.indexOf(' ') + 1));
    expect(logged).toEqual([
      '< Welcome to the box',
      '< login: ',
      '> ada',
      '< Password: ',
      '> ••••••••',
      '< Hello ada',
      '< $ ',
      '> ls',
      '< you said ls',
    ]);
  });

  it('piped: prompts print as they come, and a last line without newline is kept', async () => {
    const r = await spawnCli(['connect', `127.0.0.1:${server.port}`], { input: 'ada\npw\nls\n' })
      .result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Welcome to the box\nlogin: Password: Hello ada\n$ you said ls\n$ ');
  });
});
