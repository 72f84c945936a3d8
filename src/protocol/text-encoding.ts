import iconv from 'iconv-lite';
import { COMMON_ENCODINGS, encodingName } from './encoding-name.js';

/**
 * The character encoding a server speaks (`--encoding`): UTF-8, or a legacy one such as GBK,
 * Big5 or Shift_JIS. Received bytes are decoded by the platform's TextDecoder (Node ships full
 * ICU); typed text is encoded by iconv-lite, as the platform has no encoder but UTF-8's.
 */
export interface TextEncoding {
  /** The canonical name (`gbk`, `windows-1252` for `latin1`). */
  readonly name: string;
  readonly utf8: boolean;
  /** A complete run of bytes as text (invalid bytes: U+FFFD). */
  decode(bytes: Uint8Array): string;
  /** Bytes as text, holding back an unfinished character at the end. */
  decodeStart(bytes: Uint8Array): string;
  encode(text: string): Uint8Array;
}

export { COMMON_ENCODINGS } from './encoding-name.js';

/**
 * The encoding called `label`, or why not: unknown names, and ones that are not ASCII-based
 * (UTF-16: a newline is not one byte, so lines cannot be found in it).
 */
export function textEncoding(label: string): TextEncoding | { readonly error: string } {
  const checked = encodingName(label);
  if (typeof checked !== 'string') return checked;
  const name = checked;
  const decoder = new TextDecoder(name);
  if (name === 'utf-8') {
    const encoder = new TextEncoder();
    return {
      name,
      utf8: true,
      decode: (bytes) => decoder.decode(bytes),
      decodeStart: (bytes) => new TextDecoder('utf-8').decode(bytes, { stream: true }),
      encode: (text) => encoder.encode(text),
    };
  }
  if (!iconv.encodingExists(name)) {
    return {
      error: `encoding ${name} can be read but not written: try ${COMMON_ENCODINGS.join(', ')}`,
    };
  }
  return {
    name,
    utf8: false,
    decode: (bytes) => decoder.decode(bytes),
    decodeStart: (bytes) => new TextDecoder(name).decode(bytes, { stream: true }),
    encode: (text) => iconv.encode(text, name),
  };
}
