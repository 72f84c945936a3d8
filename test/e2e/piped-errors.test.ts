import { afterEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { startStalledListener, type StalledListener } from '../helpers/stalled-listener.js';
import { freePort } from '../helpers/free-port.js';

let server: RecordingServer | undefined;
let stalled: StalledListener | undefined;

afterEach(async () => {
  await server?.close();
  await stalled?.close();
  server = stalled = undefined;
});

describe('piped mode errors: one line on stderr, exit 1', () => {
  it('refused', async () => {
    const port = await freePort();
    const r = await spawnCli(['connect', `127.0.0.1:${port}`], { input: 'date\n' }).result;
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `tcpchat: connection refused by 127.0.0.1:${port}\n`,
    });
  });

  it('unknown host', async () => {
    const r = await spawnCli(['connect', 'no-such-host.invalid:80']).result;
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'tcpchat: cannot resolve no-such-host.invalid: not found\n',
    });
  });

  it('connect timeout', async () => {
    stalled = await startStalledListener();
    const r = await spawnCli(['connect', `127.0.0.1:${stalled.port}`, '--connect-timeout', '1'])
      .result;
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `tcpchat: connection to 127.0.0.1:${stalled.port} timed out after 1 s\n`,
    });
  });

  it('reset in the middle of a session, after what arrived before it', async () => {
    server = await startRecordingServer(0, (socket) => {
      socket.write('hello\n');
      socket.once('data', () => socket.resetAndDestroy());
    });
    const cli = spawnCli(['connect', `127.0.0.1:${server.port}`], { keepOpen: true });
    await cli.waitForStdout((t) => t === 'hello\n');
    cli.child.stdin.write('boom\n');
    const r = await cli.result;
    expect(r).toEqual({
      code: 1,
      stdout: 'hello\n',
      stderr: `tcpchat: connection reset by 127.0.0.1:${server.port}\n`,
    });
  });

  it('a log file that cannot be opened, before connecting', async () => {
    server = await startRecordingServer();
    const r = await spawnCli([
      'connect',
      `127.0.0.1:${server.port}`,
      '--log',
      '/nonexistent-dir/chat.log',
    ]).result;
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'tcpchat: cannot open log file /nonexistent-dir/chat.log: no such file or directory\n',
    });
    expect(server.peers).toHaveLength(0);
  });
});
