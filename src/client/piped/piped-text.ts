import { sanitizeForDisplay, sanitizeLines } from '../../protocol/sanitize.js';

/**
 * What piped mode prints for one read: complete lines, each with its newline, and the server's
 * unfinished line (a prompt) as far as it goes, with no newline until the server sends one.
 * `printed` is the part of the unfinished line already on stdout (sanitised).
 */
export function pipedText(
  printed: string,
  lines: readonly string[],
  partial: string,
): { readonly text: string; readonly printed: string } {
  let text = '';
  let rest = lines;
  if (printed !== '' && lines.length > 0) {
    // The first line completes the one partly printed: print the rest of it.
    const first = sanitizeForDisplay(lines[0]!);
    text += first.startsWith(printed) ? `${first.slice(printed.length)}\n` : `\n${first}\n`;
    rest = lines.slice(1);
    printed = '';
  }
  text += sanitizeLines(rest);
  const shown = sanitizeForDisplay(partial);
  if (shown.startsWith(printed)) {
    text += shown.slice(printed.length);
    printed = shown;
  }
  return { text, printed };
}
