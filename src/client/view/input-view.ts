import { cursorColumn, type EditorState } from '../state/input-editor.js';
import { expandTabs } from '../../protocol/sanitize.js';
import { wrapRows } from './wrap.js';

/** How the input box lays out the editor: soft-wrapped rows, a prompt, the cursor. */

export const PROMPT = '› ';
const INDENT = '  ';

export interface InputLayout {
  /** The rows shown, prompt or indent included. */
  readonly rows: readonly string[];
  /** Rows of the whole buffer (more than `rows.length` when it scrolls). */
  readonly totalRows: number;
  /** Cursor position within the rows shown. */
  readonly cursor: { readonly x: number; readonly y: number };
}

/** Lays out `state` in a box `width` columns wide showing at most `maxRows` rows. */
/** The editor with each character shown as `•` (a password), the cursor where it was. */
function masked(state: EditorState): EditorState {
  const count = (text: string) => [...text].length;
  const line = state.lines[state.row] ?? '';
  return {
    ...state,
    lines: state.lines.map((l) => '•'.repeat(count(l))),
    col: count(line.slice(0, state.col)),
  };
}

export function layoutInput(
  editor: EditorState,
  width: number,
  maxRows: number,
  /** A password is being typed: show it masked. */
  secret = false,
): InputLayout {
  const state = secret ? masked(editor) : editor;
  const textWidth = Math.max(1, width - PROMPT.length);
  const all: string[] = [];
  let cursorRow = 0;
  let cursorX = 0;
  state.lines.forEach((line, index) => {
    const rows = wrapRows(expandTabs(line), textWidth);
    if (index === state.row) {
      // Find the row holding the cursor's display column.
      const column = cursorColumn(state);
      let before = 0;
      let r = 0;
      while (r < rows.length - 1 && column >= before + rows[r]!.width) before += rows[r++]!.width;
      let x = column - before;
      if (x >= textWidth) {
        // At the end of a full row: the cursor starts the next one.
        rows.push({ text: '', start: line.length, width: 0 });
        r++;
        x = 0;
      }
      cursorRow = all.length + r;
      cursorX = PROMPT.length + x;
    }
    rows.forEach((row, r) => all.push((index === 0 && r === 0 ? PROMPT : INDENT) + row.text));
  });
  const shown = Math.max(1, Math.min(maxRows, all.length));
  const start = Math.max(0, cursorRow - shown + 1);
  return {
    rows: all.slice(start, start + shown),
    totalRows: all.length,
    cursor: { x: cursorX, y: cursorRow - start },
  };
}
