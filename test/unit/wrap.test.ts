import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { displayWidth, wrapLine, wrapRows } from '../../src/client/view/wrap.js';

describe('wrapLine', () => {
  it('cuts ASCII at the width and keeps an empty line as one row', () => {
    expect(wrapLine('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapLine('abcd', 4)).toEqual(['abcd']);
    expect(wrapLine('', 4)).toEqual(['']);
  });

  it('counts CJK and emoji as two columns and never splits one', () => {
    expect(wrapLine('你好世界', 4)).toEqual(['你好', '世界']);
    // 5 columns: the third character does not fit beside the first two.
    expect(wrapLine('你好世界', 5)).toEqual(['你好', '世界']);
    expect(wrapLine('a你好', 4)).toEqual(['a你', '好']);
    expect(wrapLine('👍🏽👍🏽x', 4)).toEqual(['👍🏽👍🏽', 'x']);
  });

  it('keeps combining marks with their letter', () => {
    const e = 'e\u0301';
    expect(wrapLine(`${e}${e}${e}`, 2)).toEqual([`${e}${e}`, e]);
  });

  it('replaces a character wider than the whole row instead of overflowing', () => {
    expect(wrapLine('你x', 1)).toEqual(['?', 'x']);
  });

  it('reports where each row starts and how wide it is', () => {
    expect(wrapRows('ab你好c', 4)).toEqual([
      { text: 'ab你', start: 0, width: 4 },
      { text: '好c', start: 3, width: 3 },
    ]);
  });

  it('property: rows rejoin to the line and none is wider than the width', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', ' ', '中', '文', '😀', 'é', 'e\u0301', 'ｱ', '한'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, fc.integer({ min: 2, max: 30 }), (line, width) => {
        const rows = wrapLine(line, width);
        expect(rows.join('')).toBe(line);
        for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(width);
        // Rows are full except where the next grapheme would not fit.
        expect(rows.length).toBeLessThanOrEqual(
          Math.max(1, Math.ceil(displayWidth(line) / (width - 1))),
        );
      }),
    );
  });
});
