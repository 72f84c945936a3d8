import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { visibleRows, type ScrollState, type ScrollView } from '../state/scroll.js';
import { entryAt, isPending, type TranscriptEntry } from '../state/transcript.js';
import type { PaneContent } from '../state/tui-state.js';
import { chatLine, isMention, type ChatLine } from '../state/chat-lines.js';
import { nickColor, type NickColor } from './nick-color.js';
import { wrapLine } from './wrap.js';
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

/** Wraps transcript entries for the pane, keeping each entry's rows. */
export interface PaneRenderer {
  /** The measuring side of the pane for the scroll reducer. */
  view(content: PaneContent, size: PaneSize): ScrollView;
  /** The rows to draw for a scroll state. */
  rows(content: PaneContent, scroll: ScrollState, size: PaneSize): PaneRow[];
}

/** An entry's rows as drawn, and what they were drawn for. */
interface Drawn {
  readonly width: number;
  readonly timestamps: boolean;
  readonly own: string | undefined;
  /** The message a sent entry belongs to (-1 for others): it decides `pending`. */
  readonly message: number;
  readonly pending: boolean;
  readonly rows: readonly PaneRow[];
}

/** Entries drawn kept at most: a frame needs a screenful, so starting over is cheap. */
const DRAWN_KEPT = 4096;

/**
 * A renderer with its own rows kept per entry (one per pane); `wrap` cuts a line into rows of
 * a width (tests count its calls).
 */
export function createPaneRenderer(
  wrap: (text: string, width: number) => readonly string[] = wrapLine,
): PaneRenderer {
  /** Row texts of one entry as shown (stamp, marker, text, `(queued)`). */
  function rowsOf(
    { timestamps }: PaneContent,
    entry: TranscriptEntry,
    size: PaneSize,
    pending: boolean,
  ): readonly string[] {
    const stamp = timestamps ? `${formatClock(entry.time)} ` : '';
    const prompt = entry.type === 'sent' ? entry.prompt : '';
    const queued = pending ? '  (queued)' : '';
    return wrap(`${stamp}${prompt}${markerOf(entry)}${entry.text}${queued}`, size.width);
  }

  /**
   * The server's unfinished line, drawn as one more entry after the transcript (numbered as
   * the line it will become). It changes as it grows, so it is kept apart from the entries'.
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

  /**
   * Each entry's rows, made once and drawn frame after frame: a frame (and the scroll
   * reducer's measuring) reads an entry back from the transcript only when it is new on
   * screen, or when the width, the timestamps, your nick or its queued state changed.
   */
  const drawn = new Map<number, Drawn>();
  function drawnRows(content: PaneContent, seq: number, size: PaneSize): Drawn | undefined {
    const { transcript: t, timestamps, queued, nick: own } = content;
    const hit = drawn.get(seq);
    if (
      hit !== undefined &&
      hit.width === size.width &&
      hit.timestamps === timestamps &&
      hit.own === own &&
      hit.pending === (hit.message >= 0 && hit.message >= t.nextMessage - queued)
    ) {
      return hit;
    }
    const entry = entryAt(t, seq);
    if (entry === undefined) return undefined;
    const pending = isPending(t, entry, queued);
    const made: Drawn = {
      width: size.width,
      timestamps,
      own,
      message: entry.type === 'sent' ? entry.message : -1,
      pending,
      rows: entryRows(content, entry, rowsOf(content, entry, size, pending), pending),
    };
    if (drawn.size >= DRAWN_KEPT) drawn.clear();
    drawn.set(seq, made);
    return made;
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
        return drawnRows(content, seq, size)?.rows.length ?? 1;
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
    return visibleRows(scroll, view(content, size)).map(({ seq, row }): PaneRow => {
      const entry = drawnRows(content, seq, size);
      if (entry !== undefined) return entry.rows[row]!;
      // The unfinished line (a prompt) after the last entry.
      const text = partialRows(content, size)[row] ?? '';
      return { style: 'received', stampLength: 0, markerLength: 0, text, nick: undefined };
    });
  }

  /** The rows of one entry, wrapped to `texts`: styled, the speaker's nick on the first. */
  function entryRows(
    { timestamps, nick: own }: PaneContent,
    entry: TranscriptEntry,
    texts: readonly string[],
    pending: boolean,
  ): PaneRow[] {
    let style = styleOf(entry, pending);
    let speaker: ChatLine | undefined;
    if (own !== undefined && entry.type === 'received') {
      const chat = chatStyle(entry.text, own);
      style = chat.style;
      speaker = chat.nick;
    }
    const stampLength = timestamps ? 9 : 0;
    return texts.map((text, row): PaneRow => {
      const first = row === 0;
      let nick: RowNick | undefined;
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
      return {
        style,
        stampLength: first ? stampLength : 0,
        promptLength: first && entry.type === 'sent' ? entry.prompt.length : 0,
        markerLength: first ? markerOf(entry).length : 0,
        text,
        nick,
      };
    });
  }

  return { view, rows };
}
