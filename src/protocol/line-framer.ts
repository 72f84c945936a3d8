import { incompleteUtf8Tail } from './utf8.js';
import type { TextEncoding } from './text-encoding.js';

/** What a framer reports: a complete line (terminator removed) or a line cut for being too long. */
export type FrameEvent =
  | { readonly type: 'line'; readonly text: string }
  | { readonly type: 'overflow'; readonly limit: number };

/**
 * What to do with a line longer than `maxLine` bytes: `discard` it through the next LF
 * (the server: one error, connection kept), or `split` it into `maxLine`-sized lines
 * (the client: never lose what a server sent).
 */
export type OverflowPolicy = 'discard' | 'split';

export interface LineFramerOptions {
  readonly maxLine: number;
  readonly overflow?: OverflowPolicy;
  /** How lines are decoded; UTF-8 when absent (a legacy one such as GBK: `--encoding`). */
  readonly encoding?: TextEncoding;
}

export interface LineFramer {
  /** Feeds bytes; returns the lines they complete, in order. */
  push(chunk: Buffer): FrameEvent[];
  /**
   * `push` for the lines alone, with no object per line (a flood's millions): what overflow
   * 'split' gives, as every event is then a line. With 'discard', over-long lines are left out.
   */
  pushLines(chunk: Buffer): string[];
  /**
   * Ends the pending partial line early (a client that never sends LF), keeping back
   * any bytes of an unfinished UTF-8 character for the next line.
   */
  flush(): FrameEvent[];
  /** Bytes held for the current unfinished line (at most `maxLine`, plus a CR that may start CRLF). */
  readonly pending: number;
  /**
   * The unfinished line as text so far (a prompt: `login: `), without a trailing CR or the
   * bytes of a character still to come; empty when there is none.
   */
  pendingText(): string;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into lines ending in LF or CRLF, holding at most `maxLine` bytes. Lines
 * are UTF-8, or `encoding` (any encoding in which LF and CR are single bytes that no other
 * character contains: the ASCII-based ones).
 */
export function createLineFramer({
  maxLine,
  overflow = 'discard',
  encoding,
}: LineFramerOptions): LineFramer {
  const legacy = encoding !== undefined && !encoding.utf8 ? encoding : undefined;
  // Buffer#toString replaces invalid UTF-8 with U+FFFD; the platform decoder does the same.
  const decode = (buf: Buffer, start: number, end: number): string =>
    legacy === undefined
      ? buf.toString('utf8', start, end)
      : legacy.decode(buf.subarray(start, end));
  const decodeLine = (buf: Buffer, start: number, end: number): string => {
    if (end > start && buf[end - 1] === CR) end--;
    return decode(buf, start, end);
  };
  if (!Number.isInteger(maxLine) || maxLine < 1)
    throw new RangeError('maxLine must be a positive integer');
  // The unfinished line: `tail` holds copied bytes only between pushes.
  let tail: Buffer = Buffer.alloc(0);
  let discarding = false;
  // flush() ended a line at a CR: an LF arriving next completes that CRLF, not a new empty line.
  let skipLf = false;

  /** Where a push's lines and overflows go. */
  interface Sink {
    line(text: string): void;
    overflow(limit: number): void;
  }

  function run(chunk: Buffer, sink: Sink): void {
    let buf = chunk;
    let start = 0;
    // skipLf is only ever set with an empty tail, so `start` indexes `chunk` itself.
    if (skipLf && chunk.length > 0) {
      skipLf = false;
      if (chunk[0] === LF) start = 1;
    }
    if (tail.length > 0) {
      const lf = discarding ? -1 : chunk.indexOf(LF);
      if (lf === -1) {
        buf = Buffer.concat([tail, chunk]);
      } else {
        // Only the line the tail began is joined; the rest of the chunk is read in place.
        exact(Buffer.concat([tail, chunk.subarray(0, lf + 1)]), 0, sink);
        start = lf + 1;
      }
      tail = Buffer.alloc(0);
    }
    if (!discarding) start = completeLines(buf, start, sink);
    const keep = exact(buf, start, sink);
    if (keep < buf.length) tail = Buffer.from(buf.subarray(keep));
  }

  /** Line by line from `start`; returns where the bytes to hold for the next push begin. */
  function exact(buf: Buffer, start: number, sink: Sink): number {
    while (start < buf.length) {
      const lf = buf.indexOf(LF, start);
      if (discarding) {
        if (lf === -1) return buf.length;
        discarding = false;
        start = lf + 1;
        continue;
      }
      // A CR before the LF is not content, so it does not count against the limit; nor does a
      // CR ending the chunk, as its LF may be in the next one.
      const end = lf === -1 ? buf.length : lf;
      const contentEnd = buf[end - 1] === CR && end - 1 >= start ? end - 1 : end;
      if (contentEnd - start > maxLine) {
        if (overflow === 'discard') {
          sink.overflow(maxLine);
          if (lf === -1) {
            discarding = true;
            return buf.length;
          }
          start = lf + 1;
          continue;
        }
        let cut = start + maxLine;
        // (A legacy encoding may lose the one character cut in two.)
        if (legacy === undefined) cut -= incompleteUtf8Tail(buf, start, cut);
        if (cut === start) cut = start + maxLine; // maxLine < 4 with a wide character: just cut
        sink.line(decode(buf, start, cut));
        start = cut;
        continue;
      }
      if (lf === -1) break;
      sink.line(decodeLine(buf, start, lf));
      start = lf + 1;
    }
    return start;
  }

  function push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    run(chunk, {
      line: (text) => events.push({ type: 'line', text }),
      overflow: (limit) => events.push({ type: 'overflow', limit }),
    });
    return events;
  }

