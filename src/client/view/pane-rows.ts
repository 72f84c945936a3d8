import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { visibleRows, type ScrollState, type ScrollView } from '../state/scroll.js';
import { entryAt, isPending, type TranscriptEntry } from '../state/transcript.js';
import type { PaneContent } from '../state/tui-state.js';
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

/** The output pane's size on screen. */
export interface PaneSize {
  readonly width: number;
  readonly height: number;
}

/** `HH:MM:SS` in local time. */
export function formatClock(time: number): string {
  const d = new Date(time);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const SENT_MARKER = '› ';
const SYSTEM_MARKER = '• ';

function markerOf(entry: TranscriptEntry): string {
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

function styleOf(entry: TranscriptEntry, pending: boolean): RowStyle {
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
  rowsOf(content: PaneContent, entry: TranscriptEntry, size: PaneSize): readonly string[];
  /** The measuring side of the pane for the scroll reducer. */
  view(content: PaneContent, size: PaneSize): ScrollView;
  /** The rows to draw for a scroll state. */
  rows(content: PaneContent, scroll: ScrollState, size: PaneSize): PaneRow[];
}

/** A renderer with its own row cache (one per pane). */
export function createPaneRenderer(cache: RowCache = createRowCache()): PaneRenderer {
  function rowsOf(
    { transcript, timestamps, queued }: PaneContent,
    entry: TranscriptEntry,
    size: PaneSize,
  ): readonly string[] {
    const pending = isPending(transcript, entry, queued);
    const variant = `${timestamps ? 't' : ''}${pending ? 'q' : ''}`;
    return cache.rows(entry.seq, size.width, variant, () => {
      const stamp = timestamps ? `${formatClock(entry.time)} ` : '';
      return `${stamp}${markerOf(entry)}${entry.text}${pending ? '  (queued)' : ''}`;
    });
  }

  function view(content: PaneContent, size: PaneSize): ScrollView {
    const t = content.transcript;
    return {
      firstSeq: t.firstSeq,
      endSeq: t.endSeq,
      height: Math.max(1, size.height),
      rowsOf(seq) {
        const entry = entryAt(t, seq);
        return entry ? rowsOf(content, entry, size).length : 1;
      },
    };
  }

  function rows(content: PaneContent, scroll: ScrollState, size: PaneSize): PaneRow[] {
    if (size.height <= 0) return [];
    const { transcript, timestamps, queued } = content;
    return visibleRows(scroll, view(content, size)).map(({ seq, row }) => {
      const entry = entryAt(transcript, seq)!;
      const texts = rowsOf(content, entry, size);
      const first = row === 0;
      return {
        style: styleOf(entry, isPending(transcript, entry, queued)),
        stampLength: first && timestamps ? 9 : 0,
        markerLength: first ? markerOf(entry).length : 0,
        text: texts[row] ?? '',
      };
    });
  }

  return { rowsOf, view, rows };
}
