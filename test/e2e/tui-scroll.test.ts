import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';

const PAGE_UP = '\x1b[5~';
const PAGE_DOWN = '\x1b[6~';
const END = '\x1b[F';
const CTRL_T = '\x14';

describe('scrolling and timestamps (TUI)', { timeout: 60_000 }, () => {
  let server: RecordingServer;
  let app: PtyApp | undefined;

  beforeEach(async () => {
    server = await startRecordingServer(0, (socket) => {
      let text = '';
      for (let i = 1; i <= 100; i++) text += `line ${i}\n`;
      socket.write(text);
    });
  });

  /** The server sends 5 more lines on its own. */
  async function more(batch: number): Promise<void> {
    let text = '';
    for (let i = 1; i <= 5; i++) text += `more ${batch}.${i}\n`;
    (await server.peer(0)).socket.write(text);
  }

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    await server.close();
  });

  it('PageUp pins the view, new lines are counted in a badge, End returns to the bottom', async () => {
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 100, rows: 20 });
    await app.waitForText(/^line 100\s/m);
    app.write(PAGE_UP);
    await app.waitForText('scrolled up · PgDn ↓');
    expect(app.screenText()).not.toMatch(/^line 100\s/m);
    const top = app.line(0);

    await more(1);
    await app.waitForText('5 new lines ↓');
    // The view did not move while lines arrived.
    expect(app.line(0)).toBe(top);
    await more(2);
    await app.waitForText('10 new lines ↓');

    app.write(PAGE_UP);
    app.write(PAGE_UP);
    await app.waitFor('an older page', () => app!.line(0) !== top);
    expect(app.screenText()).toContain('10 new lines ↓');
    app.write(PAGE_DOWN);
    await app.waitFor('a newer page', () => /^line \d+/.test(app!.line(0)));

    // End on an empty input goes to the bottom (with text in the input it edits).
    app.write(END);
    await app.waitForText(/^more 2\.5\s/m);
    expect(app.screenText()).not.toContain('new lines');

    // Sending a message also returns to the bottom, to show the reply.
    app.write(PAGE_UP);
    await app.waitForText('scrolled up');
    app.write('hello\x04');
    await app.waitForText(/^› hello\s/m);
    expect(app.screenText()).not.toContain('scrolled up');
  });

  it('Ctrl+T shows and hides a time on each line', async () => {
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 100, rows: 20 });
    await app.waitForText(/^line 100\s/m);
    app.write(CTRL_T);
    await app.waitForText(/^\d\d:\d\d:\d\d line 100\s/m);
    app.write(CTRL_T);
    await app.waitForText(/^line 100\s/m);
  });

  it('--timestamps starts with times shown', async () => {
    app = spawnTui(['connect', '--timestamps', `127.0.0.1:${server.port}`], {
      cols: 100,
      rows: 20,
    });
    await app.waitForText(/^\d\d:\d\d:\d\d line 100\s/m);
  });
});

describe('search (TUI)', { timeout: 60_000 }, () => {
  let server: RecordingServer;
  let app: PtyApp | undefined;

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    await server.close();
  });

  it('finds a line scrolled far off, highlights it, and Esc gives the keys back', async () => {
    const lines = [
      'the 找到我 needle line',
      ...Array.from({ length: 20_000 }, (_, i) => `filler ${i}`),
      'last-line',
    ];
    server = await startRecordingServer(0, (socket) => socket.write(lines.join('\r\n') + '\r\n'));
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 100, rows: 24 });
    await app.waitForText('last-line');
    app.write('\x06');
    await app.waitForText('Search:');
    app.write('找到我');
    await app.waitForText('the 找到我 needle line');
    expect(app.screenText()).not.toContain('last-line');
    app.write('\x1b');
    await app.waitForText(/(Ctrl\+|\^)F search/);
    app.write('typed');
    await app.waitForText('› typed');
  });
});
