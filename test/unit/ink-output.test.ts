import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Ink's own compositor, which the bundle replaces: ours must give the very same frames.
import InkOutput from '../../node_modules/ink/build/output.js';
import Output from '../../src/tui/ink-output.js';

type Transformer = (line: string, index: number) => string;
type Op =
  | { type: 'write'; x: number; y: number; text: string; transformer: number }
  | { type: 'clip'; x1?: number; x2?: number; y1?: number; y2?: number }
  | { type: 'unclip' };

const TRANSFORMERS: Transformer[][] = [
  [],
  [(line) => `\x1b[1m${line}\x1b[22m`],
  [(line, i) => `${i}:${line}`, (line) => line.toUpperCase()],
];

const piece = fc.constantFrom(
  'a',
  'hello',
  ' ',
  '你好',
  '张伟',
  'ｱ',
  '\x1b[31m',
  '\x1b[39m',
  '\x1b[1m',
  '\x1b[22m',
  '\x1b[2m',
  '\x1b[7m',
  '\x1b[27m',
  '│',
  '›',
  '\n',
);
const text = fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join(''));
const coord = (max: number) => fc.integer({ min: -3, max: max + 3 });
const op = (w: number, h: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        type: fc.constant('write' as const),
        x: coord(w),
        y: coord(h),
        text,
        transformer: fc.nat(2),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          type: fc.constant('clip' as const),
          x1: coord(w),
          x2: coord(w),
          y1: coord(h),
          y2: coord(h),
        },
        { requiredKeys: ['type'] },
      ),
    },
    { weight: 1, arbitrary: fc.constant({ type: 'unclip' as const }) },
  );

interface Compositor {
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: object): void;
  unclip(): void;
  get(): { output: string; height: number };
}

function frame(make: () => Compositor, ops: readonly Op[]) {
  const out = make();
  for (const o of ops) {
    if (o.type === 'write')
      out.write(o.x, o.y, o.text, { transformers: TRANSFORMERS[o.transformer]! });
    else if (o.type === 'clip') out.clip({ x1: o.x1, x2: o.x2, y1: o.y1, y2: o.y2 });
    else out.unclip();
  }
  return out.get();
}

describe("the bundle's frame compositor", () => {
  it("gives Ink's own output for any writes, clips, wide characters and styles", () => {
    const size = fc.record({
      w: fc.integer({ min: 1, max: 24 }),
      h: fc.integer({ min: 1, max: 8 }),
    });
    fc.assert(
      fc.property(
        size.chain(({ w, h }) =>
          // Several frames in a row: what one frame cached must never leak into the next.
          fc.tuple(
            fc.constant({ w, h }),
            fc.array(fc.array(op(w, h), { maxLength: 12 }), { minLength: 1, maxLength: 4 }),
          ),
        ),
        ([{ w, h }, frames]) => {
          for (const ops of frames) {
            const ours = frame(() => new Output({ width: w, height: h }), ops);
            const ink = frame(() => new InkOutput({ width: w, height: h }) as Compositor, ops);
            expect(ours).toEqual(ink);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('side by side in one row, styled or not, touching or not: as Ink', () => {
    const styledText = fc
      .array(fc.constantFrom('ab', '你', ' ', '\x1b[31m', '\x1b[39m', '\x1b[1m', '\x1b[22m', '│'), {
        minLength: 1,
        maxLength: 6,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 20 }), text: styledText }), {
          minLength: 1,
          maxLength: 5,
        }),
        (writes) => {
          const ops: Op[] = writes.map((w) => ({
            type: 'write',
            x: w.x,
            y: 0,
            text: w.text,
            transformer: 0,
          }));
          const ours = frame(() => new Output({ width: 24, height: 1 }), ops);
          const ink = frame(() => new InkOutput({ width: 24, height: 1 }) as Compositor, ops);
          expect(ours).toEqual(ink);
        },
      ),
      { numRuns: 2000 },
    );
    // Two touching writes in one colour: Ink keeps the colour on across them.
    const touching: Op[] = [
      { type: 'write', x: 0, y: 0, text: '\x1b[31mab\x1b[39m', transformer: 0 },
      { type: 'write', x: 2, y: 0, text: '\x1b[31mcd\x1b[39m', transformer: 0 },
    ];
    expect(frame(() => new Output({ width: 8, height: 1 }), touching)).toEqual(
      frame(() => new InkOutput({ width: 8, height: 1 }) as Compositor, touching),
    );
  });

  it('frame after frame, unchanged rows stay as they were and a changed one changes', () => {
    const draw = (input: string) => {
      const out = new Output({ width: 20, height: 3 });
      out.write(0, 0, '\x1b[36mstatic\x1b[39m', { transformers: [] });
      out.write(0, 1, '\x1b[1m张伟\x1b[22m says hi', { transformers: [] });
      out.write(0, 2, `› ${input}`, { transformers: [] });
      return out.get().output.split('\n');
    };
    const first = draw('a');
    const second = draw('ab');
    expect(second[0]).toBe(first[0]);
    expect(second[1]).toBe(first[1]);
    expect(second[2]).toBe('› ab');
    expect(draw('a')).toEqual(first);
  });
});

describe("the bundle's widest-line for Ink", () => {
  it('measures as widest-line does, asked once or again', async () => {
    const { default: inkWidestLine } = await import('widest-line');
    const { default: ours } = await import('../../src/tui/ink-widest-line.js');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '你好', '\n', '\x1b[31m', '👍', 'ｱ', ' '), { maxLength: 10 }),
        (parts) => {
          const text = parts.join('');
          expect(ours(text)).toBe(inkWidestLine(text));
          expect(ours(text)).toBe(inkWidestLine(text));
        },
      ),
    );
  });
});

describe("the bundle's measure-text for Ink", () => {
  it('measures as Ink does, without keeping what it measured', async () => {
    const { default: inkMeasureText } =
      await import('../../node_modules/ink/build/measure-text.js');
    const { default: ours } = await import('../../src/tui/ink-measure-text.js');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '你好', '\n', '\x1b[31m', '👍', 'ｱ', ' '), { maxLength: 10 }),
        (parts) => {
          const text = parts.join('');
          expect(ours(text)).toEqual(inkMeasureText(text));
        },
      ),
    );
  });
});

describe("the bundle's sanitize-ansi for Ink", () => {
  it('gives what Ink gives for any text, escapes and controls', async () => {
    const { default: inkSanitize } = await import('../../node_modules/ink/build/sanitize-ansi.js');
    const { default: ours } = await import('../../src/tui/ink-sanitize-ansi.js');
    const piece = fc.constantFrom(
      'a',
      '你好',
      ' ',
      '\x1b[31m',
      '\x1b[1;4m',
      '\x1b[38:5:1m',
      '\x1b[m',
      '\x1b[2J',
      '\x1b[?25h',
      '\x1b]8;;http://x\x07',
      '\x1b',
      '\x1b[',
      '\x9b31m',
      '\x85',
      '\t',
      'm',
      '[',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        expect(ours(text)).toBe(inkSanitize(text));
      }),
      { numRuns: 2000 },
    );
  });
});
