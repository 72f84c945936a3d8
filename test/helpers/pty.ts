import { spawn as spawnPty, type IPty } from 'node-pty';
import xterm from '@xterm/headless';
import { CLI } from './run-cli.js';

/** How the app ended: its exit code, or the signal that killed it. */
export interface PtyExit {
  readonly exitCode: number;
  readonly signal: number | undefined;
}

/**
 * The real `tcpchat` binary in a pseudo-terminal, its screen kept by a headless xterm.
 * Screen reads and waits see whole frames only: Ink wraps each frame in synchronized-output
 * marks (DEC mode 2026), and a read that ends inside one would show a half-drawn screen.
 */
export interface PtyApp {
  /** Everything the app wrote to the terminal, raw, in order. */
  output(): string;
  /** The screen as text after the last whole frame: one line per row, trailing spaces removed. */
  screenText(): string;
  /** Row `y` of the screen after the last whole frame. */
  line(y: number): string;
  /** Whether the app has the alternate screen up. */
  alternateScreen(): boolean;
  /** The cursor position on the screen. */
  cursor(): { x: number; y: number };
  /** The window title the app set, if any (a hostile server must never manage it). */
  title(): string;
  /** Resolves once the screen (after all output so far is parsed) contains `text`. */
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once the screen satisfies `check`. */
  waitFor(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
  /** Types into the terminal. */
  write(data: string): void;
  resize(cols: number, rows: number): void;
  readonly exited: Promise<PtyExit>;
  /** Kills the app if it is still running. */
  kill(signal?: string): void;
}

export interface PtyOptions {
  readonly cols?: number;
  readonly rows?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** Generous: the machine has 2 cores and other test runs share it. */
export const SCREEN_TIMEOUT = 15_000;

const BEGIN_FRAME = '\x1b[?2026h';
const END_FRAME = '\x1b[?2026l';

/** Tracks whether a stream of chunks is inside a synchronized-output frame. */
function frameTracker(): (chunk: string) => boolean {
  let inside = false;
  let tail = '';
  return (chunk) => {
    const text = tail + chunk;
    const begin = text.lastIndexOf(BEGIN_FRAME);
    const end = text.lastIndexOf(END_FRAME);
    if (begin !== -1 || end !== -1) inside = begin > end;
    // A mark split across chunks is found with the next one.
    tail = text.slice(-(BEGIN_FRAME.length - 1));
    return inside;
  };
}

/**
 * Starts `node dist/cli.js ARGS` in a pty of `cols`×`rows`. `CI` is removed from the
 * environment: Ink draws nothing interactive when it is set.
 */
export function spawnTui(args: readonly string[], options: PtyOptions = {}): PtyApp {
  const cols = options.cols ?? 100;
  const rows = options.rows ?? 30;
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, TERM: 'xterm-256color' };
  delete env.CI;
  delete env.GITHUB_ACTIONS;
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  let title = '';
  term.onTitleChange((t) => (title = t));
  const chunks: string[] = [];
  const waiters = new Set<() => void>();
  let parsedAll = Promise.resolve();
  const insideFrame = frameTracker();
  const liveLine = (y: number) =>
    term.buffer.active.getLine(y)?.translateToString(true).replace(/\s+$/, '') ?? '';
  let stable: string[] = [];
  const settle = () => {
    stable = Array.from({ length: term.rows }, (_, y) => liveLine(y));
    for (const w of [...waiters]) w();
  };

  const pty: IPty = spawnPty(process.execPath, [CLI, ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: options.cwd ?? process.cwd(),
    env: env as Record<string, string>,
  });
  pty.onData((data) => {
    chunks.push(data);
    const inside = insideFrame(data);
    parsedAll = new Promise((resolve) =>
      term.write(data, () => {
        resolve();
        if (!inside) settle();
      }),
    );
  });
  const exited = new Promise<PtyExit>((resolve) =>
    pty.onExit(({ exitCode, signal }) => {
      // Let xterm finish parsing what came before the exit.
      void parsedAll.then(() => {
        resolve({ exitCode, signal: signal || undefined });
        settle();
      });
    }),
  );
  let done = false;
  void exited.then(() => (done = true));

  const line = (y: number) => stable[y] ?? '';
  const screenText = () => stable.join('\n');

  function waitFor(what: string, check: () => boolean, timeoutMs = SCREEN_TIMEOUT) {
    return new Promise<void>((resolve, reject) => {
      const test = () => {
        if (!check()) {
          if (done) finish(new Error(`app exited before ${what}; screen:\n${screenText()}`));
          return;
        }
        finish();
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${what}; screen:\n${screenText()}`)),
        timeoutMs,
      );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(test);
        if (error) reject(error);
        else resolve();
      };
      waiters.add(test);
      void parsedAll.then(test);
    });
  }

  return {
    output: () => chunks.join(''),
    screenText,
    line,
    alternateScreen: () => term.buffer.active.type === 'alternate',
    cursor: () => ({ x: term.buffer.active.cursorX, y: term.buffer.active.cursorY }),
    title: () => title,
    waitForText: (text, timeoutMs) =>
      waitFor(
        JSON.stringify(String(text)),
        () => (typeof text === 'string' ? screenText().includes(text) : text.test(screenText())),
        timeoutMs,
      ),
    waitFor,
    write: (data) => pty.write(data),
    resize: (c, r) => {
      term.resize(c, r);
      pty.resize(c, r);
    },
    exited,
    kill: (signal) => {
      if (!done) pty.kill(signal);
    },
  };
}
