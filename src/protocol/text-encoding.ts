import iconv from 'iconv-lite';

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
 * The encoding called `label`, or why not: unknown names, and ones that are not ASCII-based
 * (UTF-16: a newline is not one byte, so lines cannot be found in it).
 */
export function textEncoding(label: string): TextEncoding | { readonly error: string } {
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label.trim());
  } catch {
    return { error: `unknown encoding "${label}": try ${COMMON_ENCODINGS.join(', ')}` };
  }
  const name = decoder.encoding;
  if (name.startsWith('utf-16')) {
    return { error: `encoding ${name} cannot carry lines (a newline is not one byte in it)` };
  }
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
