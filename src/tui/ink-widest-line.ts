import stringWidth from 'string-width';

/**
 * `widest-line` as Ink's text rendering calls it (once per text node per frame), remembered:
 * the bundle puts this in its place for Ink (scripts/build.mjs). The same rows are measured
 * frame after frame; a flood's rows pass through and are forgotten with the rest once the
 * cache is full.
 */
const LIMIT = 8192;
const widths = new Map<string, number>();

export default function widestLine(text: string): number {
  let width = widths.get(text);
  if (width === undefined) {
    width = 0;
    for (const line of text.split('\n')) width = Math.max(width, stringWidth(line));
    if (widths.size >= LIMIT) widths.clear();
    widths.set(text, width);
  }
  return width;
}
