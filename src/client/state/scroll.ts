import { checkExhaustive } from '../../shared/check-exhaustive.js';

/**
 * The output pane's scroll position as a pure reducer. Following, the pane shows the newest
 * rows; pinned, it keeps showing the same rows however much arrives below, and counts what
 * arrived. Positions are (entry, row within the entry), so nothing here walks more than a
 * screenful of entries: the cost is the same with 1,000 or 1,000,000 lines of scrollback.
 */

/** A wrapped row: row `row` of entry `seq`. */
export interface RowPos {
  readonly seq: number;
  readonly row: number;
}

export type ScrollState =
  | { readonly mode: 'follow' }
  /** `top` is the first row shown; `newLines` counts entries added since the pane was pinned. */
  | { readonly mode: 'pinned'; readonly top: RowPos; readonly newLines: number };

export type ScrollAction =
  | { readonly type: 'page-up' }
  | { readonly type: 'page-down' }
  | { readonly type: 'line-up' }
  | { readonly type: 'line-down' }
  | { readonly type: 'top' }
  | { readonly type: 'bottom' };

/** What the reducer may measure: the entries kept, the pane height, wrapped rows per entry. */
export interface ScrollView {
  readonly firstSeq: number;
  /** One past the newest entry. */
  readonly endSeq: number;
  /** Rows in the pane (at least 1). */
  readonly height: number;
  /** Rows entry `seq` wraps to at the pane's width (at least 1). */
  rowsOf(seq: number): number;
}

export const initialScrollState: ScrollState = { mode: 'follow' };

/** Moves `pos` up by `n` rows, stopping at the first row kept. */
function moveUp(pos: RowPos, n: number, view: ScrollView): RowPos {
  let { seq, row } = pos;
  let left = n;
  while (left > 0) {
    if (row >= left) return { seq, row: row - left };
    left -= row;
    if (seq <= view.firstSeq) return { seq: view.firstSeq, row: 0 };
    seq--;
    row = view.rowsOf(seq);
    // Stepping onto the previous entry's last row costs one row.
    row -= 1;
    left -= 1;
  }
  return { seq, row };
}

/** Moves `pos` down by `n` rows, stopping at the end position `(endSeq, 0)`. */
function moveDown(pos: RowPos, n: number, view: ScrollView): RowPos {
  let { seq, row } = pos;
  let left = n;
  while (left > 0 && seq < view.endSeq) {
    const rest = view.rowsOf(seq) - row;
    if (rest > left) return { seq, row: row + left };
    left -= rest;
    seq++;
    row = 0;
  }
  return { seq, row };
}

const endOf = (view: ScrollView): RowPos => ({ seq: view.endSeq, row: 0 });

/** The first row shown when following the bottom. */
function bottomTop(view: ScrollView): RowPos {
  return moveUp(endOf(view), view.height, view);
}

/** A pinned top that still exists (dropped entries, a narrower pane) and leaves no gap below. */
function clampTop(top: RowPos, view: ScrollView): RowPos {
  if (top.seq < view.firstSeq) return { seq: view.firstSeq, row: 0 };
  if (top.seq >= view.endSeq) return bottomTop(view);
  const clamped = { seq: top.seq, row: Math.min(top.row, view.rowsOf(top.seq) - 1) };
  const bottom = bottomTop(view);
  return compare(clamped, bottom) > 0 ? bottom : clamped;
}

function compare(a: RowPos, b: RowPos): number {
  return a.seq - b.seq || a.row - b.row;
}

function pinnedAt(state: ScrollState, top: RowPos, view: ScrollView): ScrollState {
  // Nothing hidden below: back to following.
  if (compare(top, bottomTop(view)) >= 0) return initialScrollState;
  return { mode: 'pinned', top, newLines: state.mode === 'pinned' ? state.newLines : 0 };
}

/** The first row shown. */
export function topRow(state: ScrollState, view: ScrollView): RowPos {
  return state.mode === 'follow' ? bottomTop(view) : clampTop(state.top, view);
}

/** The rows shown, top to bottom (at most `view.height`). */
export function visibleRows(state: ScrollState, view: ScrollView): RowPos[] {
  const rows: RowPos[] = [];
  let { seq, row } = topRow(state, view);
  while (rows.length < view.height && seq < view.endSeq) {
    const count = view.rowsOf(seq);
    for (; row < count && rows.length < view.height; row++) rows.push({ seq, row });
    seq++;
    row = 0;
  }
  return rows;
}

/** Counts entries added at the end (a pinned pane shows them as `N new lines`). */
export function noteAppended(state: ScrollState, count: number): ScrollState {
  return state.mode === 'pinned' && count > 0
    ? { ...state, newLines: state.newLines + count }
    : state;
}

/** Applies one scroll action. */
export function scrollReducer(
  state: ScrollState,
  action: ScrollAction,
  view: ScrollView,
): ScrollState {
  const page = Math.max(1, view.height - 1);
  switch (action.type) {
    case 'page-up':
    case 'line-up': {
      const top = topRow(state, view);
      const next = moveUp(top, action.type === 'page-up' ? page : 1, view);
      if (compare(next, top) === 0) return state;
      return pinnedAt(state, next, view);
    }
    case 'page-down':
    case 'line-down': {
      if (state.mode === 'follow') return state;
      const next = moveDown(
        clampTop(state.top, view),
        action.type === 'page-down' ? page : 1,
        view,
      );
      return pinnedAt(state, next, view);
    }
    case 'top':
      return pinnedAt(state, { seq: view.firstSeq, row: 0 }, view);
    case 'bottom':
      return initialScrollState;
    default:
      return checkExhaustive(action);
  }
}
