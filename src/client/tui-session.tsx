import React from 'react';
import { format } from 'node:util';
import { render } from 'ink';
import { App } from '../../components/App.js';
import type { LogFeed, LogLine } from '../../components/hooks/use-connection-feed.js';
import { enterFullScreen } from './terminal-screen.js';

import type { TuiArgs } from './tui.js';

/** Exit codes for the signals that end the UI: 128 + the signal's number, as shells report. */
const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const CONSOLE_LEVELS: Record<ConsoleMethod, LogLine['level']> = {
  log: 'info',
  info: 'info',
  debug: 'info',
  warn: 'warn',
  error: 'error',
};

/**
 * Routes console output to the output pane while the UI owns the terminal (a stray
 * console.log would tear the frame). Returns the feed and the undo.
 */
function captureConsole(): { feed: LogFeed; restore: () => void } {
  const listeners = new Set<(line: LogLine) => void>();
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of Object.keys(CONSOLE_LEVELS) as ConsoleMethod[]) {
    saved.set(method, console[method]);
    console[method] = (...args: unknown[]) => {
      const level = CONSOLE_LEVELS[method];
      for (const text of format(...args).split('\n')) {
        for (const listener of listeners) listener({ level, text });
      }
    };
  }
  return {
    feed: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restore: () => {
      for (const [method, original] of saved) console[method] = original;
    },
  };
}

function mergeFeeds(...feeds: LogFeed[]): LogFeed {
  return (listener) => {
    const offs = feeds.map((feed) => feed(listener));
    return () => offs.forEach((off) => off());
  };
}

/** `runTui`, once Ink is loaded (see tui.tsx). */
export async function runTuiSession({ options, connection, serverLog }: TuiArgs): Promise<number> {
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

  // 60 fps lets a key's frame out without waiting on the last one; the network side is capped
  // at 30 updates a second by the feed, so streaming output does not draw more often.
  const instance = render(
    <App
      connection={connection}
      logs={logs}
      scrollback={options.scrollback}
      timestamps={options.timestamps}
    />,
    { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: false, maxFps: 60 },
  );

  let code = 0;
  let hungUp = false;
  const onSignal = (signal: keyof typeof SIGNAL_CODES) => {
    code = SIGNAL_CODES[signal];
    hungUp ||= signal === 'SIGHUP';
    instance.unmount();
  };
  const handlers = (Object.keys(SIGNAL_CODES) as (keyof typeof SIGNAL_CODES)[]).map(
    (signal) => [signal, () => onSignal(signal)] as const,
  );
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const onFatal = (error: unknown) => {
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
    process.exit(1);
  };
  process.on('uncaughtException', onFatal);

  try {
    await instance.waitUntilExit();
  } catch (error) {
    // A component threw: Ink has unmounted; report it on the normal screen.
    code = 1;
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
      // At exit Node puts the terminal back in its original mode and aborts when that fails,
      // as it does once the terminal is gone (EIO). Ending by the signal itself, after the
      // caller has closed the connection and the server, skips that and reports the hang-up.
      stderr.on('error', ignore);
      process.once('exit', () => {
        // Listeners left by libraries (signal-exit) would catch it and let the exit go on.
        process.removeAllListeners('SIGHUP');
        process.kill(process.pid, 'SIGHUP');
      });
    } else {
      stdout.off('error', ignore);
      stdin.off('error', ignore);
    }
  }
  return code;
}
