// A program in a pseudo-terminal whose output is parsed by a headless xterm, the way a real
// terminal would: waits are resolved by what is on screen, timed when xterm has parsed it.
import pty from 'node-pty';
import xterm from '@xterm/headless';

const { Terminal } = xterm;

// Children still running when the harness exits (an error, Ctrl+C) are killed with it.
const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The environment for a pty child: a real terminal type, and no `CI` (Ink draws nothing with it). */
export function ptyEnv(extra = {}) {
  const env = { ...process.env, TERM: 'xterm-256color', ...extra };
  delete env.CI;
  delete env.FORCE_COLOR;
  return env;
}

// Ink wraps every frame it writes in a synchronized update (begin … end); a begin followed at
// once by the end is a render that changed nothing on screen.
const FRAME_BEGIN = '\x1b[?2026h';
const EMPTY_FRAME = '\x1b[?2026h\x1b[?2026l';

/** Occurrences of `mark` in `window` that end past its first `old` characters (not yet counted). */
function countNew(window, old, mark) {
  let n = 0;
  for (let i = window.indexOf(mark); i !== -1; i = window.indexOf(mark, i + 1)) {
    if (i + mark.length > old) n++;
  }
  return n;
}

/** Spawns `file args` in a cols×rows pty; `startedAt` is taken just before the spawn. */
export function spawnScreen(file, args, { cols = 120, rows = 32, cwd, env } = {}) {
  const term = new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
  const watchers = new Set();
  let rawTail = '';
  let bytes = 0;
  let frames = 0;
  const startedAt = performance.now();
  const child = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols,
    rows,
    cwd,
    env: env ?? ptyEnv(),
  });
  live.add(child);
  const exited = new Promise((resolve) => child.onExit(resolve));
  let isExited = false;
  exited.then(() => {
    isExited = true;
    live.delete(child);
  });

  function rowsText() {
    const buf = term.buffer.active;
    const out = [];
    for (let i = 0; i < rows; i++)
      out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return out;
  }

  const screen = {
    term,
    rows: rowsText,
    text: () => rowsText().join('\n'),
    isAlternate: () => term.buffer.active.type === 'alternate',
    count(ch) {
      let n = 0;
      for (const row of rowsText()) for (const c of row) n += c === ch ? 1 : 0;
      return n;
    },
  };

  function check(w, now) {
    if (w.hint && !w.hintSeen) return;
    if (!w.predicate(screen)) return;
    watchers.delete(w);
    clearTimeout(w.timer);
    clearInterval(w.poll);
    w.resolve(now);
  }

  child.onData((data) => {
    bytes += data.length;
    const window = rawTail + data;
    frames +=
      countNew(window, rawTail.length, FRAME_BEGIN) - countNew(window, rawTail.length, EMPTY_FRAME);
    for (const w of watchers)
      if (w.hint && !w.hintSeen && window.includes(w.hint)) w.hintSeen = true;
    rawTail = window.slice(-64);
    term.write(data, () => {
      const now = performance.now();
      for (const w of watchers) check(w, now);
    });
  });

  return {
    pid: child.pid,
    startedAt,
    screen,
    exited,
    get bytes() {
      return bytes;
    },
    /** Frames Ink has written so far. */
    get frames() {
      return frames;
    },
    get isExited() {
      return isExited;
    },
    write: (data) => child.write(data),
    /**
     * Resolves with the time (performance.now) at which `predicate(screen)` first held after
     * xterm parsed a chunk. With `hint`, the screen is only read once that text went by in the
     * raw output (cheap for floods), and every 100 ms as a fallback.
     */
    waitFor(predicate, { timeoutMs = 30_000, hint, what = 'screen condition' } = {}) {
      return new Promise((resolve, reject) => {
        const w = { predicate, resolve, hint, hintSeen: false };
        w.timer = setTimeout(() => {
          watchers.delete(w);
          clearInterval(w.poll);
          // What the screen showed instead is the first thing anyone will ask.
          const shown = rowsText()
            .map((row) => row.trimEnd())
            .filter((row) => row !== '');
          const last = shown.slice(-6).join(' ⏎ ').slice(0, 600);
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}` +
                `${isExited ? ' (the program had exited)' : ''}; screen ended with: ${last || '(blank)'}`,
            ),
          );
        }, timeoutMs);
        if (hint) {
          // Escape sequences may split the hint in the raw stream: look at the screen anyway.
          w.poll = setInterval(() => {
            term.write('', () => {
              if (!watchers.has(w)) return;
              w.hintSeen = true;
              check(w, performance.now());
            });
          }, 100);
        }
        watchers.add(w);
        term.write('', () => check(w, performance.now()));
      });
    },
    /** Ends the child: `quitKeys` first, then SIGKILL if it lingers. */
    async close(quitKeys) {
      if (isExited) return exited;
      if (quitKeys) child.write(quitKeys);
      const timer = setTimeout(() => child.kill('SIGKILL'), quitKeys ? 3_000 : 0);
      if (!quitKeys) child.kill('SIGKILL');
      const result = await exited;
      clearTimeout(timer);
      term.dispose();
      return result;
    },
  };
}
