import { entryAt, type Transcript } from './transcript.js';

/**
 * Search in the scrollback: case-insensitive, over the lines as shown (sanitised), CJK
 * included. One scan per jump, from the current match outwards, over the entries kept.
 */
export interface SearchState {
  /** What is typed in the footer's search prompt. */
  readonly query: string;
  /** The entry of the current match, if any. */
  readonly match: number | undefined;
  /** The last jump found nothing (the footer says so). */
  readonly failed: boolean;
}

export const openSearch: SearchState = { query: '', match: undefined, failed: false };

/** Text folded for comparing: case-insensitive, and the same length (for highlighting). */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text;
}

/**
 * The nearest entry matching `query` strictly before (`older`) or after `from`; from the
 * newest (or oldest) end when `from` is undefined.
 */
export function findMatch(
  t: Transcript,
  query: string,
  from: number | undefined,
  direction: 'older' | 'newer',
): number | undefined {
  if (query === '') return undefined;
  const needle = fold(query);
  if (direction === 'older') {
    for (let seq = Math.min(from ?? t.endSeq, t.endSeq) - 1; seq >= t.firstSeq; seq--) {
      const entry = entryAt(t, seq);
      if (entry !== undefined && fold(entryText(entry)).includes(needle)) return seq;
    }
  } else {
    for (
      let seq = Math.max(from === undefined ? t.firstSeq : from + 1, t.firstSeq);
      seq < t.endSeq;
      seq++
    ) {
      const entry = entryAt(t, seq);
      if (entry !== undefined && fold(entryText(entry)).includes(needle)) return seq;
    }
  }
  return undefined;
}

function entryText(entry: NonNullable<ReturnType<typeof entryAt>>): string {
  return entry.type === 'sent' ? entry.prompt + entry.text : entry.text;
}

/** Where `query` occurs in a row of text, for highlighting (case-insensitive). */
export function matchRanges(text: string, query: string): { start: number; length: number }[] {
  if (query === '') return [];
  const hay = fold(text);
  const needle = fold(query);
  const out: { start: number; length: number }[] = [];
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
    out.push({ start: at, length: needle.length });
  }
  return out;
}
