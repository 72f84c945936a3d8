import React from 'react';
import { render } from 'ink';
import { App } from '../../components/App.js';
import type { LogFeed } from '../../components/hooks/use-connection-feed.js';
import type { Connection } from '../client/connection/connection-types.js';
import type { ExitStatus } from '../shared/exit-status.js';
import { captureConsole } from './console-capture.js';
import { enterFullScreen } from './terminal-screen.js';

export interface TuiArgs {
  readonly connection: Connection;
  /** The embedded server's log lines (bare `tcpchat`), shown as system lines. */
  readonly serverLog: ((listener: (line: string) => void) => () => void) | undefined;
  /** Lines of output kept. */
  readonly scrollback: number;
  /** Start with a time on each output line. */
  readonly timestamps: boolean;
  /** Ring the bell when a chat line mentions your nick. */
  readonly bell: boolean;
}

/** Exit codes for the signals that end the UI: 128 + the signal's number, as shells report. */
const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

function mergeFeeds(...feeds: LogFeed[]): LogFeed {
  return (listener) => {
    const offs = feeds.map((feed) => feed(listener));
    return () => offs.forEach((off) => off());
  };
}

/** `runTui`, once Ink is loaded (see load-tui.ts). */
export async function runTuiSession({
  connection,
  serverLog,
  scrollback,
  timestamps,
  bell,
}: TuiArgs): Promise<ExitStatus> {
  const { stdout, stdin, stderr } = process;
  const screen = enterFullScreen(stdout);
  const consoleCapture = captureConsole();
  const serverFeed: LogFeed | undefined = serverLog
    ? (listener) => serverLog((text) => listener({ level: 'info', text: `server: ${text}` }))
    : undefined;
  const logs = serverFeed ? mergeFeeds(serverFeed, consoleCapture.feed) : consoleCapture.feed;

  // A resize redraws from a clean screen: no half-erased old frame left at the old width.
  const onResize = () => stdout.write('\x1b[2J\x1b[H');
  stdout.on('resize', onResize);
  // After a hang-up the terminal is gone and reads and writes fail: nothing to tell anyone.
  const ignore = () => {};
  stdout.on('error', ignore);
  stdin.on('error', ignore);

  // The app paces its own frames: news from the server is drawn once per FRAME_MS (useTui), a
  // key at once. Ink's throttle (the last frame's 1000 / maxFps ms) only held a key's echo back
  // behind a flood's frame: at 60 fps, a key during a flood waited 20 ms for it.
  const instance = render(
    <App
      connection={connection}
      logs={logs}
      scrollback={scrollback}
      timestamps={timestamps}
      bell={bell}
    />,
    { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false, maxFps: 1000 },
  );

  let code = 0;
  let hungUp = false;
  let fatal = false;
  const onSignal = (signal: keyof typeof SIGNAL_CODES) => {
    code = SIGNAL_CODES[signal];
    hungUp ||= signal === 'SIGHUP';
    instance.unmount();
  };
  const handlers = (Object.keys(SIGNAL_CODES) as (keyof typeof SIGNAL_CODES)[]).map(
    (signal) => [signal, () => onSignal(signal)] as const,
  );
  for (const [signal, handler] of handlers) process.on(signal, handler);
  // An exception nobody caught (in a socket or timer callback): restore the terminal, say what
  // happened and end the session; the caller closes what it can and the process ends anyway.
  const onFatal = (error: unknown) => {
    if (fatal) return;
    fatal = true;
    code = 1;
    try {
      instance.unmount();
    } catch {
      // Restoring the terminal matters more than a clean unmount.
    }
    screen.leave();
    consoleCapture.restore();
    stderr.write(
      `tcpchat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  };
  process.on('uncaughtException', onFatal);

  try {
    await instance.waitUntilExit();
  } catch (error) {
    // A component threw: Ink has unmounted; report it on the normal screen.
    code = 1;
    fatal = true;
    screen.leave();
    stderr.write(
      `tcpchat: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    process.off('uncaughtException', onFatal);
    stdout.off('resize', onResize);
    screen.leave();
    consoleCapture.restore();
    if (hungUp) {
      // The terminal is gone: writes to it fail from now on, and nobody is there to read them.
      stderr.on('error', ignore);
    } else {
      stdout.off('error', ignore);
      stdin.off('error', ignore);
    }
  }
  return { code, end: hungUp ? 'hangup' : fatal ? 'force' : 'drain' };
}
