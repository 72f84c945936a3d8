// Ink's own, for text that needs real work (the bundle swaps only squash-text-nodes' import).
import inkSanitizeAnsi from '../../node_modules/ink/build/sanitize-ansi.js';

const C1_CONTROL = /[\x80-\x9f]/;
const isSgrParameter = (code: number) => code >= 0x30 && code <= 0x3b; // digits, ':' and ';'

/**
 * Ink's `sanitize-ansi` (run on every text node, for layout and again for drawing, every
 * frame), with a fast path: text whose only escapes are SGR colour codes and that holds no C1
 * control is returned as it is, which is what Ink's tokeniser gives for it after a walk over
 * every character. The bundle puts this in place of Ink's module (scripts/build.mjs).
 */
export default function sanitizeAnsi(text: string): string {
  for (let at = text.indexOf('\x1b'); at !== -1; at = text.indexOf('\x1b', at + 1)) {
    if (text.charCodeAt(at + 1) !== 0x5b) return inkSanitizeAnsi(text);
    let end = at + 2;
    while (isSgrParameter(text.charCodeAt(end))) end++;
    if (text.charCodeAt(end) !== 0x6d) return inkSanitizeAnsi(text);
    at = end;
  }
  return C1_CONTROL.test(text) ? inkSanitizeAnsi(text) : text;
}
