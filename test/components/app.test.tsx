import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../components/App.js';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { startRecordingServer, type RecordingServer } from '../helpers/recording-server.js';

const waitOptions = { timeout: 10_000, interval: 20 };

describe('App (real connection to a real server)', () => {
  let server: RecordingServer;
  let connection: ClientConnection;

  beforeEach(async () => {
    server = await startRecordingServer(0, (socket) => socket.write('Welcome!\n'));
    connection = createConnection({
      target: { host: '127.0.0.1', port: server.port },
      connectTimeoutMs: 5_000,
      reconnect: false,
      crlf: false,
    });
  });

  afterEach(async () => {
    cleanup();
    await connection.close();
    await server.close();
  });

  it('edits, sends with Ctrl+D, shows the reply and the counters', async () => {
    const { stdin, lastFrame } = render(
      <App connection={connection} logs={undefined} scrollback={1000} timestamps={false} />,
    );
    await vi.waitFor(() => expect(lastFrame()).toContain('Welcome!'), waitOptions);
    await vi.waitFor(() => expect(lastFrame()).toContain('● connected'), waitOptions);

    stdin.write('helo');
    stdin.write('\x1b[D');
    stdin.write('l');
    // End (with text in the input) goes to the end of the line, not the bottom of the output.
    stdin.write('\x1b[F');
    stdin.write('\r');
    stdin.write('wörld 世界');
    await vi.waitFor(() => expect(lastFrame()).toContain('  wörld 世界'), waitOptions);
    expect(lastFrame()).toContain('› hello');

    stdin.write('\x04');
    const peer = await server.peer(0);
    expect(await server.until(peer, (t) => t.endsWith('\n\n') || t.split('\n').length > 2)).toBe(
      'hello\nwörld 世界\n',
    );
    peer.socket.write('Hello, hello!\n');
    await vi.waitFor(() => expect(lastFrame()).toContain('Hello, hello!'), waitOptions);
    expect(lastFrame()).toMatch(/sent\s+2 lines/);
    expect(lastFrame()).toContain('Type a message');

    // Up recalls the message just sent.
    stdin.write('\x1b[A');
    await vi.waitFor(() => expect(lastFrame()).toContain('  wörld 世界'), waitOptions);
  });

  it('shows log lines (the embedded server, stray console output) as system lines', async () => {
    const logs = (listener: (line: { level: 'info'; text: string }) => void) => {
      listener({ level: 'info', text: 'server: listening on 127.0.0.1:9999' });
      return () => {};
    };
    const { lastFrame } = render(
      <App connection={connection} logs={logs} scrollback={1000} timestamps={false} />,
    );
    await vi.waitFor(
      () => expect(lastFrame()).toContain('• server: listening on 127.0.0.1:9999'),
      waitOptions,
    );
  });

  it('a closed connection is shown as such', async () => {
    const { lastFrame } = render(
      <App connection={connection} logs={undefined} scrollback={1000} timestamps={false} />,
    );
    await vi.waitFor(() => expect(lastFrame()).toContain('Welcome!'), waitOptions);
    (await server.peer(0)).socket.end();
    await vi.waitFor(() => expect(lastFrame()).toContain('● disconnected'), waitOptions);
  });
});
