import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';

/** What a hostile server sends: every way bytes could drive a terminal, then a marker line. */
const HOSTILE = Buffer.concat([
  Buffer.from('title:\x1b]0;PWNED-TITLE\x07 clip:\x1b]52;c;cm0gLXJmIH4=\x07 end\r\n'),
  Buffer.from('link:\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ end\r\n'),
  Buffer.from('clear:\x1b[2J\x1b[3J\x1b[H end\r\n'),
  Buffer.from('report:\x1b[6n\x1b[c\x1b[>c end\r\n'),
  Buffer.from('screen:\x1b[?1049l\x1b[?25l\x1b[?1000h end\r\n'),
  Buffer.from('dcs:\x1bP1$r0m\x1b\\ apc:\x1b_payload\x1b\\ pm:\x1b^x\x1b\\ end\r\n'),
  Buffer.from('c1:\u009b31mred\u009d0;t\u009c end\r\n', 'utf8'),
  Buffer.from('bidi:\u202eevil\u202c\u2066x\u2069 end\r\n', 'utf8'),
  Buffer.from('bell:\x07 bs:\x08 del:\x7f nul:\x00 end\r\n'),
  Buffer.from([0x62, 0x61, 0x64, 0x3a, 0xff, 0xfe, 0xc3, 0x20, 0x65, 0x6e, 0x64, 0x0a]),
  Buffer.from('tab:\tend\r\n'),
  Buffer.from('hostile-done\r\n'),
]);

/** Sequences that must never reach the terminal while the app runs. */
const FORBIDDEN = [
  '\x1b]', // any OSC: title, clipboard, hyperlink
  '\x1bP', // DCS
  '\x1b_', // APC
  '\x1b^', // PM
  '\x1b[6n',
  '\x1b[c',
  '\x1b[>c',
  '\x1b[?1000h',
  '\x1b[3J',
  '\u009b',
  '\u009d',
  '\u009c',
  '\u202e',
  '\u2066',
  '\x07',
  '\x00',
  'PWNED',
];

describe('hostile server (TUI)', { timeout: 60_000 }, () => {
  let server: RecordingServer;
  let app: PtyApp | undefined;

  beforeEach(async () => {
    server = await startRecordingServer(0, (socket) => socket.write(HOSTILE));
  });

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    await server.close();
  });

  it('never lets server bytes drive the terminal', async () => {
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 110, rows: 32 });
    await app.waitForText('hostile-done');
    const before = app.output();
    // Still on the alternate screen with the UI intact.
    expect(app.alternateScreen()).toBe(true);
    expect(app.title()).toBe('');
    for (const seq of FORBIDDEN) expect(before, JSON.stringify(seq)).not.toContain(seq);
    // The app leaves the alternate screen only at exit.
    expect(before).not.toContain('\x1b[?1049l');

    const screen = app.screenText();
    expect(screen).toMatch(/^title: clip: end/m);
    expect(screen).toMatch(/^link:click end/m);
    expect(screen).toMatch(/^clear: end/m);
    expect(screen).toMatch(/^c1:red end/m);
    expect(screen).toMatch(/^bidi:evilx end/m);
    // Lone controls are shown, not obeyed.
    expect(screen).toContain('bell:\\x07 bs:\\x08 del:\\x7f nul:\\x00 end');
    expect(screen).toMatch(/^bad:\uFFFD+ end/m);
    expect(screen).toMatch(/^tab: {4}end/m);
    expect(screen).toContain('● connected');

    app.write('\x03');
    expect((await app.exited).exitCode).toBe(0);
  });
});

describe('hostile prompts (TUI)', { timeout: 60_000 }, () => {
  let server: RecordingServer;
  let app: PtyApp | undefined;

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    await server.close();
  });

  it('a prompt that is half an escape sequence never reaches the terminal raw', async () => {
    server = await startRecordingServer(0, (socket) =>
      socket.write('ready\r\n\x1b]0;PWNED-TITLE prompt> \x1b['),
    );
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 100, rows: 24 });
    await app.waitForText('ready');
    await app.waitForText('● connected');
    // Typing still echoes: the app is responsive with the unfinished sequence pending.
    app.write('typed');
    await app.waitForText('› typed');
    const output = app.output();
    for (const seq of FORBIDDEN) expect(output, JSON.stringify(seq)).not.toContain(seq);
    expect(app.title()).toBe('');
  });

  it('an endless prompt (10 MiB, no newline) stays bounded and the app responsive', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    server = await startRecordingServer(0, (socket) => {
      for (let i = 0; i < 160; i++) socket.write(chunk);
      socket.write('\r\nafter-the-flood\r\n$ ');
    });
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 100, rows: 24 });
    await app.waitForText('after-the-flood');
    await app.waitForText(/^\$ +│/m);
    app.write('still here');
    await app.waitForText('› still here');
  });

  it('an IAC storm: hidden, answered once, and the app responsive', async () => {
    let answered = 0;
    const storm = Buffer.from(Array.from({ length: 100_000 }, () => [255, 253, 34]).flat());
    server = await startRecordingServer(0, (socket) => {
      socket.on('data', (chunk: Buffer) => (answered += chunk.length));
      socket.write(storm);
      socket.write('after-the-storm\r\n');
    });
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 100, rows: 24 });
    await app.waitForText('after-the-storm');
    expect(app.output()).not.toContain('\ufffd');
    app.write('typed');
    await app.waitForText('› typed');
    // 300,000 bytes of DO LINEMODE got one WONT LINEMODE (and the window size, asked for once).
    expect(answered).toBeLessThan(100);
  });
});
