import { sanitizeForDisplay } from '../../protocol/sanitize.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { plural } from '../../shared/plural.js';

/**
 * The output pane's contents as a pure reducer: a bounded, append-only list of entries.
 *
 * Entries live in fixed-size chunks that are never changed once full. The open (last) chunk is
 * written in place when the transcript being extended is the newest one written into it: the
 * slots an older transcript can see are never touched, so it stays valid. Extending an older
 * transcript again (a second branch) copies the chunk first. The cost of an update depends on
 * what was added, not on how much scrollback is kept. A chunk stores columns (text, kind) and
 * runs of times rather than one object per line: a flood then allocates next to nothing per
 * line but its text, which keeps the garbage collector (and the memory high-water mark) down.
 */

export type SystemLevel = 'info' | 'warn' | 'error';

/** One line of the output pane, numbered by `seq` (0, 1, 2... over the whole session). */
export type TranscriptEntry =
  | {
      readonly type: 'received';
      readonly seq: number;
      readonly time: number;
      readonly text: string;
    }
  | {
      readonly type: 'sent';
      readonly seq: number;
      readonly time: number;
      readonly text: string;
      /** Which message this line belongs to (a message of N lines makes N entries). */
      readonly message: number;
      /** The server's prompt this line answered, shown before it on its row (`login: `). */
      readonly prompt: string;
    }
  | {
      readonly type: 'system';
      readonly seq: number;
      readonly time: number;
      readonly text: string;
      readonly level: SystemLevel;
    };

/** What can be added to the transcript; text is raw (it is sanitised on the way in). */
export type TranscriptInput =
  | { readonly type: 'received'; readonly time: number; readonly lines: readonly string[] }
  | {
      readonly type: 'sent';
      readonly time: number;
      readonly lines: readonly string[];
      /** The prompt the message answers (its first line goes on the prompt's row). */
      readonly prompt?: string;
    }
  /** `messages` queued messages went out (a system line says so). */
  | { readonly type: 'flushed'; readonly time: number; readonly messages: number }
  /** `count` lines arrived but were dropped unseen: they and everything before them are gone. */
  | { readonly type: 'skipped'; readonly count: number }
  | {
      readonly type: 'system';
      readonly time: number;
      readonly level: SystemLevel;
      readonly text: string;
    };

export interface Transcript {
  /** Most entries kept; older ones are dropped. */
  readonly capacity: number;
  /** `chunks[i]` holds seqs from `(firstChunk + i) * CHUNK`; only the last may be partial. */
  readonly chunks: readonly Chunk[];
  readonly firstChunk: number;
  /** Oldest entry kept. */
  readonly firstSeq: number;
  /** One past the newest entry. */
  readonly endSeq: number;
  /** The id the next sent message gets (ids count up from 0). */
  readonly nextMessage: number;
}

const CHUNK_BITS = 10;
const CHUNK = 1 << CHUNK_BITS;

/** Entry kinds as stored in a chunk. */
const RECEIVED = 0;
const SENT = 1;
const LEVELS: readonly SystemLevel[] = ['info', 'warn', 'error'];
const SYSTEM = 2; // SYSTEM + index in LEVELS

/**
 * `CHUNK` entries as columns; slots before the first kept seq may be empty. The chunk being
 * filled holds one string per slot; a full one is sealed: its texts joined into one string with
 * where each ends, so the scrollback holds no object per line (a flood's lines then die young,
 * before the garbage collector has to copy or promote them). Only the kinds are a column of
 * their own: times come in runs (a read's lines share one) and only sent lines have a message,
 * so a flood allocates about one byte a line besides its text.
 */
export interface Chunk {
  /** Each slot's text, while the chunk is open. */
  readonly texts: (string | undefined)[] | undefined;
  /** Once sealed: every slot's text, joined, and where each one ends in it. */
  readonly sealed: { readonly text: string; readonly ends: Uint32Array } | undefined;
  readonly kinds: Uint8Array;
  /**
   * Arrival times as runs, in slot order: `times[2k]` is the first slot of run k and
   * `times[2k + 1]` the time of every slot from there to the next run.
   */
  readonly times: number[];
  /** Sent lines by slot: the message each belongs to and the prompt it answered. */
  readonly sent: Map<number, SentDetail> | undefined;
  /** Slots written so far, by whichever transcript wrote last (open chunks only). */
  readonly filled: number;
}

