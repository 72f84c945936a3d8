import type { ByteRing } from '../state/byte-ring.js';
import { hexdumpRows } from './hexdump.js';
import type { PaneRow, PaneSize } from './pane-rows.js';

/** Bytes per hex row. */
const ROW = 16;

/**
 * The output pane in the hex view: the `size.height` rows of the kept bytes ending `scroll`
 * rows above the newest (clamped to what is kept); a first row says how much came before.
 */
export function hexPaneRows(ring: ByteRing, scroll: number, size: PaneSize): PaneRow[] {
  const total = Math.ceil((ring.end - ring.start) / ROW);
  if (total === 0 || size.height <= 0) {
    return [row('(no bytes received yet)')];
  }
  const height = Math.max(1, size.height);
  const up = Math.min(scroll, Math.max(0, total - height));
  const last = total - up;
  const first = Math.max(0, last - height);
  const from = ring.start + first * ROW;
  const rows = hexdumpRows(from, ring.slice(from, ring.start + last * ROW)).map(row);
  if (first === 0 && ring.start > 0) {
    // At the top of what is kept: say that more came before (over the oldest row if full).
    const note = row(`(${ring.start} earlier bytes not kept)`);
    if (rows.length < height) rows.unshift(note);
    else rows[0] = note;
  }
  return rows;
}

function row(text: string): PaneRow {
  return { style: 'received', stampLength: 0, markerLength: 0, text, nick: undefined };
}
