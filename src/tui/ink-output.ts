import sliceAnsi from 'slice-ansi';
import { isLoneCharacter, sgrEnd } from '../client/view/text-width.js';
import { measured as widthOf } from '../client/view/wrap.js';
import widestLine from './ink-widest-line.js';
import {
  styledCharsFromTokens,
  styledCharsToString,
  tokenize,
  type StyledChar,
} from '@alcalzone/ansi-tokenize';

/**
 * Ink's frame compositor (`ink/build/output.js`), with one change: a screen row whose writes
 * are the same as in an earlier frame is not composed again. The bundle puts this module in
 * place of Ink's own (scripts/build.mjs); it must give exactly Ink's output for the same writes,
 * which test/unit/ink-output.test.ts checks against Ink's module on random writes.
 *
 * Why: Ink turns every row of every frame into one object per cell, tokenising its text for
 * escape sequences, and joins them back into a string. That was about 80% of a frame's CPU; a
 * keystroke or a new line changes a few rows of the 31.
 */

type Transformer = (line: string, index: number) => string;

interface Clip {
  readonly x1: number | undefined;
  readonly x2: number | undefined;
  readonly y1: number | undefined;
  readonly y2: number | undefined;
}

type Operation =
  | {
      readonly type: 'write';
      readonly x: number;
      readonly y: number;
      readonly text: string;
      readonly transformers: readonly Transformer[];
    }
  | { readonly type: 'clip'; readonly clip: Clip }
  | { readonly type: 'unclip' };

/** A cache that forgets everything once it holds `limit` entries (frames refill it at once). */
class Forgetful<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
  }
}

/**
 * What the last frame and this one used: a row or line unseen for a whole frame is forgotten,
 * so the caches stay two frames small (short-lived, cheap for the garbage collector) however
 * much a flood scrolls past.
 */
