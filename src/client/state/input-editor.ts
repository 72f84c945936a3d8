import stringWidth from 'string-width';
import { expandTabs } from '../../protocol/sanitize.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';

/**
 * The multi-line input as a pure reducer: the buffer, the cursor and the history of sent
 * messages. The cursor moves by grapheme, so a CJK character or an emoji is one step.
 */
export interface EditorState {
  readonly lines: readonly string[];
  readonly row: number;
  /** UTF-16 offset into `lines[row]`, always on a grapheme boundary. */
  readonly col: number;
  /** Sent messages, oldest first. */
  readonly history: readonly (readonly string[])[];
  /** Which history entry is shown, or undefined while editing the draft. */
  readonly historyIndex: number | undefined;
  /** The unsent buffer, kept while walking the history. */
  readonly draft: readonly string[] | undefined;
}

export type EditorAction =
  /** Typed or pasted text; may contain newlines. */
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'newline' }
  | { readonly type: 'backspace' }
  | { readonly type: 'delete' }
  | { readonly type: 'left' }
  | { readonly type: 'right' }
  /** Up a row, or on the first row to the previous history entry. */
  | { readonly type: 'up' }
  /** Down a row, or on the last row to the next history entry (then back to the draft). */
  | { readonly type: 'down' }
  | { readonly type: 'home' }
  | { readonly type: 'end' }
  | { readonly type: 'kill-before' }
  /** Replaces the current line from `start` to the cursor with `text` (a completion). */
  | { readonly type: 'replace'; readonly start: number; readonly text: string }
  | { readonly type: 'kill-after' }
  | { readonly type: 'delete-word' }
  /** Sent: the buffer empties and joins the history (unless `secret`: a password). */
  | { readonly type: 'submitted'; readonly secret?: boolean };

export const HISTORY_LIMIT = 500;

export const initialEditorState: EditorState = {
  lines: [''],
  row: 0,
  col: 0,
  history: [],
  historyIndex: undefined,
  draft: undefined,
};

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function previousBoundary(text: string, col: number): number {
  let last = 0;
  for (const { index } of segmenter.segment(text)) {
    if (index >= col) break;
    last = index;
  }
  return last;
}

function nextBoundary(text: string, col: number): number {
  for (const { index, segment } of segmenter.segment(text)) {
    if (index >= col) return index + segment.length;
  }
  return text.length;
}

/** Display width of `text` as the input box shows it (tabs expanded). */
function width(text: string): number {
  return stringWidth(expandTabs(text));
}

/** The grapheme boundary in `text` closest to display column `column` without passing it. */
function offsetAtColumn(text: string, column: number): number {
  let offset = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (width(text.slice(0, index + segment.length)) > column) return index;
    offset = index + segment.length;
  }
  return offset;
}

function line(state: EditorState): string {
  return state.lines[state.row] ?? '';
}

function withLines(state: EditorState, lines: string[], row: number, col: number): EditorState {
  // Editing a recalled entry makes it the new draft; the history itself never changes.
  return { ...state, lines, row, col, historyIndex: undefined, draft: undefined };
}

function insert(state: EditorState, text: string): EditorState {
  const parts = text.replace(/\r\n?/g, '\n').split('\n');
  const current = line(state);
  const before = current.slice(0, state.col);
  const after = current.slice(state.col);
  const inserted = parts.map((p, i) => (i === 0 ? before + p : p));
  const lastIndex = inserted.length - 1;
  const col = inserted[lastIndex]!.length;
  inserted[lastIndex] += after;
  const lines = [...state.lines];
  lines.splice(state.row, 1, ...inserted);
  return withLines(state, lines, state.row + lastIndex, col);
}

/** Removes `lines[row][from, to)`; a range past either end joins with the neighbour line. */
function removeRange(state: EditorState, from: number, to: number): EditorState {
  const lines = [...state.lines];
  const current = line(state);
  if (from < 0) {
    if (state.row === 0) return state;
    const previous = lines[state.row - 1]!;
    lines.splice(state.row - 1, 2, previous + current.slice(to));
    return withLines(state, lines, state.row - 1, previous.length);
  }
  if (to > current.length) {
    if (state.row === lines.length - 1) return state;
    lines.splice(state.row, 2, current.slice(0, from) + lines[state.row + 1]!);
    return withLines(state, lines, state.row, from);
  }
  if (from === to) return state;
  lines[state.row] = current.slice(0, from) + current.slice(to);
  return withLines(state, lines, state.row, from);
}

