import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type TcpchatServer } from '../../src/server/server.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';

const CTRL_D = '\x04';
const CTRL_C = '\x03';

/** Column of the side panel's border on row `y` (cells, wide characters counting two). */
function borderColumn(app: PtyApp, y: number): number {
  const text = app.line(y);
  let column = 0;
  for (const ch of text) {
    if (ch === '│') return column;
    column += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch)
      ? 2
      : 1;
  }
  return -1;
}

describe('tcpchat connect (TUI)', { timeout: 60_000 }, () => {
  let server: TcpchatServer;
  let port: number;
  let app: PtyApp | undefined;

  beforeEach(async () => {
    server = createServer({ host: '127.0.0.1', port: 0 });
    ({ port } = await server.listen());
  });

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    app = undefined;
    await server.close();
  });

  it('greets, sends a name with Ctrl+D and shows the reply; the panel shows the connection', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 100, rows: 30 });
    await app.waitForText('Welcome!');
    await app.waitForText('● connected');
    expect(app.screenText()).toContain(`server   127.0.0.1:${port}`);
    expect(app.screenText()).toContain('remote');
    expect(app.alternateScreen()).toBe(true);

    app.write('Ann');
    await app.waitForText('› Ann');
    // Nothing sent yet: Enter and typing only edit.
    expect(app.screenText()).not.toContain('Hello, Ann!');
    app.write(CTRL_D);
    await app.waitForText('Hello, Ann!');
    expect(app.screenText()).toMatch(/sent\s+1 line(?!s)/);
    await app.waitForText(/received\s+\d+ lines/);
    // The sent line is marked in the output, and the input is empty again.
    expect(app.screenText()).toMatch(/› Ann\s*│/);
    expect(app.screenText()).toContain('Type a message');
  });

  it('Ctrl+D on an empty buffer only shows a hint', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`]);
    await app.waitForText('Welcome!');
    app.write(CTRL_D);
    await app.waitForText('Nothing to send');
    expect(app.screenText()).toMatch(/sent\s+0 lines/);
  });

  it('sends a multi-line buffer as lines in order; a paste inserts without sending', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 100, rows: 30 });
    await app.waitForText('Welcome!');
    app.write('/echo one\r/echo two\r');
    app.write('\x1b[200~/echo three\r/echo four\x1b[201~');
    await app.waitForText('  /echo four');
    expect(app.screenText()).not.toMatch(/^one/m);
    app.write(CTRL_D);
    await app.waitForText(/^four/m);
    const lines = app.screenText().split('\n');
    const replies = lines.filter((l) => /^(one|two|three|four)\b/.test(l));
    expect(replies.map((l) => l.split(/\s/)[0])).toEqual(['one', 'two', 'three', 'four']);
    expect(app.screenText()).toMatch(/sent\s+4 lines/);
  });

  it('wraps CJK text by display width: no row runs into the side panel', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 100, rows: 30 });
    await app.waitForText('Welcome!');
    const text = '这是一行很长的中文文本用来测试自动换行是否按照显示宽度正确处理每个汉字占两列';
    app.write(`/echo ${text}${text}`);
    app.write(CTRL_D);
    // The reply starts a row of its own (the sent copy starts with the marker).
    await app.waitForText(/^这是一行/m);
    await app.waitForText('Type a message');
    // The pane is 72 columns: every row's panel border sits exactly there.
    for (let y = 0; y < 20; y++) expect(borderColumn(app, y)).toBe(72);
    const screen = app.screenText();
    expect(screen.replace(/\s*│[^\n]*\n/g, '')).toContain(`${text}${text}`);
  });

  it('Ctrl+C restores the normal screen and exits 0', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`]);
    await app.waitForText('Welcome!');
    app.write(CTRL_C);
    const exit = await app.exited;
    expect(exit.exitCode).toBe(0);
    const out = app.output();
    expect(out.indexOf('\x1b[?1049h')).toBeGreaterThanOrEqual(0);
    expect(out.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(out.indexOf('\x1b[?1049h'));
    expect(out.slice(out.lastIndexOf('\x1b[?1049l'))).not.toContain('\x1b[?1049h');
    expect(out).toContain('\x1b[?2004l');
    expect(app.alternateScreen()).toBe(false);
  });

  it('SIGTERM restores the normal screen too', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`]);
    await app.waitForText('Welcome!');
    app.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.exitCode).toBe(143);
    expect(app.output()).toContain('\x1b[?1049l');
    expect(app.alternateScreen()).toBe(false);
  });

  it('SIGHUP restores the screen and ends by the signal itself, as a shell expects', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`]);
    await app.waitForText('Welcome!');
    app.kill('SIGHUP');
    const exit = await app.exited;
    expect(exit.signal).toBe(1);
    expect(app.output()).toContain('\x1b[?1049l');
  });

  it('folds the side panel away on a narrow terminal and brings it back', async () => {
    app = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 100, rows: 30 });
    await app.waitForText('│ tcpchat');
    app.resize(60, 20);
    await app.waitFor('the status in the footer', () => app!.line(18).startsWith('● connected'));
    expect(app.screenText()).not.toContain('│');
    app.resize(120, 32);
    await app.waitForText('│ tcpchat');
    expect(borderColumn(app, 0)).toBe(92);
    app.write('still typing');
    await app.waitForText('› still typing');
  });
});