interface SentDetail {
  readonly message: number;
  readonly prompt: string;
}

/** A chunk being written by `appendToTranscript`, which alone may change one. */
interface OpenChunk extends Chunk {
  readonly texts: (string | undefined)[];
  sent: Map<number, SentDetail> | undefined;
  filled: number;
}

function newChunk(): OpenChunk {
  return {
    texts: new Array<string | undefined>(CHUNK),
    sealed: undefined,
    kinds: new Uint8Array(CHUNK),
    times: [],
    sent: undefined,
    filled: 0,
  };
}

/** A copy of an open chunk's first `filled` slots, for a transcript that branches off. */
function copyChunk(c: Chunk, filled: number): OpenChunk {
  const times: number[] = [];
  for (let k = 0; k < c.times.length && c.times[k]! < filled; k += 2) {
    times.push(c.times[k]!, c.times[k + 1]!);
  }
  return {
    texts: c.texts!.slice(),
    sealed: undefined,
    kinds: c.kinds.slice(),
    times,
    sent: c.sent === undefined ? undefined : new Map(c.sent),
    filled,
  };
}

/** A full chunk with its texts joined (sanitised text has no line breaks to confuse them). */
function seal(c: Chunk): Chunk {
  const texts = c.texts!;
  const ends = new Uint32Array(CHUNK);
  let end = 0;
  for (let i = 0; i < CHUNK; i++) {
    end += texts[i]?.length ?? 0;
    ends[i] = end;
  }
  return {
    texts: undefined,
    sealed: { text: texts.join(''), ends },
    kinds: c.kinds,
    times: c.times,
    sent: c.sent,
    filled: CHUNK,
  };
}

function textAt(c: Chunk, i: number): string | undefined {
  if (c.texts !== undefined) return c.texts[i];
  const { text, ends } = c.sealed!;
  return text.slice(i === 0 ? 0 : ends[i - 1], ends[i]);
}

/** The time of slot `i`: that of the last run starting at or before it. */
function timeAt(c: Chunk, i: number): number {
  const runs = c.times;
  let lo = 0;
  let hi = runs.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs[2 * mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return runs[2 * lo + 1] ?? 0;
}

/** An empty transcript keeping at most `capacity` entries. */
export function createTranscript(capacity: number): Transcript {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError('capacity must be a positive integer');
  }
  return {
    capacity,
    chunks: [],
    firstChunk: 0,
    firstSeq: 0,
    endSeq: 0,
    nextMessage: 0,
  };
}

/** Number of entries kept. */
export function transcriptLength(t: Transcript): number {
  return t.endSeq - t.firstSeq;
}

/** The entry numbered `seq`, or undefined if it was dropped or does not exist yet. */
export function entryAt(t: Transcript, seq: number): TranscriptEntry | undefined {
  if (seq < t.firstSeq || seq >= t.endSeq) return undefined;
  const chunk = t.chunks[(seq >> CHUNK_BITS) - t.firstChunk];
  const i = seq & (CHUNK - 1);
  if (chunk === undefined) return undefined;
  const text = textAt(chunk, i);
  if (text === undefined) return undefined;
  const kind = chunk.kinds[i]!;
  const time = timeAt(chunk, i);
  if (kind === RECEIVED) return { type: 'received', seq, time, text };
  if (kind === SENT) {
    const { message, prompt } = chunk.sent!.get(i)!;
    return { type: 'sent', seq, time, text, message, prompt };
  }
  return { type: 'system', seq, time, text, level: LEVELS[kind - SYSTEM]! };
}

/**
 * Whether a sent entry's message is still waiting to be delivered, given how many messages
 * the connection has queued. The queue is delivered whole on connecting and everything sent
 * while down joins it, so the queued messages are always the newest `queued` ones.
 */
export function isPending(t: Transcript, entry: TranscriptEntry, queued: number): boolean {
  return entry.type === 'sent' && entry.message >= t.nextMessage - queued;
}

