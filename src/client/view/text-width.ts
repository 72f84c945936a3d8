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
 * Where the SGR code starting at `at` ends (the index of its `m`), read as the ANSI
 * tokenisers read one: `ESC [`, digits and `;`, `m`. -1 when there is none there.
 */
export function sgrEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== ESC || text.charCodeAt(at + 1) !== 0x5b) return -1;
  let end = at + 2;
  for (let c = text.charCodeAt(end); (c >= 0x30 && c <= 0x39) || c === 0x3b;) {
    c = text.charCodeAt(++end);
  }
  return text.charCodeAt(end) === 0x6d ? end : -1;
}

/**
 * Two columns each, and each a grapheme of its own whatever follows it (no combining
 * marks, no emoji): CJK punctuation, kana, ideographs, Hangul syllables, full-width forms.
 * What Chinese, Japanese and Korean chat is mostly made of.
 */
function isWide(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0xff01 && code <= 0xff60) ||
    (code >= 0x3001 && code <= 0x3029) ||
    (code >= 0x3030 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x3096) ||
    (code >= 0x30a1 && code <= 0x30fa) ||
    (code >= 0x30fc && code <= 0x30ff) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

/**
 * Whether a character is a grapheme of its own that nothing after it joins (no combining
 * marks, joiners, selectors or jamo): printable ASCII and Latin, general punctuation, arrows,
 * box drawing and shapes, and the wide characters above.
 */
export function isLoneCharacter(code: number): boolean {
  return (
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa1 && code <= 0x2ff) ||
    (code >= 0x2010 && code <= 0x2027) ||
    (code >= 0x2030 && code <= 0x205e) ||
    (code >= 0x2190 && code <= 0x21ff) ||
    (code >= 0x2500 && code <= 0x25ff) ||
    isWide(code)
  );
}

/**
 * The width of `text` when it is printable ASCII, the UI's glyphs, CJK text and SGR colour
 * codes (`ESC [ digits ; m`, which take no columns); `undefined` for anything else.
 */
export function quickWidth(text: string): number | undefined {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) {
      width++;
    } else if (code === ESC) {
      const end = sgrEnd(text, i);
      if (end === -1) return undefined;
      i = end;
    } else if (NARROW.has(code)) {
      width++;
    } else if (isWide(code)) {
      width += 2;
    } else {
      return undefined;
    }
  }
  return width;
}
