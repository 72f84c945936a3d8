import { describe, expect, it } from 'vitest';
import { textEncoding, type TextEncoding } from '../../src/protocol/text-encoding.js';

function get(label: string): TextEncoding {
  const encoding = textEncoding(label);
  if ('error' in encoding) throw new Error(encoding.error);
  return encoding;
}

describe('textEncoding', () => {
  it.each([
    ['gbk', '你好，世界', 'c4e3bac3a3accac0bde7'],
    ['gb18030', '你好😀', 'c4e3bac39439fc36'],
    ['big5', '你好', 'a741a66e'],
    ['shift_jis', 'こんにちは', '82b182f182c982bf82cd'],
    ['euc-kr', '안녕', 'bec8b3e7'],
    ['latin1', 'café', '636166e9'],
  ])('%s: reads and writes %s', (label, text, hex) => {
    const encoding = get(label);
    expect(Buffer.from(encoding.encode(text)).toString('hex')).toBe(hex);
    expect(encoding.decode(Buffer.from(hex, 'hex'))).toBe(text);
  });

  it('holds back half a character at the end of an unfinished line', () => {
    const gbk = get('GBK');
    expect(gbk.decodeStart(Buffer.from('c4e3ba', 'hex'))).toBe('你');
    expect(get('utf-8').decodeStart(Buffer.from('e4bd', 'hex'))).toBe('');
  });

  it('shows invalid bytes as U+FFFD', () => {
    expect(get('gbk').decode(Buffer.from('8120', 'hex'))).toBe('\ufffd ');
  });

  it('names the canonical encoding', () => {
    expect(get('latin1').name).toBe('windows-1252');
    expect(get('Shift_JIS').name).toBe('shift_jis');
    expect(get('utf8')).toMatchObject({ name: 'utf-8', utf8: true });
  });

  it('refuses unknown names and encodings without one-byte newlines', () => {
    expect(textEncoding('klingon')).toEqual({
      error: 'unknown encoding "klingon": try utf-8, gbk, gb18030, big5, shift_jis, euc-kr, latin1',
    });
    expect(textEncoding('utf-16le')).toEqual({
      error: 'encoding utf-16le cannot carry lines (a newline is not one byte in it)',
    });
  });
});