  function pushLines(chunk: Buffer): string[] {
    const lines: string[] = [];
    run(chunk, { line: (text) => lines.push(text), overflow: () => {} });
    return lines;
  }

  /**
   * Decodes every complete line of `buf` from `start` at once, when none can be over the
   * limit: one decode and a split cost a fraction of one decode per line in a flood.
   * Returns where it stopped (`start` itself when it left the work to the exact loop).
   */
  function completeLines(buf: Buffer, start: number, sink: Sink): number {
    const last = buf.lastIndexOf(LF);
    // A single line (the usual request) is cheaper in the exact loop than decoded and split.
    if (last < start || buf.indexOf(LF, start) === last) return start;
    const lines = decode(buf, start, last).split('\n');
    for (const text of lines) {
      // A UTF-16 unit is at most 3 UTF-8 bytes (U+FFFD from one bad byte is fewer).
      if (text.length * 3 > maxLine && Buffer.byteLength(text) > maxLine) return start;
    }
    for (const text of lines) {
      const crlf = text.length > 0 && text.charCodeAt(text.length - 1) === CR;
      sink.line(crlf ? text.slice(0, -1) : text);
    }
    return last + 1;
  }

  function flush(): FrameEvent[] {
    if (tail.length === 0) return [];
    const keep = legacy === undefined ? incompleteUtf8Tail(tail, 0, tail.length) : 0;
    const end = tail.length - keep;
    if (end === 0) return [];
    // A lone CR at the end may be the first half of CRLF; the line is complete either way.
    const text = decodeLine(tail, 0, end);
    skipLf = keep === 0 && tail[end - 1] === CR;
    tail = Buffer.from(tail.subarray(end));
    return [{ type: 'line', text }];
  }

  function pendingText(): string {
    if (tail.length === 0 || discarding) return '';
    const end = tail.length - (tail[tail.length - 1] === CR ? 1 : 0);
    if (legacy !== undefined) return legacy.decodeStart(tail.subarray(0, end));
    const whole = end - incompleteUtf8Tail(tail, 0, end);
    return whole === 0 ? '' : tail.toString('utf8', 0, whole);
  }

  return {
    push,
    pushLines,
    flush,
    pendingText,
    get pending() {
      return tail.length;
    },
  };
}
