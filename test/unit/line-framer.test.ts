import fc from 'fast-check';
import { textEncoding, type TextEncoding } from '../../src/protocol/text-encoding.js';
import { describe, expect, it } from 'vitest';
import {
  createLineFramer,
  type FrameEvent,
  type LineFramerOptions,
} from '../../src/protocol/line-framer.js';

const line = (text: string): FrameEvent => ({ type: 'line', text });
const overflow = (limit: number): FrameEvent => ({ type: 'overflow', limit });
const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** Feeds `chunks` one push at a time and collects every event. */
function feed(options: LineFramerOptions, chunks: readonly Buffer[]): FrameEvent[] {
  const framer = createLineFramer(options);
  return chunks.flatMap((c) => framer.push(c));
}

/** Cuts `buf` at the given offsets (sorted, deduplicated, clamped to the buffer). */
function cut(buf: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => Math.min(o, buf.length)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(buf.subarray(from, p));
    from = p;
  }
  pieces.push(buf.subarray(from));
  return pieces;
}

describe('createLineFramer', () => {
  it('rejects a limit that is not a positive integer', () => {
    expect(() => createLineFramer({ maxLine: 0 })).toThrow(RangeError);
    expect(() => createLineFramer({ maxLine: 1.5 })).toThrow(RangeError);
  });

  it('returns several lines from one chunk, in order, and keeps the unfinished tail', () => {
    const framer = createLineFramer({ maxLine: 100 });
    expect(framer.push(bytes('one\ntwo\n\nthree\nfo'))).toEqual([
      line('one'),
      line('two'),
      line(''),
      line('three'),
    ]);
    expect(framer.pending).toBe(2);
    expect(framer.push(bytes('ur\n'))).toEqual([line('four')]);
    expect(framer.pending).toBe(0);
  });

  it('ends lines at LF or CRLF and keeps a CR inside a line', () => {
    expect(feed({ maxLine: 100 }, [bytes('a\r\nb\nc\rd\r\n\r\n')])).toEqual([
      line('a'),
      line('b'),
      line('c\rd'),
      line(''),
    ]);
  });

  it('gives the same lines for every split point of a mixed input', () => {
    const input = bytes('Michael\r\nJosé\n\n€uro😀\r\nlast\n');
    const expected = [line('Michael'), line('José'), line(''), line('€uro😀'), line('last')];
    for (let i = 0; i <= input.length; i++) {
      expect(feed({ maxLine: 64 }, cut(input, [i])), `split at ${i}`).toEqual(expected);
      for (let j = i; j <= input.length; j++) {
        expect(feed({ maxLine: 64 }, cut(input, [i, j])), `split at ${i},${j}`).toEqual(expected);
      }
    }
  });

  it('joins a UTF-8 character split across chunks, one byte at a time', () => {
    const input = bytes('😀€é\n');
    expect(feed({ maxLine: 64 }, cut(input, [1, 2, 3, 4, 5, 6, 7, 8, 9]))).toEqual([line('😀€é')]);
  });

  it('replaces invalid UTF-8 with U+FFFD', () => {
    expect(feed({ maxLine: 64 }, [bytes('a', [0xff, 0xc3], 'b', [0x80], '\n')])).toEqual([
      line('a\ufffd\ufffdb\ufffd'),
    ]);
  });

  describe("overflow 'discard'", () => {
    it('reports one overflow for an over-long line and keeps the lines around it', () => {
      expect(feed({ maxLine: 5 }, [bytes('12345\n123456\nok\n')])).toEqual([
        line('12345'),
        overflow(5),
        line('ok'),
      ]);
    });

    it('does not count the CR of CRLF against the limit, even when the LF comes later', () => {
      expect(feed({ maxLine: 5 }, [bytes('12345\r\n')])).toEqual([line('12345')]);
      expect(feed({ maxLine: 5 }, [bytes('12345\r'), bytes('\n')])).toEqual([line('12345')]);
      expect(feed({ maxLine: 5 }, [bytes('12345\r'), bytes('x\n')])).toEqual([overflow(5)]);
    });

    it('reports the overflow as soon as the cap is passed and holds nothing past it', () => {
      const framer = createLineFramer({ maxLine: 8 });
      expect(framer.push(bytes('12345678'))).toEqual([]);
      expect(framer.pending).toBe(8);
      expect(framer.push(bytes('9'))).toEqual([overflow(8)]);
      expect(framer.pending).toBe(0);
      for (let i = 0; i < 100; i++) expect(framer.push(Buffer.alloc(1000, 0x41))).toEqual([]);
      expect(framer.pending).toBe(0);
      expect(framer.push(bytes('tail of it\nnext\n'))).toEqual([line('next')]);
    });

    it('reports one overflow per over-long line', () => {
      expect(feed({ maxLine: 3 }, [bytes('aaaa\nbbbb\ncc\n')])).toEqual([
        overflow(3),
        overflow(3),
        line('cc'),
      ]);
    });

    it('does not let flush end the discarding', () => {
      const framer = createLineFramer({ maxLine: 4 });
      expect(framer.push(bytes('too long'))).toEqual([overflow(4)]);
      expect(framer.flush()).toEqual([]);
      expect(framer.push(bytes('still\nok\n'))).toEqual([line('ok')]);
    });
  });

  describe("overflow 'split'", () => {
    it('cuts an over-long line into lines of at most maxLine bytes', () => {
      expect(feed({ maxLine: 4, overflow: 'split' }, [bytes('abcdefghij\nxy\n')])).toEqual([
        line('abcd'),
        line('efgh'),
        line('ij'),
        line('xy'),
      ]);
    });

    it('cuts before a multi-byte character rather than through it', () => {
      // 'ab' + '€' (3 bytes) does not fit in 4 bytes: the euro starts the next piece.
      expect(feed({ maxLine: 4, overflow: 'split' }, [bytes('ab€€\n')])).toEqual([
        line('ab'),
        line('€'),
        line('€'),
      ]);
    });

    it('cuts the same way however the input is split', () => {
      const input = bytes('ab€€😀cdefgh\r\nxyz\n');
      const expected = feed({ maxLine: 5, overflow: 'split' }, [input]);
      expect(expected.map((e) => (e.type === 'line' ? e.text : '!'))).toEqual([
        'ab€',
        '€',
        '😀c',
        'defgh',
        'xyz',
      ]);
      for (let i = 0; i <= input.length; i++) {
        expect(feed({ maxLine: 5, overflow: 'split' }, cut(input, [i])), `at ${i}`).toEqual(
          expected,
        );
      }
    });

    it('never emits an empty line for the CR of a CRLF that ends a full-length line', () => {
      expect(feed({ maxLine: 5, overflow: 'split' }, [bytes('abcde\r'), bytes('\n')])).toEqual([
        line('abcde'),
      ]);
    });

    it('cuts through a wide character when maxLine is smaller than it', () => {
      expect(feed({ maxLine: 2, overflow: 'split' }, [bytes('😀\n')])).toEqual([
        line('\ufffd'),
        line('\ufffd\ufffd'),
      ]);
    });
  });

  describe('flush', () => {
    it('returns the unfinished line and empties the buffer', () => {
      const framer = createLineFramer({ maxLine: 64 });
      expect(framer.push(bytes('Michael'))).toEqual([]);
      expect(framer.flush()).toEqual([line('Michael')]);
      expect(framer.pending).toBe(0);
      expect(framer.flush()).toEqual([]);
      expect(framer.push(bytes('Bob\n'))).toEqual([line('Bob')]);
    });

    it('keeps the bytes of an unfinished UTF-8 character for the next line', () => {
      const framer = createLineFramer({ maxLine: 64 });
      const euro = Buffer.from('€');
      expect(framer.push(bytes('ab', [euro[0]!, euro[1]!]))).toEqual([]);
      expect(framer.flush()).toEqual([line('ab')]);
      expect(framer.pending).toBe(2);
      expect(framer.flush()).toEqual([]);
      expect(framer.push(bytes([euro[2]!], '\n'))).toEqual([line('€')]);
    });

    it('treats a CR at the end as the first half of CRLF', () => {
      const framer = createLineFramer({ maxLine: 64 });
      expect(framer.push(bytes('Michael\r'))).toEqual([]);
      expect(framer.flush()).toEqual([line('Michael')]);
      expect(framer.push(bytes('\nBob\n'))).toEqual([line('Bob')]);
      // Only directly after the CR: a later LF is an empty line of its own.
      expect(framer.push(bytes('Ann\r'))).toEqual([]);
      expect(framer.flush()).toEqual([line('Ann')]);
      expect(framer.push(bytes('x\n\n'))).toEqual([line('x'), line('')]);
    });

    it('still splits when the held bytes are invalid UTF-8', () => {
      const framer = createLineFramer({ maxLine: 64 });
      expect(framer.push(bytes('a', [0xff]))).toEqual([]);
      expect(framer.flush()).toEqual([line('a\ufffd')]);
    });
  });

  describe('properties', () => {
    // Pieces chosen to hit every boundary case: multi-byte characters, CR/LF, invalid bytes.
    const piece = fc.constantFrom(
      bytes('a'),
      bytes('xyz'),
      bytes('é'),
      bytes('€'),
      bytes('😀'),
      bytes('\n'),
      bytes('\r'),
      bytes('\r\n'),
      bytes([0xff]),
      bytes([0x80]),
      bytes([0xe2, 0x82]),
      bytes([0xf0, 0x9f]),
    );
    const input = fc.array(piece, { maxLength: 60 }).map((parts) => Buffer.concat(parts));
    const offsets = fc.array(fc.nat({ max: 300 }), { maxLength: 12 });
    const options = fc.record({
      maxLine: fc.integer({ min: 1, max: 24 }),
      overflow: fc.constantFrom('discard' as const, 'split' as const),
    });

    it('splitting the input anywhere gives the same events as one push', () => {
      fc.assert(
        fc.property(input, offsets, options, (buf, points, opts) => {
          expect(feed(opts, cut(buf, points))).toEqual(feed(opts, [buf]));
        }),
        { numRuns: 2000 },
      );
    });

    it('pushLines gives the lines push gives, however the input is split', () => {
      fc.assert(
        fc.property(input, offsets, options, (buf, points, opts) => {
          const framer = createLineFramer(opts);
          const lines = cut(buf, points).flatMap((c) => framer.pushLines(c));
          const expected = feed(opts, cut(buf, points)).flatMap((e) =>
            e.type === 'line' ? [e.text] : [],
          );
          expect(lines).toEqual(expected);
        }),
        { numRuns: 2000 },
      );
    });

    it("'discard' reports exactly the complete lines within the limit, overflow for the rest", () => {
      fc.assert(
        fc.property(input, fc.integer({ min: 1, max: 24 }), (buf, maxLine) => {
          const expected: FrameEvent[] = [];
          const segments = buf.toString('latin1').split('\n');
          const last = segments.pop()!;
          for (const seg of segments) {
            const content = seg.endsWith('\r') ? seg.slice(0, -1) : seg;
            expected.push(
              content.length > maxLine
                ? overflow(maxLine)
                : line(Buffer.from(content, 'latin1').toString('utf8')),
            );
          }
          // An unfinished line is reported as soon as it is over the limit.
          const open = last.endsWith('\r') ? last.slice(0, -1) : last;
          if (open.length > maxLine) expected.push(overflow(maxLine));
          // ...and the discarding then swallows everything up to the next LF, which never came.
          expect(feed({ maxLine }, [buf])).toEqual(expected);
        }),
        { numRuns: 2000 },
      );
    });

    it("'split' never emits a line longer than maxLine bytes and loses no complete character", () => {
      fc.assert(
        fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 8 }), (texts) => {
          const maxLine = 8;
          const clean = texts.map((t) => t.replace(/[\r\n]/g, ''));
          const events = feed({ maxLine, overflow: 'split' }, [bytes(clean.join('\n') + '\n')]);
          for (const e of events) {
            expect(e.type).toBe('line');
            if (e.type === 'line') expect(Buffer.byteLength(e.text)).toBeLessThanOrEqual(maxLine);
          }
          const joined = events.map((e) => (e.type === 'line' ? e.text : '')).join('');
          // Characters of at most 4 bytes always fit in 8, so nothing was cut through.
          expect(joined).toBe(clean.join(''));
        }),
      );
    });
  });
});

describe('line framer in a legacy encoding', () => {
  const gbk = textEncoding('gbk') as TextEncoding;

  it('finds the same GBK lines however the bytes are split', () => {
    const line = fc.array(fc.constantFrom('你', '好', '世', '界', 'a', ' ', '！'), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 6 }),
        fc.array(fc.nat({ max: 80 }), { maxLength: 8 }),
        (lines, cuts) => {
          const texts = lines.map((l) => l.join(''));
          const bytes = Buffer.from(gbk.encode(texts.map((t) => `${t}\r\n`).join('')));
          const framer = createLineFramer({ maxLine: 1024, overflow: 'split', encoding: gbk });
          const got: string[] = [];
          let at = 0;
          for (const cut of [...cuts.sort((a, b) => a - b), bytes.length]) {
            const end = Math.min(bytes.length, Math.max(at, cut));
            for (const e of framer.push(bytes.subarray(at, end)))
              if (e.type === 'line') got.push(e.text);
            // The unfinished line never shows half a character.
            expect(framer.pendingText()).not.toContain('\ufffd');
            at = end;
          }
          expect(got).toEqual(texts);
        },
      ),
    );
  });
});
