import { EventEmitter } from 'node:events';
import xterm from '@xterm/headless';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import logUpdate from '../../src/tui/ink-log-update.js';

const COLS = 20;
const ROWS = 6;

/** A terminal-like stream that feeds a headless xterm. */
function terminal() {
  // convertEol: a pty turns LF into CR LF on the way out (ONLCR), as Ink expects.
  const term = new xterm.Terminal({
    cols: COLS,
    rows: ROWS,
    allowProposedApi: true,
    convertEol: true,
  });
  let written = '';
  const stream = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: COLS,
    rows: ROWS,
    write(data: string) {
      written += data;
      term.write(data);
      return true;
    },
  });
  return {
    term,
    stream: stream as unknown as NodeJS.WriteStream,
    emitResize: () => stream.emit('resize'),
    take() {
      const out = written;
      written = '';
      return out;
    },
    flush: () => new Promise<void>((resolve) => term.write('', resolve)),
  };
}

/** Every cell (text, width and attributes) and the cursor: what a user would see. */
function screenOf(term: xterm.Terminal) {
  const buf = term.buffer.active;
  const cells: string[] = [];
  const cell = buf.getNullCell();
  for (let y = 0; y < ROWS; y++) {
    const line = buf.getLine(y)!;
    for (let x = 0; x < COLS; x++) {
      line.getCell(x, cell);
      cells.push(
        [
          cell.getChars() || ' ',
          cell.getWidth(),
          cell.getFgColorMode(),
          cell.getFgColor(),
          cell.getBgColor(),
          cell.isBold(),
          cell.isDim(),
          cell.isInverse(),
          cell.isUnderline(),
        ].join(','),
      );
    }
  }
  return { cells, cursor: [buf.cursorX, buf.cursorY] };
}

// Lines as Ink writes them: every style it opens it closes, never wider than the terminal.
const segment = fc.record({
  text: fc.constantFrom('a', 'hello', ' ', '你好', '│', 'x'.repeat(COLS), '›'),
  style: fc.constantFrom(
    ['', ''],
    ['\x1b[31m', '\x1b[39m'],
    ['\x1b[1m', '\x1b[22m'],
    ['\x1b[7m', '\x1b[27m'],
  ),
});
const width = (s: string) => [...s].reduce((w, c) => w + (c >= '\u3000' ? 2 : 1), 0);
const line = fc.array(segment, { maxLength: 5 }).map((segments) => {
  let out = '';
  let used = 0;
  for (const { text, style } of segments) {
    let t = '';
    for (const c of text) {
      if (used + width(c) > COLS) break;
      t += c;
      used += width(c);
    }
    if (t !== '') out += style[0] + t + style[1];
  }
  return out;
});
/** Frames as the app renders them: one line fewer than the terminal, then a newline. */
const frame = fc.array(line, { minLength: ROWS - 1, maxLength: ROWS - 1 });
const cursor = fc.option(
  fc.record({ x: fc.integer({ min: 0, max: COLS - 1 }), y: fc.integer({ min: 0, max: ROWS - 2 }) }),
  { nil: undefined },
);
/** A frame that repeats most of another's lines: the common case the diff is for. */
const nearly = (base: readonly string[]) =>
  fc
    .tuple(fc.array(fc.tuple(fc.nat(ROWS - 2), line), { maxLength: 3 }), fc.boolean())
    .map(([changes, scroll]) => {
      const next = scroll ? [...base.slice(1), base[0]!] : [...base];
      for (const [i, text] of changes) next[i] = text;
      return next;
    });

describe('ink-log-update', () => {
  it('leaves the screen exactly as writing the last frame whole would, whatever came before', async () => {
    await fc.assert(
      fc.asyncProperty(
        frame.chain((first) =>
          fc.tuple(
            fc.constant(first),
            fc.array(fc.tuple(fc.oneof(frame, nearly(first)), cursor), {
              minLength: 1,
              maxLength: 6,
            }),
          ),
        ),
        async ([first, frames]) => {
          const t = terminal();
          const log = logUpdate.create(t.stream);
          log(`${first.join('\n')}\n`);
          for (const [lines, position] of frames) {
            log.setCursorPosition(position);
            log(`${lines.join('\n')}\n`);
          }
          const [lines, position] = frames.at(-1)!;
          const fresh = terminal();
          const whole = logUpdate.create(fresh.stream);
          whole.setCursorPosition(position);
          whole(`${lines.join('\n')}\n`);
          await Promise.all([t.flush(), fresh.flush()]);
          expect(screenOf(t.term)).toEqual(screenOf(fresh.term));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rewrites only the lines that changed', () => {
    const t = terminal();
    const log = logUpdate.create(t.stream);
    const lines = ['one', 'two', 'three', 'four', 'five'];
    log(`${lines.join('\n')}\n`);
    t.take();
    lines[3] = 'FOUR';
    log(`${lines.join('\n')}\n`);
    const out = t.take();
    expect(out).toContain('FOUR');
    for (const same of ['one', 'two', 'three', 'five']) expect(out).not.toContain(same);
  });

  it('writes the whole frame after a resize, a clear, or a change in the number of lines', () => {
    const t = terminal();
    const log = logUpdate.create(t.stream);
    const frameOf = (lines: string[]) => `${lines.join('\n')}\n`;
    log(frameOf(['a', 'b', 'c']));
    t.emitResize();
    log(frameOf(['a', 'b', 'C']));
    expect(t.take()).toMatch(/a[^]*b[^]*C/);
    log.clear();
    t.take();
    log(frameOf(['a', 'b', 'D']));
    expect(t.take()).toMatch(/a[^]*b[^]*D/);
    log(frameOf(['a', 'b', 'D', 'e']));
    expect(t.take()).toMatch(/a[^]*b[^]*D[^]*e/);
  });

  it('writes nothing for the same frame and cursor', () => {
    const t = terminal();
    const log = logUpdate.create(t.stream);
    log.setCursorPosition({ x: 1, y: 1 });
    expect(log('a\nb\n')).toBe(true);
    t.take();
    log.setCursorPosition({ x: 1, y: 1 });
    expect(log('a\nb\n')).toBe(false);
    expect(t.take()).toBe('');
  });
});
