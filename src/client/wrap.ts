import stringWidth from 'string-width';

/**
 * Wrapping by display width, the way a terminal lays text out: CJK and most emoji take two
 * columns, combining marks none, and a grapheme is never split across rows.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Display width of one grapheme cluster. */
export function graphemeWidth(segment: string): number {
  const code = segment.charCodeAt(0);
  // Latin, Greek, Cyrillic and friends up to the combining marks: one column, no lookup.
  if (segment.length === 1 && code >= 0x20 && code < 0x300) return 1;
  return stringWidth(segment);
}

/** Display width of a line. */
export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
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
  if (PRINTABLE_ASCII.test(text)) {
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

/**
 * Remembers each item's rows for the last width (and variant) asked, so a frame wraps only the
 * lines it shows, once. Items are held weakly: the cache shrinks as the transcript drops lines.
 */
export interface RowCache<K extends object> {
  rows(item: K, width: number, variant: string, text: () => string): readonly string[];
}

/** A new, empty row cache. */
export function createRowCache<K extends object>(): RowCache<K> {
  const cache = new WeakMap<
    K,
    { readonly width: number; readonly variant: string; readonly rows: readonly string[] }
  >();
  return {
    rows(item, width, variant, text) {
      const hit = cache.get(item);
      if (hit && hit.width === width && hit.variant === variant) return hit.rows;
      const rows = wrapLine(text(), width);
      cache.set(item, { width, variant, rows });
      return rows;
    },
  };
}
