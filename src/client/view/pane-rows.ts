import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { visibleRows, type ScrollState, type ScrollView } from '../state/scroll.js';
import { entryAt, isPending, type TranscriptEntry } from '../state/transcript.js';
import type { PaneContent } from '../state/tui-state.js';
import { chatLine, isMention, type ChatLine } from '../state/chat-lines.js';
import { nickColor, type NickColor } from './nick-color.js';
import { createRowCache, wrapLine, type RowCache } from './wrap.js';
import { sanitizeForDisplay } from '../../protocol/sanitize.js';
import { matchRanges } from '../state/search.js';

/** How an output row is coloured; the last five only while the chat is on. */
export type RowStyle =
  | 'received'
  | 'sent'
  | 'queued'
  | 'info'
  | 'warn'
  | 'error'
  | 'notice'
  | 'history'
  | 'action'
  | 'pm'
  | 'mention';

/** A nick on a row, coloured by its own stable colour. */
export interface RowNick {
  /** Offset in the row's text. */
  readonly start: number;
  readonly length: number;
  readonly color: NickColor;
  /** It is yours. */
  readonly own: boolean;
}

/** One row of the output pane, ready to draw: `text` starts with `stamp` and `marker`. */
export interface PaneRow {
  readonly style: RowStyle;
  /** Leading characters that are the timestamp (first row of an entry only). */
  readonly stampLength: number;
  /** Characters after the stamp that are the server's prompt a sent line answers. */
  readonly promptLength?: number;
  /** Characters after the stamp (and prompt) that are the marker (`› ` for sent lines). */
  readonly markerLength: number;
  readonly text: string;
  /** The speaker's nick on the first row of a chat line. */
  readonly nick: RowNick | undefined;
  /** Where the search matches in `text` (shown inverted). */
  readonly highlights?: readonly { readonly start: number; readonly length: number }[];
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

/** How a received line shows while the chat is on: its style and the speaker's nick. */
function chatStyle(
  text: string,
  own: string,
): { readonly style: RowStyle; readonly nick: ChatLine | undefined } {
  const line = chatLine(text);
  switch (line.kind) {
    case 'plain':
      return { style: 'received', nick: undefined };
    case 'notice':
      return { style: 'notice', nick: undefined };
    case 'history':
      return { style: 'history', nick: undefined };
    case 'message':
    case 'action':
    case 'pm': {
      const style = isMention(text, own, line)
        ? 'mention'
        : line.kind === 'message'
          ? 'received'
          : line.kind;
      return { style, nick: line };
    }
    default:
      return checkExhaustive(line);
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
      const prompt = entry.type === 'sent' ? entry.prompt : '';
      return `${stamp}${prompt}${markerOf(entry)}${entry.text}${pending ? '  (queued)' : ''}`;
    });
  }

  /**
   * The server's unfinished line, drawn as one more entry after the transcript (numbered as
   * the line it will become). It changes as it grows, so it stays out of the row cache.
   */
  let lastPartial: { text: string; width: number; rows: readonly string[] } | undefined;
  function partialRows({ partial = '' }: PaneContent, size: PaneSize): readonly string[] {
    // One slot: a frame measures and draws the same prompt, and an endless one (up to the
    // 1 MiB line cap) must not be wrapped again for each.
    if (lastPartial?.text !== partial || lastPartial.width !== size.width) {
      lastPartial = {
        text: partial,
        width: size.width,
        rows: wrapLine(sanitizeForDisplay(partial), size.width),
      };
    }
    return lastPartial.rows;
  }

  function view(content: PaneContent, size: PaneSize): ScrollView {
    const t = content.transcript;
    const partial = content.partial !== undefined && content.partial !== '';
    return {
      firstSeq: t.firstSeq,
      endSeq: t.endSeq + (partial ? 1 : 0),
      height: Math.max(1, size.height),
      rowsOf(seq) {
        if (partial && seq === t.endSeq) return partialRows(content, size).length;
        const entry = entryAt(t, seq);
        return entry ? rowsOf(content, entry, size).length : 1;
      },
    };
  }

  function rows(content: PaneContent, scroll: ScrollState, size: PaneSize): PaneRow[] {
    const shown = plainRows(content, scroll, size);
    const query = content.highlight;
    if (query === undefined || query === '') return shown;
    return shown.map((row) => {
      const highlights = matchRanges(row.text, query);
      return highlights.length > 0 ? { ...row, highlights } : row;
    });
  }

  function plainRows(content: PaneContent, scroll: ScrollState, size: PaneSize): PaneRow[] {
    if (size.height <= 0) return [];
    const { transcript, timestamps, queued, nick: own } = content;
    return visibleRows(scroll, view(content, size)).map(({ seq, row }): PaneRow => {
      const entry = entryAt(transcript, seq);
      if (entry === undefined) {
        // The unfinished line (a prompt) after the last entry.
        const text = partialRows(content, size)[row] ?? '';
        return { style: 'received', stampLength: 0, markerLength: 0, text, nick: undefined };
      }
      const texts = rowsOf(content, entry, size);
      const first = row === 0;
      const stampLength = first && timestamps ? 9 : 0;
      const text = texts[row] ?? '';
      let style = styleOf(entry, isPending(transcript, entry, queued));
      let nick: RowNick | undefined;
      if (own !== undefined && entry.type === 'received') {
        const chat = chatStyle(entry.text, own);
        style = chat.style;
        const speaker = chat.nick;
        if (
          first &&
          speaker !== undefined &&
          speaker.kind !== 'plain' &&
          speaker.kind !== 'notice' &&
          speaker.kind !== 'history'
        ) {
          const start = stampLength + speaker.nickStart;
          const length = Math.min(speaker.nick.length, Math.max(0, text.length - start));
          const color = nickColor(speaker.nick);
          if (length > 0) nick = { start, length, color, own: speaker.nick === own };
        }
      }
      const promptLength = first && entry.type === 'sent' ? entry.prompt.length : 0;
      return {
        style,
        stampLength,
        promptLength,
        markerLength: first ? markerOf(entry).length : 0,
        text,
        nick,
      };
    });
  }

  return { rowsOf, view, rows };
}
