import { visibleRows, type ScrollState, type ScrollView } from './scroll.js';
import { entryAt, isPending, type Entry, type Transcript } from './transcript.js';
import { createRowCache, type RowCache } from './wrap.js';

/** How an output row is coloured. */
export type RowStyle = 'received' | 'sent' | 'queued' | 'info' | 'warn' | 'error';

/** One row of the output pane, ready to draw: `text` starts with `stamp` and `marker`. */
export interface PaneRow {
  readonly style: RowStyle;
  /** Leading characters that are the timestamp (first row of an entry only). */
  readonly stampLength: number;
  /** Characters after the stamp that are the marker (`› ` for sent lines). */
  readonly markerLength: number;
  readonly text: string;
}

export interface PaneLayout {
  readonly width: number;
  readonly height: number;
  readonly timestamps: boolean;
}

/** `HH:MM:SS` in local time. */
export function formatClock(time: number): string {
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const SENT_MARKER = '› ';
const SYSTEM_MARKER = '• ';

function markerOf(entry: Entry): string {
  switch (entry.type) {
    case 'received':
      return '';
    case 'sent':
      return SENT_MARKER;
    case 'system':
      return SYSTEM_MARKER;
    default:
      return checkExhaustive(entry);
  }
}

function styleOf(entry: Entry, pending: boolean): RowStyle {
  switch (entry.type) {
    case 'received':
      return 'received';
    case 'sent':
      return pending ? 'queued' : 'sent';
    case 'system':
      return entry.level;
    default:
      return checkExhaustive(entry);
  }
}

/** Wraps transcript entries for the pane, caching each entry's rows. */
export interface PaneRenderer {
  /** Row texts of one entry as shown (stamp, marker, text, `(queued)`). */
  rowsOf(t: Transcript, entry: Entry, layout: PaneLayout): readonly string[];
  /** The measuring side of the pane for the scroll reducer. */
  view(t: Transcript, layout: PaneLayout): ScrollView;
  /** The rows to draw for a scroll state. */
  rows(t: Transcript, scroll: ScrollState, layout: PaneLayout): PaneRow[];
}

/** A renderer with its own row cache (one per pane). */
export function createPaneRenderer(cache: RowCache = createRowCache()): PaneRenderer {
  function rowsOf(t: Transcript, entry: Entry, layout: PaneLayout): readonly string[] {
    const pending = isPending(t, entry);
    const variant = `${layout.timestamps ? 't' : ''}${pending ? 'q' : ''}`;
    return cache.rows(entry.seq, layout.width, variant, () => {
      const stamp = layout.timestamps ? `${formatClock(entry.time)} ` : '';
      return `${stamp}${markerOf(entry)}${entry.text}${pending ? '  (queued)' : ''}`;
    });
  }

  function view(t: Transcript, layout: PaneLayout): ScrollView {
    return {
      firstSeq: t.firstSeq,
      endSeq: t.endSeq,
      height: Math.max(1, layout.height),
      rowsOf(seq) {
        const entry = entryAt(t, seq);
        return entry ? rowsOf(t, entry, layout).length : 1;
      },
    };
  }

  function rows(t: Transcript, scroll: ScrollState, layout: PaneLayout): PaneRow[] {
    if (layout.height <= 0) return [];
    return visibleRows(scroll, view(t, layout)).map(({ seq, row }) => {
      const entry = entryAt(t, seq)!;
      const texts = rowsOf(t, entry, layout);
      const first = row === 0;
      return {
        style: styleOf(entry, isPending(t, entry)),
        stampLength: first && layout.timestamps ? 9 : 0,
        markerLength: first ? markerOf(entry).length : 0,
        text: texts[row] ?? '',
      };
    });
  }

  return { rowsOf, view, rows };
}

function checkExhaustive(value: never): never {
  throw new Error(`unhandled entry: ${JSON.stringify(value)}`);
}
