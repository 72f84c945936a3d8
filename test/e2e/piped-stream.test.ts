import { afterEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { spawnCli } from '../helpers/spawn-cli.js';

let server: RecordingServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('piped mode streams', () => {
  it("a hostile server's escape sequences never reach stdout", async () => {
    server = await startRecordingServer(0, (socket) => {
      const text = [
        '\x1b]0;owned title\x07plain',
        '\x1b]52;c;ZXZpbA==\x07clipboard',
        '\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\',
        '\x1b[2J\x1b[Hclear',
        '\x1bP1$qm\x1b\\dcs',
        '\x9b31mc1 csi',
        'bell\x07 back\x08space',
        'bidi \u202eesrever',
        'tab\tstop',
        '你好 wide',
        'invalid ',
      ].join('\n');
      // A byte that is never UTF-8, then a last line without newline before the close.
      socket.end(
        Buffer.concat([Buffer.from(text), Buffer.from([0xff]), Buffer.from(' byte\nend')]),
      );
    });
    const r = await spawnCli(['connect', `127.0.0.1:${server.port}`]).result;
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(r.stdout.split('\n')).toEqual([
      'plain',
      'clipboard',
      'link',
      'clear',
      'dcs',
      'c1 csi',
      'bell\\x07 back\\x08space',
      'bidi esrever',
      'tab     stop',
      '你好 wide',
      'invalid \ufffd byte',
      'end',
      '',
    ]);
  });

  it('--crlf ends sent lines with CRLF', async () => {
    server = await startRecordingServer();
    const cli = spawnCli(['connect', `127.0.0.1:${server.port}`, '--crlf'], {
      input: 'EHLO me\nQUIT\n',
    });
    const peer = await server.peer(0);
    expect(await server.until(peer, (t) => t.length >= 15)).toBe('EHLO me\r\nQUIT\r\n');
    expect((await cli.result).code).toBe(0);
  });

  it('input CRLF is re-terminated, not doubled', async () => {
    server = await startRecordingServer();
    const cli = spawnCli(['connect', `127.0.0.1:${server.port}`], { input: 'a\r\nb\r\n' });
    const peer = await server.peer(0);
    expect(await server.until(peer, (t) => t.length >= 4)).toBe('a\nb\n');
    expect((await cli.result).code).toBe(0);
  });

  it('delivers a large input whole and in order, then exits once the server is quiet', async () => {
    const count = 100_000;
    const input = Array.from({ length: count }, (_, i) => `line ${i}`).join('\n') + '\n';
    server = await startRecordingServer();
    const cli = spawnCli(['connect', `127.0.0.1:${server.port}`], { input });
    const peer = await server.peer(0);
    const r = await cli.result;
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await server.until(peer, (t) => t.length >= input.length)).toBe(input);
  });

  it('prints a flood of 200,000 lines completely and in order', async () => {
    const count = 200_000;
    const flood = Array.from({ length: count }, (_, i) => `flood ${i}`).join('\n') + '\n';
    server = await startRecordingServer(0, (socket) => socket.end(flood));
    const r = await spawnCli(['connect', `127.0.0.1:${server.port}`]).result;
    expect(r.code).toBe(0);
    expect(r.stdout === flood).toBe(true);
  });

  it('stops quietly when the reader goes away (| head)', async () => {
    const flood = 'x'.repeat(100) + '\n';
    server = await startRecordingServer(0, (socket) => {
      const pump = () => {
        while (socket.writable && socket.write(flood.repeat(100)));
        if (socket.writable) socket.once('drain', pump);
      };
      socket.on('error', () => {});
      pump();
    });
    const cli = spawnCli(['connect', `127.0.0.1:${server.port}`], { keepOpen: true });
    await cli.waitForStdout((t) => t.length > 0);
    cli.child.stdout.destroy();
    const r = await cli.result;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
