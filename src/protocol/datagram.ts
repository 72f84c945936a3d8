/**
 * Text in UDP datagrams: a datagram is one message, so its boundaries frame it. A trailing
 * newline (what `nc -u` sends) ends the message rather than starting an empty line.
 */

import type { TextEncoding } from './text-encoding.js';

const decoder = new TextDecoder('utf-8');

/** The line ending a datagram's text ends with: `\r\n`, `\n` or none. */
export function datagramTerminator(text: string): '' | '\n' | '\r\n' {
  if (text.endsWith('\r\n')) return '\r\n';
  return text.endsWith('\n') ? '\n' : '';
}

/** A datagram's text without its line ending (U+FFFD for bytes bad in UTF-8, or `encoding`). */
export function datagramText(
  bytes: Uint8Array,
  encoding?: TextEncoding,
): { readonly text: string; readonly eol: '' | '\n' | '\r\n' } {
  const whole = encoding === undefined ? decoder.decode(bytes) : encoding.decode(bytes);
  const eol = datagramTerminator(whole);
  return { text: whole.slice(0, whole.length - eol.length), eol };
}

/** A datagram as lines, as the client shows them: `a\nb\n` is two lines, an empty one is one. */
export function datagramLines(bytes: Uint8Array, encoding?: TextEncoding): string[] {
  return datagramText(bytes, encoding).text.split(/\r?\n/);
}
