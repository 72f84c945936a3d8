import stringWidth from 'string-width';
import { isPrintableAscii } from '../../protocol/sanitize.js';
import { quickWidth } from './text-width.js';

/**
 * Wrapping by display width, the way a terminal lays text out: CJK and most emoji take two
 * columns, combining marks none, and a grapheme is never split across rows.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Widths already measured: `string-width` segments and matches emoji patterns on every call,
 * and the same names, statuses and characters are measured frame after frame. Forgotten all
 * at once when full.
 */
const WIDTHS_KEPT = 4096;
const widths = new Map<string, number>();

/** The width of `text` (escapes and all), remembered while the cache holds it. */
export function measured(text: string): number {
  let width = widths.get(text);
  if (width === undefined) {
    width = quickWidth(text) ?? stringWidth(text);
    if (widths.size >= WIDTHS_KEPT) widths.clear();
    widths.set(text, width);
  }
  return width;
}

/** Display width of one grapheme cluster. */
export function graphemeWidth(segment: string): number {
  const code = segment.charCodeAt(0);
  // Latin, Greek, Cyrillic and friends up to the combining marks: one column, no lookup.
  if (segment.length === 1 && code >= 0x20 && code < 0x300) return 1;
  return measured(segment);
}

/** Display width of a line. */
export function displayWidth(text: string): number {
  if (isPrintableAscii(text)) return text.length;
  // Long lines pass once (a flood): only short texts are worth remembering.
  return text.length <= 64 ? measured(text) : (quickWidth(text) ?? stringWidth(text));
}

/** One wrapped row: its text, where it starts in the line (UTF-16 offset) and its width. */
export interface WrappedRow {
  readonly text: string;
  readonly start: number;
  readonly width: number;
}

/**
 * Splits one line (no newlines, no control characters) into rows of at most `width` columns.
 * An empty line is one empty row. A grapheme wider than the whole row is replaced by `?`
 * so that no row is ever wider than `width`.
 */
export function wrapRows(text: string, width: number): WrappedRow[] {
  const max = Math.max(1, Math.floor(width));
  if (isPrintableAscii(text)) {
    if (text.length <= max) return [{ text, start: 0, width: text.length }];
    const rows: WrappedRow[] = [];
    for (let start = 0; start < text.length; start += max) {
      const row = text.slice(start, start + max);
      rows.push({ text: row, start, width: row.length });
    }
    return rows;
  }
  const rows: WrappedRow[] = [];
  let row = '';
  let rowStart = 0;
  let rowWidth = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    let w = graphemeWidth(segment);
    let piece = segment;
    if (w > max) {
      piece = '?';
      w = 1;
    }
    if (rowWidth + w > max && rowWidth > 0) {
      rows.push({ text: row, start: rowStart, width: rowWidth });
      row = '';
      rowStart = index;
      rowWidth = 0;
    }
    row += piece;
    rowWidth += w;
  }
  rows.push({ text: row, start: rowStart, width: rowWidth });
  return rows;
}

/** The texts of `wrapRows(text, width)`. */
export function wrapLine(text: string, width: number): string[] {
  return wrapRows(text, width).map((r) => r.text);
}

/** Wraps at spaces where it can (a word longer than a row is cut by display width). */
export function wrapWords(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const rows: string[] = [];
  let row = '';
  // Widths add up across the spaces (a space is one column): each word is measured once.
  let rowWidth = 0;
  for (const word of text.split(' ')) {
    const wordWidth = displayWidth(word);
    const candidateWidth = row === '' ? wordWidth : rowWidth + 1 + wordWidth;
    if (candidateWidth <= width) {
      row = row === '' ? word : `${row} ${word}`;
      rowWidth = candidateWidth;
      continue;
    }
    if (row !== '') rows.push(row);
    const pieces = wrapRows(word, width);
    const last = pieces.pop()!;
    rows.push(...pieces.map((p) => p.text));
    row = last.text;
    rowWidth = last.width;
  }
  rows.push(row);
  return rows;
}
