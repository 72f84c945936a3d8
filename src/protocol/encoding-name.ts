/**
 * Checks an `--encoding` name without loading any encoder: the command line answers a bad one
 * at once, and a UTF-8 session never loads iconv-lite (start-up).
 */

/** Encodings `--encoding` suggests when it does not know a name. */
export const COMMON_ENCODINGS = [
  'utf-8',
  'gbk',
  'gb18030',
  'big5',
  'shift_jis',
  'euc-kr',
  'latin1',
];

/**
 * The canonical name of the encoding called `label` (`windows-1252` for `latin1`), or why it
 * cannot be used: unknown names, and ones that are not ASCII-based (UTF-16: a newline is not
 * one byte, so lines cannot be found in it).
 */
export function encodingName(label: string): string | { readonly error: string } {
  let name: string;
  try {
    name = new TextDecoder(label.trim()).encoding;
  } catch {
    return { error: `unknown encoding "${label}": try ${COMMON_ENCODINGS.join(', ')}` };
  }
  if (name.startsWith('utf-16')) {
    return { error: `encoding ${name} cannot carry lines (a newline is not one byte in it)` };
  }
  return name;
}
