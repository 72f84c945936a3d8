/**
 * Widths measured without `string-width`, for the text the UI itself draws: its first use
 * compiles Unicode-property regular expressions (emoji and friends) for about 60 ms, which
 * the first frame would otherwise wait for, and every use segments the text into graphemes.
 * Only what is certain is measured here; everything else is `undefined` (ask string-width).
 */

/** The UI's own symbols: one column each, as string-width measures them (tested). */
export const NARROW_GLYPHS = '●•›–─│…↓↑←→⏎·✓✗▲▼';
const NARROW = new Set(Array.from(NARROW_GLYPHS, (c) => c.charCodeAt(0)));

const ESC = 0x1b;

/**
 * The width of `text` when it is printable ASCII, the UI's glyphs and SGR colour codes
 * (`ESC [ digits ; m`, which take no columns); `undefined` for anything else.
 */
export function quickWidth(text: string): number | undefined {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) {
      width++;
    } else if (code === ESC && text.charCodeAt(i + 1) === 0x5b) {
      let end = i + 2;
      for (let c = text.charCodeAt(end); (c >= 0x30 && c <= 0x39) || c === 0x3b;) {
        c = text.charCodeAt(++end);
      }
      if (text.charCodeAt(end) !== 0x6d) return undefined;
      i = end;
    } else if (NARROW.has(code)) {
      width++;
    } else {
      return undefined;
    }
  }
  return width;
}