function countOf(input: TranscriptInput): number {
  switch (input.type) {
    case 'received':
    case 'sent':
      return input.lines.length;
    case 'flushed':
      return input.messages > 0 ? 1 : 0;
    case 'system':
      return 1;
    case 'skipped':
      return input.count;
    default:
      return checkExhaustive(input);
  }
}

/**
 * Appends a batch of inputs in one structural update. Lines that would be dropped at once
 * (a batch bigger than the capacity) are never sanitised or stored.
 */
export function appendToTranscript(t: Transcript, inputs: readonly TranscriptInput[]): Transcript {
  let total = 0;
  // Nothing before the end of the last skipped run survives.
  let dropBefore = 0;
  for (const input of inputs) {
    total += countOf(input);
    if (input.type === 'skipped') dropBefore = t.endSeq + total;
  }
  const endSeq = t.endSeq + total;
  const firstSeq = Math.max(t.firstSeq, endSeq - t.capacity, dropBefore);
  // Everything before `keepFrom` in this batch would be dropped straight away.
  const keepFrom = Math.max(t.endSeq, firstSeq);

  const firstChunk = firstSeq >> CHUNK_BITS;
  const chunks: Chunk[] = t.chunks.slice(Math.max(0, firstChunk - t.firstChunk));
  let chunkBase = Math.max(firstChunk, t.firstChunk);
  // The partial last chunk is written in place if `t` wrote it last, else copied (an older
  // transcript, extended again); full chunks are shared.
  let open: OpenChunk | undefined;
  const lastIndex = (t.endSeq >> CHUNK_BITS) - chunkBase;
  const lastFilled = t.endSeq & (CHUNK - 1);
  if (chunks.length > 0 && lastIndex === chunks.length - 1 && lastFilled !== 0) {
    const last = chunks[lastIndex]! as OpenChunk;
    open = last.filled === lastFilled ? last : copyChunk(last, lastFilled);
    chunks[lastIndex] = open;
  }
  if (chunks.length === 0) chunkBase = keepFrom >> CHUNK_BITS;

  const put = (seq: number, kind: number, time: number, text: string, sent?: SentDetail): void => {
    const index = (seq >> CHUNK_BITS) - chunkBase;
    while (chunks.length <= index) {
      open = newChunk();
      chunks.push(open);
    }
    const i = seq & (CHUNK - 1);
    const c = open!;
    c.texts[i] = text;
    c.kinds[i] = kind;
    if (c.times.length === 0 || c.times[c.times.length - 1] !== time) c.times.push(i, time);
    if (sent !== undefined) (c.sent ??= new Map()).set(i, sent);
    c.filled = i + 1;
    if (i === CHUNK - 1) chunks[index] = seal(c);
  };

  let nextMessage = t.nextMessage;
  let seq = t.endSeq;
  for (const input of inputs) {
    const n = countOf(input);
    switch (input.type) {
      case 'received':
        for (let i = Math.max(0, keepFrom - seq); i < n; i++) {
          put(seq + i, RECEIVED, input.time, sanitizeForDisplay(input.lines[i]!));
        }
        break;
      case 'sent': {
        const message = nextMessage++;
        const prompt = sanitizeForDisplay(input.prompt ?? '');
        for (let i = Math.max(0, keepFrom - seq); i < n; i++) {
          const text = sanitizeForDisplay(input.lines[i]!);
          put(seq + i, SENT, input.time, text, { message, prompt: i === 0 ? prompt : '' });
        }
        break;
      }
      case 'flushed':
        if (n > 0 && seq >= keepFrom) {
          put(seq, SYSTEM, input.time, `delivered ${plural(input.messages, 'queued message')}`);
        }
        break;
      case 'system':
        if (seq >= keepFrom) {
          put(
            seq,
            SYSTEM + LEVELS.indexOf(input.level),
            input.time,
            sanitizeForDisplay(input.text),
          );
        }
        break;
      case 'skipped':
        break;
      default:
        checkExhaustive(input);
    }
    seq += n;
  }

  return {
    capacity: t.capacity,
    chunks,
    firstChunk: chunks.length === 0 ? endSeq >> CHUNK_BITS : chunkBase,
    firstSeq,
    endSeq,
    nextMessage,
  };
}