class LastFrame<V> {
  private previous = new Map<string, V>();
  private current = new Map<string, V>();
  get(key: string): V | undefined {
    let value = this.current.get(key);
    if (value === undefined) {
      value = this.previous.get(key);
      if (value !== undefined) this.current.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.current.set(key, value);
  }
  endFrame(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

// Shared by every frame (Ink makes a new Output per frame).
const rows = new LastFrame<string>();
// A line scrolled up one row is the same line: it is not tokenised again.
const styled = new LastFrame<StyledChar[]>();
function styledChars(line: string): StyledChar[] {
  let chars = styled.get(line);
  if (chars === undefined) {
    chars = styledCharsFromTokens(tokenize(line));
    styled.set(line, chars);
  }
  return chars;
}

/** One write's part of one row: its text (transformed) from column `x`. */
interface Segment {
  readonly x: number;
  readonly line: string;
}

/** A line on its own, as Ink would serialise it: its string, columns and end styles. */
interface Piece {
  readonly text: string;
  readonly columns: number;
  /** Whether its first and last cells carry styles. */
  readonly styledStart: boolean;
  readonly styledEnd: boolean;
}

const pieces = new LastFrame<Piece>();

function pieceOf(line: string): Piece {
  let piece = pieces.get(line);
  if (piece === undefined) {
    piece = runPiece(line);
    if (piece === undefined) {
      const cells = cellsOf(line);
      piece = {
        text: styledCharsToString(cells),
        columns: cells.length,
        styledStart: (cells[0]?.styles.length ?? 0) > 0,
        styledEnd: (cells.at(-1)?.styles.length ?? 0) > 0,
      };
    }
    pieces.set(line, piece);
  }
  return piece;
}

const ESC = 0x1b;

/**
 * A line of runs of lone characters between SGR codes (what our rows and Ink's colours are
 * made of), serialised as Ink would without a cell per character: Ink writes a run's
 * characters, which share one style, as they are, and codes only where the style changes. So
 * the run's codes are worked out on one stand-in character per run, by Ink's own functions.
 * Undefined for anything else (other escapes, combining characters, emoji), which Ink's way
 * handles.
 */
function runPiece(line: string): Piece | undefined {
  const runs: string[] = [];
  let skeleton = '';
  let columns = 0;
  let at = 0;
  while (at < line.length) {
    const run = at;
    for (let code = line.charCodeAt(at); at < line.length && code !== ESC;) {
      if (!isLoneCharacter(code)) return undefined;
      columns += code <= 0x7e ? 1 : Math.max(1, widthOf(line[at]!));
      code = line.charCodeAt(++at);
    }
    if (at > run) {
      runs.push(line.slice(run, at));
      skeleton += 'x';
    }
    if (at === line.length) break;
    const end = sgrEnd(line, at);
    if (end === -1) return undefined;
    skeleton += line.slice(at, end + 1);
    at = end + 1;
  }
  const styles = stylesOf(skeleton, runs.length);
  if (styles === undefined) return undefined;
  let text = styles.codes[0]!;
  for (let i = 0; i < runs.length; i++) text += runs[i]! + styles.codes[i + 1]!;
  return { text, columns, styledStart: styles.styledStart, styledEnd: styles.styledEnd };
}

/** The codes Ink writes before each run and after the last, for one arrangement of codes. */
interface RunStyles {
  readonly codes: readonly string[];
  readonly styledStart: boolean;
  readonly styledEnd: boolean;
}

// Lines differ; the arrangements of their colour codes (a nick, a stamp) repeat.
const runStyles = new Forgetful<RunStyles | null>(1024);

function stylesOf(skeleton: string, runs: number): RunStyles | undefined {
  let styles = runStyles.get(skeleton);
  if (styles === undefined) {
    const cells = styledCharsFromTokens(tokenize(skeleton));
    // NUL stands for each run: it is in no code, so the codes are what lies between.
    styles =
      cells.length === runs
        ? {
            codes: styledCharsToString(cells.map((cell) => ({ ...cell, value: '\0' }))).split('\0'),
            styledStart: (cells[0]?.styles.length ?? 0) > 0,
            styledEnd: (cells.at(-1)?.styles.length ?? 0) > 0,
          }
        : null;
    runStyles.set(skeleton, styles);
  }
  return styles ?? undefined;
}

/** The cells a line covers, as Ink lays them: each character, then blanks for its width. */
function cellsOf(line: string): StyledChar[] {
  const cells: StyledChar[] = [];
  for (const character of styledChars(line)) {
    cells.push(character);
    const characterWidth = Math.max(1, widthOf(character.value));
    for (let i = 1; i < characterWidth; i++) {
      cells.push({ type: 'char', value: '', fullWidth: false, styles: character.styles });
    }
  }
  return cells;
}

/**
 * A row from its pieces, without a cell per column: exact when the pieces neither overlap nor
 * leave the row, and where two touch, one side is unstyled. Between cells Ink writes the codes
 * from one style to the next; when either side has none, that is the first side's reset then
 * the second's codes, which is what each piece serialised alone ends and starts with.
 * Undefined when the row needs Ink's own way.
 */
function joinRow(width: number, segments: readonly Segment[]): string | undefined {
  const placed = segments
    .map((segment) => ({ x: segment.x, piece: pieceOf(segment.line) }))
    .filter((p) => p.piece.columns > 0)
    .sort((a, b) => a.x - b.x);
  let text = '';
  let column = 0;
  let styledEnd = false;
  for (const { x, piece } of placed) {
    if (x < column || x + piece.columns > width) return undefined;
    if (x === column && styledEnd && piece.styledStart) return undefined;
    text += ' '.repeat(x - column) + piece.text;
    column = x + piece.columns;
    styledEnd = piece.styledEnd;
  }
  return text.trimEnd();
}

const blank = (): StyledChar => ({ type: 'char', value: ' ', fullWidth: false, styles: [] });

/** A row as Ink composes it: `width` blank cells, the segments laid over them in order. */
function composeRow(width: number, segments: readonly Segment[]): string {
  const cells: (StyledChar | undefined)[] = [];
  for (let x = 0; x < width; x++) cells.push(blank());
  for (const { x, line } of segments) {
    let offsetX = x;
    for (const character of styledChars(line)) {
      cells[offsetX] = character;
      const characterWidth = Math.max(1, widthOf(character.value));
      for (let i = 1; i < characterWidth; i++) {
        cells[offsetX + i] = {
          type: 'char',
          value: '',
          fullWidth: false,
          styles: character.styles,
        };
      }
      offsetX += characterWidth;
    }
  }
  return styledCharsToString(cells.filter((c): c is StyledChar => c !== undefined)).trimEnd();
}

export default class Output {
  readonly width: number;
  readonly height: number;
  private readonly operations: Operation[] = [];

  constructor(options: { width: number; height: number }) {
    this.width = options.width;
    this.height = options.height;
  }

  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void {
    if (!text) return;
    this.operations.push({ type: 'write', x, y, text, transformers: options.transformers });
  }

  clip(clip: Clip): void {
    this.operations.push({ type: 'clip', clip });
  }

  unclip(): void {
    this.operations.push({ type: 'unclip' });
  }

  get(): { output: string; height: number } {
    const segments: Segment[][] = [];
    for (let y = 0; y < this.height; y++) segments.push([]);
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') clips.push(operation.clip);
      if (operation.type === 'unclip') clips.pop();
      if (operation.type !== 'write') continue;
      const { text, transformers } = operation;
      let { x, y } = operation;
      let lines = text.split('\n');
      const clip = clips.at(-1);
      if (clip) {
        const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
        const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
        // Entirely outside the clip: nothing to draw.
        if (clipHorizontally) {
          const width = widestLine(text);
          if (x + width < clip.x1! || x > clip.x2!) continue;
        }
        if (clipVertically) {
          if (y + lines.length < clip.y1! || y > clip.y2!) continue;
        }
        if (clipHorizontally) {
          const x1 = clip.x1!;
          const x2 = clip.x2!;
          lines = lines.map((line) => {
            const from = x < x1 ? x1 - x : 0;
            const width = widthOf(line);
            const to = x + width > x2 ? x2 - x : width;
            return sliceAnsi(line, from, to);
          });
          if (x < x1) x = x1;
        }
        if (clipVertically) {
          const y1 = clip.y1!;
          const y2 = clip.y2!;
          const from = y < y1 ? y1 - y : 0;
          const to = y + lines.length > y2 ? y2 - y : lines.length;
          lines = lines.slice(from, to);
          if (y < y1) y = y1;
        }
      }
      let offsetY = 0;
      for (let index = 0; index < lines.length; index++) {
        const row = segments[y + offsetY];
        // As in Ink: a line off the frame is skipped, and so is every line after it.
        if (row === undefined) continue;
        let line = lines[index]!;
        for (const transformer of transformers) line = transformer(line, index);
        row.push({ x, line });
        offsetY++;
      }
    }
    const output: string[] = [];
    for (const row of segments) {
      let key = String(this.width);
      for (const { x, line } of row) key += `\u0000${x}\u0001${line}`;
      let text = rows.get(key);
      if (text === undefined) {
        text = joinRow(this.width, row) ?? composeRow(this.width, row);
        rows.set(key, text);
      } else {
        // Its lines stay remembered too: the panel line beside a changing pane line is one.
        for (const { line } of row) pieces.get(line);
      }
      output.push(text);
    }
    rows.endFrame();
    styled.endFrame();
    pieces.endFrame();
    return { output: output.join('\n'), height: segments.length };
  }
}