describe('bare tcpchat (embedded server)', { timeout: 60_000 }, () => {
  let app: PtyApp | undefined;

  afterEach(async () => {
    app?.kill();
    await app?.exited;
  });

  it('starts its own server, shows where, and talks to it', async () => {
    app = spawnTui([], { cols: 110, rows: 30 });
    await app.waitForText('Welcome!');
    await app.waitForText('embedded server');
    expect(app.screenText()).toMatch(/server: listening on 127\.0\.0\.1:\d+/);
    app.write('Zoë');
    app.write(CTRL_D);
    await app.waitForText('Hello, Zoë!');
    app.write(CTRL_C);
    expect((await app.exited).exitCode).toBe(0);
  });
});

describe('a server that is not ours', { timeout: 60_000 }, () => {
  let peer: RecordingServer;
  let app: PtyApp | undefined;

  beforeEach(async () => {
    peer = await startRecordingServer(0, (socket) => socket.write('220 smtp.example ESMTP\r\n'));
  });

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    await peer.close();
  });

  it('sends exactly the lines typed, CRLF with --crlf, and shows CRLF replies cleanly', async () => {
    app = spawnTui(['connect', '--crlf', `127.0.0.1:${peer.port}`]);
    await app.waitForText('220 smtp.example ESMTP');
    // A trailing Enter leaves an empty last line: it goes out as a blank line.
    app.write('HELO me\rMAIL FROM:<a@b>\r');
    app.write(CTRL_D);
    const got = await peer.until(await peer.peer(0), (t) => t.endsWith('\r\n\r\n'));
    expect(got).toBe('HELO me\r\nMAIL FROM:<a@b>\r\n\r\n');
    expect(app.screenText()).toMatch(/^220 smtp\.example ESMTP +│/m);
  });

  it('keeps the terminal cursor at the edit point, in frames drawn for news too', async () => {
    app = spawnTui(['connect', `127.0.0.1:${peer.port}`], { cols: 100, rows: 30 });
    await app.waitForText('220 smtp.example ESMTP');
    app.write('ab你好');
    await app.waitForText('› ab你好');
    const a = app;
    const inputRow = () =>
      a
        .screenText()
        .split('\n')
        .findIndex((l) => l.startsWith('› ab你好'));
    // After the prompt (2 columns), two letters and two wide characters.
    const atEditPoint = () => {
      const { x, y } = a.cursor();
      return y === inputRow() && x === 2 + 2 + 4;
    };
    await app.waitFor('the cursor after what was typed', atEditPoint);
    // A line from the server is drawn in a frame of its own, not a key's.
    (await peer.peer(0)).socket.write('250 ok\r\n');
    await app.waitForText('250 ok');
    await app.waitFor('the cursor still after what was typed', atEditPoint);
    app.write('\x1b[D');
    await app.waitFor('the cursor one wide character back', () => {
      const { x, y } = a.cursor();
      return y === inputRow() && x === 2 + 2 + 2;
    });
  });
});
