import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuickSegmenter } from '../../src/client/view/quick-segmenter.js';
import { isLoneCharacter } from '../../src/client/view/text-width.js';

const real = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const quick = new QuickSegmenter(undefined, { granularity: 'grapheme' });
const segments = (s: Iterable<Intl.SegmentData>) =>
  [...s].map(({ segment, index, input }) => ({ segment, index, input }));

// Plain text, controls, and what joins: CR LF, combining marks, jamo, ZWJ, selectors, emoji.
const pieces = fc.constantFrom(
  'a',
  ' ',
  '~',
  'é',
  '–',
  '…',
  '→',
  '│',
  '你好',
  '。',
  'ｱ',
  '한',
  '\x1b[31m',
  '\x1b',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\x7f',
  '\u0301',
  '\u1100',
  '\u1161',
  '\u11a8',
  '\u200d',
  '\ufe0f',
  '👍',
  '👨‍👩‍👧',
  '🇨🇳',
  '\u0e33',
  '\u0915\u094d',
  '\u00ad',
);

describe('QuickSegmenter (the bundle’s Intl.Segmenter)', () => {
  it('gives Intl.Segmenter’s graphemes for any mix of plain and joining text', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(segments(quick.segment(text))).toEqual(segments(real.segment(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits every character it splits itself exactly as ICU does, beside any other', () => {
    const alone: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code < 0x20 ? code !== 0x0d : code === 0x7f || isLoneCharacter(code)) {
        alone.push(String.fromCharCode(code));
      }
    }
    for (const c of alone) {
      const text = `${c}a${c}${c}中${c}\x1b${c}é${c}한${c}`;
      expect(segments(real.segment(text)).map((s) => s.segment)).toEqual([...text]);
    }
  });

  it('behaves as Intl.Segmenter for other granularities, containing() and options', () => {
    for (const granularity of ['word', 'sentence'] as const) {
      const text = 'Hello, world. 你好，世界。';
      expect(segments(new QuickSegmenter('en', { granularity }).segment(text))).toEqual(
        segments(new Intl.Segmenter('en', { granularity }).segment(text)),
      );
    }
    const text = 'ab中';
    for (const i of [-1, 0, 1, 2, 3, 1.5]) {
      const q = quick.segment(text).containing(i);
      const r = real.segment(text).containing(i);
      expect(q && { segment: q.segment, index: q.index }).toEqual(
        r && { segment: r.segment, index: r.index },
      );
    }
    expect(new QuickSegmenter().resolvedOptions()).toEqual(new Intl.Segmenter().resolvedOptions());
    expect(QuickSegmenter.supportedLocalesOf(['en-US'])).toEqual(
      Intl.Segmenter.supportedLocalesOf(['en-US']),
    );
  });

  it('makes no real segmenter for plain text, and one for the rest', () => {
    const Real = Intl.Segmenter;
    let made = 0;
    class Counting extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made++;
      }
    }
    const intl = Intl as { Segmenter: typeof Real };
    intl.Segmenter = Counting;
    try {
      const segmenter = new QuickSegmenter(undefined, { granularity: 'grapheme' });
      expect([...segmenter.segment('\x1b[1mhi 你好 – →\x1b[22m')]).toHaveLength(18);
      expect(made).toBe(0);
      expect([...segmenter.segment('e\u0301👍')].map((s) => s.segment)).toEqual(['e\u0301', '👍']);
      segmenter.segment('e\u0301');
      expect(made).toBe(1);
    } finally {
      intl.Segmenter = Real;
    }
  });
});
