import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { NARROW_GLYPHS, quickWidth } from '../../src/client/view/text-width.js';

describe('quickWidth', () => {
  it("measures the UI's glyphs, ASCII and colour codes as string-width does", () => {
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
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(quickWidth(text)).toBe(stringWidth(text));
      }),
    );
  });

  it('leaves everything else to string-width', () => {
    for (const text of ['你好', 'é', 'a\u0301', '👍', '\t', '\x1b]8;;x\x07', '\x1b[31', 'ｱ']) {
      expect(quickWidth(text)).toBeUndefined();
    }
  });
});
