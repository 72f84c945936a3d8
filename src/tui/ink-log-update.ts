import ansiEscapes from 'ansi-escapes';
import cliCursor from 'cli-cursor';

/**
 * Ink's frame writer (`ink/build/log-update.js`, its standard mode), with one change: a frame
 * with as many lines as the last one rewrites only the lines that changed. The bundle puts
 * this module in place of Ink's own (scripts/build.mjs).
 *
 * Why: Ink erases and rewrites every line of every frame. A keystroke changes one line of 31,
 * yet each frame sent the whole screen (about 6 KB) through the terminal, and that write was
 * the largest single cost of a keystroke frame. Less output is also less for the user's
 * terminal to draw.
 *
 * Every frame starts from the line below the last one (column 0) and ends there, as in Ink,
 * so the cursor moves and the rest of Ink are unchanged. Where the screen may not hold the
 * last frame (the first frame, after `clear()`, a resize, a different number of lines), the
 * frame is written whole, exactly as Ink writes it. Ink's own incremental mode is not used: it
 * writes a line and then erases to the end of it, which on a full-width line erases its last
 * character in terminals that keep the cursor on the last column.
 */

export interface CursorPosition {
  readonly x: number;
  readonly y: number;
}

export interface LogUpdate {
  (str: string): boolean;
  clear(): void;
  done(): void;
  sync(str: string): void;
  setCursorPosition(position: CursorPosition | undefined): void;
  isCursorDirty(): boolean;
  willRender(str: string): boolean;
}

interface Options {
  readonly showCursor?: boolean;
  readonly incremental?: boolean;
}

const SHOW_CURSOR = '\u001B[?25h';
const HIDE_CURSOR = '\u001B[?25l';

const cursorPositionChanged = (a: CursorPosition | undefined, b: CursorPosition | undefined) =>
  a?.x !== b?.x || a?.y !== b?.y;

/** From the line below the frame to the cursor position, shown. */
function cursorSuffix(visibleLineCount: number, cursor: CursorPosition | undefined): string {
  if (!cursor) return '';
  const up = visibleLineCount - cursor.y;
  return (up > 0 ? ansiEscapes.cursorUp(up) : '') + ansiEscapes.cursorTo(cursor.x) + SHOW_CURSOR;
}

/** From the cursor position back to the line below the frame, column 0. */
function returnToBottom(lineCount: number, cursor: CursorPosition | undefined): string {
  if (!cursor) return '';
  const down = lineCount - 1 - cursor.y;
  return (down > 0 ? ansiEscapes.cursorDown(down) : '') + ansiEscapes.cursorTo(0);
}

function returnToBottomPrefix(
  cursorWasShown: boolean,
  lineCount: number,
  cursor: CursorPosition | undefined,
): string {
  return cursorWasShown ? HIDE_CURSOR + returnToBottom(lineCount, cursor) : '';
}

/** Lines in `str` as split on LF, not counting the empty one after a final LF. */
const visibleLineCount = (lines: readonly string[], str: string) =>
  str.endsWith('\n') ? lines.length - 1 : lines.length;

/**
 * The changed lines of `next` over `previous` (as many lines each, the last one empty after
 * the final LF), from and back to the line below the frame, column 0. Each changed line is
 * erased whole and then written.
 */
export function diffLines(previous: readonly string[], next: readonly string[]): string {
  const bottom = next.length - 1;
  let row = bottom;
  let out = '';
  for (let i = 0; i < bottom; i++) {
    if (next[i] === previous[i]) continue;
    if (i < row) out += ansiEscapes.cursorUp(row - i);
    else if (i > row) out += ansiEscapes.cursorDown(i - row);
    out += `\r${ansiEscapes.eraseLine}${next[i]}`;
    row = i;
  }
  if (row < bottom) out += ansiEscapes.cursorDown(bottom - row);
  return `${out}\r`;
}

function create(stream: NodeJS.WriteStream, { showCursor = false }: Options = {}): LogUpdate {
  let previousLines: readonly string[] = [];
  let previousOutput = '';
  let hasHiddenCursor = false;
  let cursorPosition: CursorPosition | undefined;
  let cursorDirty = false;
  let previousCursorPosition: CursorPosition | undefined;
  let cursorWasShown = false;
  // A resize may have moved or wiped what is on screen: the next frame is written whole.
  let whole = true;
  stream.on('resize', () => {
    whole = true;
  });

  const getActiveCursor = () => (cursorDirty ? cursorPosition : undefined);
  const hasChanges = (str: string, activeCursor: CursorPosition | undefined) =>
    str !== previousOutput || cursorPositionChanged(activeCursor, previousCursorPosition);

  const render = (str: string): boolean => {
    if (!showCursor && !hasHiddenCursor) {
      cliCursor.hide(stream);
      hasHiddenCursor = true;
    }
    const activeCursor = getActiveCursor();
    cursorDirty = false;
    const cursorChanged = cursorPositionChanged(activeCursor, previousCursorPosition);
    if (!hasChanges(str, activeCursor)) return false;
    const lines = str.split('\n');
    const visibleCount = visibleLineCount(lines, str);
    const suffix = cursorSuffix(visibleCount, activeCursor);
    if (str === previousOutput && cursorChanged) {
      const hide = cursorWasShown ? HIDE_CURSOR : '';
      stream.write(hide + returnToBottom(previousLines.length, previousCursorPosition) + suffix);
    } else {
      const prefix = returnToBottomPrefix(
        cursorWasShown,
        previousLines.length,
        previousCursorPosition,
      );
      const inPlace =
        !whole &&
        previousOutput !== '' &&
        lines.length === previousLines.length &&
        str.endsWith('\n') &&
        previousOutput.endsWith('\n');
      const body = inPlace
        ? diffLines(previousLines, lines)
        : ansiEscapes.eraseLines(previousLines.length) + str;
      stream.write(prefix + body + suffix);
      previousOutput = str;
      previousLines = lines;
      whole = false;
    }
    previousCursorPosition = activeCursor ? { ...activeCursor } : undefined;
    cursorWasShown = activeCursor !== undefined;
    return true;
  };

  render.clear = () => {
    const prefix = returnToBottomPrefix(
      cursorWasShown,
      previousLines.length,
      previousCursorPosition,
    );
    stream.write(prefix + ansiEscapes.eraseLines(previousLines.length));
    previousOutput = '';
    previousLines = [];
    previousCursorPosition = undefined;
    cursorWasShown = false;
  };
  render.done = () => {
    previousOutput = '';
    previousLines = [];
    previousCursorPosition = undefined;
    cursorWasShown = false;
    if (!showCursor) {
      cliCursor.show(stream);
      hasHiddenCursor = false;
    }
  };
  render.sync = (str: string) => {
    const activeCursor = cursorDirty ? cursorPosition : undefined;
    cursorDirty = false;
    const lines = str.split('\n');
    previousOutput = str;
    previousLines = lines;
    if (!activeCursor && cursorWasShown) stream.write(HIDE_CURSOR);
    if (activeCursor) stream.write(cursorSuffix(visibleLineCount(lines, str), activeCursor));
    previousCursorPosition = activeCursor ? { ...activeCursor } : undefined;
    cursorWasShown = activeCursor !== undefined;
  };
  render.setCursorPosition = (position: CursorPosition | undefined) => {
    cursorPosition = position;
    cursorDirty = true;
  };
  render.isCursorDirty = () => cursorDirty;
  render.willRender = (str: string) => hasChanges(str, getActiveCursor());
  return render;
}

const logUpdate = { create };
export default logUpdate;