function moveRow(state: EditorState, row: number): EditorState {
  const column = width(line(state).slice(0, state.col));
  return { ...state, row, col: offsetAtColumn(state.lines[row] ?? '', column) };
}

/** Shows a history entry (or the draft), the cursor on the row nearest where it came from. */
function recall(
  state: EditorState,
  index: number | undefined,
  from: 'above' | 'below',
): EditorState {
  const lines = index === undefined ? (state.draft ?? ['']) : state.history[index]!;
  const row = from === 'below' ? lines.length - 1 : 0;
  return {
    ...state,
    lines: [...lines],
    row,
    col: lines[row]!.length,
    historyIndex: index,
    draft: index === undefined ? undefined : (state.draft ?? state.lines),
  };
}

function wordStart(text: string, col: number): number {
  let i = col;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return i;
}

/** Applies one editing action. */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  const current = line(state);
  switch (action.type) {
    case 'insert':
      return action.text === '' ? state : insert(state, action.text);
    case 'newline':
      return insert(state, '\n');
    case 'backspace':
      return state.col === 0
        ? removeRange(state, -1, 0)
        : removeRange(state, previousBoundary(current, state.col), state.col);
    case 'delete':
      return state.col === current.length
        ? removeRange(state, state.col, state.col + 1)
        : removeRange(state, state.col, nextBoundary(current, state.col));
    case 'left':
      if (state.col > 0) return { ...state, col: previousBoundary(current, state.col) };
      return state.row > 0
        ? { ...state, row: state.row - 1, col: state.lines[state.row - 1]!.length }
        : state;
    case 'right':
      if (state.col < current.length) return { ...state, col: nextBoundary(current, state.col) };
      return state.row < state.lines.length - 1 ? { ...state, row: state.row + 1, col: 0 } : state;
    case 'up':
      if (state.row > 0) return moveRow(state, state.row - 1);
      if (state.history.length === 0 || state.historyIndex === 0) return state;
      return recall(state, (state.historyIndex ?? state.history.length) - 1, 'below');
    case 'down':
      if (state.row < state.lines.length - 1) return moveRow(state, state.row + 1);
      if (state.historyIndex === undefined) return state;
      return recall(
        state,
        state.historyIndex + 1 < state.history.length ? state.historyIndex + 1 : undefined,
        'above',
      );
    case 'home':
      return { ...state, col: 0 };
    case 'end':
      return { ...state, col: current.length };
    case 'replace': {
      const start = Math.max(0, Math.min(action.start, state.col));
      const lines = [...state.lines];
      lines[state.row] = current.slice(0, start) + action.text + current.slice(state.col);
      return withLines(state, lines, state.row, start + action.text.length);
    }
    case 'kill-before':
      return removeRange(state, 0, state.col);
    case 'kill-after':
      return state.col === current.length
        ? removeRange(state, state.col, state.col + 1)
        : removeRange(state, state.col, current.length);
    case 'delete-word':
      return state.col === 0
        ? removeRange(state, -1, 0)
        : removeRange(state, wordStart(current, state.col), state.col);
    case 'submitted': {
      const sent = state.lines;
      const last = state.history[state.history.length - 1];
      const repeat = last !== undefined && last.join('\n') === sent.join('\n');
      const keep = !isEmpty(state) && !repeat && action.secret !== true;
      const history = keep ? [...state.history, sent] : state.history;
      return { ...initialEditorState, history: history.slice(-HISTORY_LIMIT) };
    }
    default:
      return checkExhaustive(action);
  }
}

/** The lines to send, exactly as typed (a trailing empty line is a blank protocol line). */
export function editorText(state: EditorState): string[] {
  return [...state.lines];
}

/** Whether there is nothing to send. */
export function isEmpty(state: EditorState): boolean {
  return state.lines.length === 1 && state.lines[0] === '';
}

/** Display column of the cursor within its row. */
export function cursorColumn(state: EditorState): number {
  return width(line(state).slice(0, state.col));
}
