import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { NARROW_GLYPHS, quickWidth } from '../../src/client/view/text-width.js';

describe('quickWidth', () => {
  it("measures the UI's glyphs, ASCII, CJK and colour codes as string-width does", () => {
    const piece = fc.constantFrom(
      ...Array.from(NARROW_GLYPHS),
      'a',
      'hello world',
      ' ',
      '~',
      '\x1b[31m',
      '\x1b[39m',
      '\x1b[1;4m',
      '\x1b[m',
      '你好',
      '，',
      '。',
      'テキスト',
      'ひらがな',
      '한국어',
      'ＡＢ',
      '〆',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(quickWidth(text)).toBe(stringWidth(text));
      }),
    );
  });

  it('leaves everything else to string-width', () => {
    for (const text of [
      'é',
      'a\u0301',
      '👍',
      '\t',
      '\x1b]8;;x\x07',
      '\x1b[31',
      'ｱ',
      '가\u11a8',
      'か\u3099',
    ]) {
      expect(quickWidth(text)).toBeUndefined();
    }
  });
});

describe('quickWidth over whole CJK blocks', () => {
  it('gives every character it measures the width string-width gives it', () => {
    for (let code = 0x3000; code <= 0xffff; code++) {
      const text = String.fromCharCode(code);
      const quick = quickWidth(text);
      if (quick !== undefined)
        expect([code.toString(16), quick]).toEqual([code.toString(16), stringWidth(text)]);
    }
  });
});
