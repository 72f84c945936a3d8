import stringWidth from 'string-width';

// C0 controls except TAB, DEL, and C1 controls (U+0080–U+009F, as decoded from UTF-8).
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;
const HAS_CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

function hex(ch: string): string {
  return '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0');
}

/**
 * Makes control characters visible as `\xNN` so text from one peer can be shown or sent
 * to another without driving its terminal (ESC becomes `\x1b`, the rest stays printable).
 */
export function escapeControls(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, hex) : text;
}

// ESC or 8-bit C1 introducers of sequences a terminal acts on:
//  - CSI  (ESC [ or U+009B) parameters, intermediates, final byte
//  - OSC  (ESC ] or U+009D), DCS (ESC P / U+0090), SOS (ESC X / U+0098), PM (ESC ^ / U+009E),
//    APC (ESC _ / U+009F): a string ended by BEL or ST (ESC \ or U+009C), or cut short by the
//    next ESC (terminals abort the string there) or by the end of the line
//  - any other ESC followed by intermediates and one final character (charset switches, RIS...)
const SEQUENCE =
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c|(?=\x1b)|$)|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
const HAS_ESCAPE = /[\x1b\x90-\x9f]/;

// Bidirectional embeddings, overrides and isolates reorder what follows them on screen.
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const HAS_BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/**
 * Text one user sends for others to read: controls shown as `\xNN` (no line breaks, no escape
 * sequences) and bidi controls as `\uNNNN`, so nobody can reorder what follows on screen.
 */
export function escapeUntrusted(text: string): string {
  const escaped = escapeControls(text);
  if (!HAS_BIDI.test(escaped)) return escaped;
  return escaped.replace(BIDI, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Removes terminal escape sequences (CSI, OSC, DCS, ...) from one line of text. */
export function stripEscapes(text: string): string {
  return HAS_ESCAPE.test(text) ? text.replace(SEQUENCE, '') : text;
}

/** Replaces each tab by spaces up to the next multiple of `tabWidth` display columns. */
export function expandTabs(text: string, tabWidth = 8): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let column = 0;
  for (const part of text.split(/(\t)/)) {
    if (part === '\t') {
      const pad = tabWidth - (column % tabWidth);
      out += ' '.repeat(pad);
      column += pad;
    } else {
      out += part;
      column += stringWidth(part);
    }
  }
  return out;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** The same with LF: a batch of plain lines joined for output. */
const PRINTABLE_ASCII_LINES = /^[\x0a\x20-\x7e]*$/;

/** Whether `text` is printable ASCII only: one column a character, nothing to sanitise. */
export function isPrintableAscii(text: string): boolean {
  return PRINTABLE_ASCII.test(text);
}

/**
 * Turns one line of untrusted text into something safe to put on a terminal: escape
 * sequences removed, other controls shown as `\xNN`, bidi controls dropped, tabs expanded.
 */
export function sanitizeForDisplay(text: string, tabWidth = 8): string {
  // Most lines of a flood are plain ASCII: one scan instead of four.
  if (PRINTABLE_ASCII.test(text)) return text;
  return expandTabs(escapeControls(stripEscapes(text)).replace(BIDI, ''), tabWidth);
}

/** Lines as safe terminal text, each ending in LF; a batch of plain ASCII costs one scan. */
export function sanitizeLines(lines: readonly string[]): string {
  if (lines.length === 0) return '';
  const text = lines.join('\n') + '\n';
  if (PRINTABLE_ASCII_LINES.test(text)) return text;
  let out = '';
  for (let i = 0; i < lines.length; i++) out += sanitizeForDisplay(lines[i]!) + '\n';
  return out;
}
