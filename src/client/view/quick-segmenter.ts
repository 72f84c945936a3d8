import { isLoneCharacter } from './text-width.js';

/**
 * The bundle's `Intl.Segmenter` (scripts/build.mjs puts it wherever our sources and our
 * dependencies write `Intl.Segmenter`: string-width, slice-ansi, ansi-tokenize, yargs).
 *
 * - Text made only of characters that are graphemes on their own (ASCII, Latin, CJK, the UI's
 *   symbols, and control characters other than CR) is split into its characters at once,
 *   without ICU. That is most of what a chat or a log holds, and every ANSI-coloured string
 *   Ink tokenises.
 * - Anything else goes to a real `Intl.Segmenter`, made the first time one is needed. Making
 *   the first one loads ICU's break rules: about 9 ms that every start-up spent before its
 *   first frame, when each of those modules made one as it was loaded.
 *
 * The same segments as `Intl.Segmenter` (test/unit/quick-segmenter.test.ts). The bundle only
 * calls `segment()`; the rest of the API is passed to the real one.
 */
export class QuickSegmenter {
  readonly #locales: string | readonly string[] | undefined;
  readonly #options: Intl.SegmenterOptions | undefined;
  #real: Intl.Segmenter | undefined;

  constructor(locales?: string | readonly string[], options?: Intl.SegmenterOptions) {
    this.#locales = locales;
    this.#options = options;
  }

  #segmenter(): Intl.Segmenter {
    // `globalThis.` is not rewritten by the bundle: this is the real one.
    return (this.#real ??= new globalThis.Intl.Segmenter(
      this.#locales as string | string[] | undefined,
      this.#options,
    ));
  }

  segment(input: string): Intl.Segments {
    const text = String(input);
    const granularity = this.#options?.granularity ?? 'grapheme';
    return granularity === 'grapheme' && allAlone(text)
      ? (characterSegments(text) as unknown as Intl.Segments)
      : this.#segmenter().segment(text);
  }

  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    return this.#segmenter().resolvedOptions();
  }

  static supportedLocalesOf(
    locales: string | readonly string[],
    options?: Pick<Intl.SegmenterOptions, 'localeMatcher'>,
  ): string[] {
    return globalThis.Intl.Segmenter.supportedLocalesOf(locales as string | string[], options);
  }
}

const CR = 0x0d;

/** Whether every UTF-16 unit of `text` is a grapheme of its own, whatever its neighbours. */
function allAlone(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Controls break on both sides (CR only joins a following LF).
    if (code < 0x20 ? code === CR : code !== 0x7f && !isLoneCharacter(code)) return false;
  }
  return true;
}

interface SegmentData {
  readonly segment: string;
  readonly index: number;
  readonly input: string;
}

/** Segments of one character each, shaped like `Intl.Segments`. */
function characterSegments(input: string) {
  const at = (index: number): SegmentData => ({ segment: input[index]!, index, input });
  return {
    containing(index = 0): SegmentData | undefined {
      const i = Math.trunc(Number(index));
      return i >= 0 && i < input.length ? at(i) : undefined;
    },
    *[Symbol.iterator](): IterableIterator<SegmentData> {
      for (let index = 0; index < input.length; index++) yield at(index);
    },
  };
}
