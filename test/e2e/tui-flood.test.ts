import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { floodLines } from '../helpers/flood.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';

const LINES = 200_000;

describe('flood (TUI)', { timeout: 60_000 }, () => {
  let server: RecordingServer;
  let app: PtyApp | undefined;
  let written = 0;
  let finished = false;

  beforeEach(async () => {
    written = 0;
    finished = false;
    server = await startRecordingServer(0, (socket) => {
      socket.write('ready\n');
      socket.once('data', () => {
        void floodLines(socket, LINES, (i) => `flood line ${i} ${'x'.repeat(40)}`, {
          batch: 1000,
          pauseMs: 5,
          progress: (n) => (written = n),
        }).then(() => {
          socket.write('flood done\n');
          finished = true;
        });
      });
    });
  });

  afterEach(async () => {
    app?.kill();
    await app?.exited;
    await server.close();
  });

  it('stays responsive: typing echoes while 200,000 lines arrive, and all are counted', async () => {
    app = spawnTui(['connect', `127.0.0.1:${server.port}`], { cols: 120, rows: 32 });
    await app.waitForText('ready');
    app.write('go');
    app.write('\x04');
    await app.waitForText('flood line');

    const typedAt = written;
    app.write('typed during the flood');
    await app.waitForText('› typed during the flood', 60_000);
    expect(typedAt).toBeLessThan(LINES);

    await app.waitForText('flood done', 120_000);
    expect(finished).toBe(true);
    await app.waitForText(/received\s+200,002 lines/, 30_000);
    // `ready`, the flood, `flood done`.
    // The newest lines are on screen, in order, and the input kept what was typed.
    const screen = app.screenText();
    expect(screen).toMatch(/^flood line 199999 x+\s*│/m);
    expect(screen).toContain('› typed during the flood');
    // Scrolling back finds older lines, with the badge counting nothing new yet.
    app.write('\x1b[5~');
    await app.waitForText('scrolled up');
    expect(app.screenText()).not.toMatch(/^flood done/m);
  }, 240_000);
});
