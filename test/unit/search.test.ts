import { describe, expect, it } from 'vitest';
import { findMatch, matchRanges } from '../../src/client/state/search.js';
import { appendToTranscript, createTranscript } from '../../src/client/state/transcript.js';

const lines = (texts: string[]) =>
  appendToTranscript(createTranscript(200_000), [{ type: 'received', time: 0, lines: texts }]);

describe('search in the scrollback', () => {
  const t = lines(['Hello World', 'nothing', '你好，世界', 'hello again', 'end']);

  it('finds the nearest match older or newer, case-insensitively', () => {
    expect(findMatch(t, 'HELLO', undefined, 'older')).toBe(3);
    expect(findMatch(t, 'hello', 3, 'older')).toBe(0);
    expect(findMatch(t, 'hello', 0, 'older')).toBeUndefined();
    expect(findMatch(t, 'hello', 0, 'newer')).toBe(3);
    expect(findMatch(t, 'hello', undefined, 'newer')).toBe(0);
  });

  it('finds CJK', () => {
    expect(findMatch(t, '世界', undefined, 'older')).toBe(2);
  });

  it('finds a line 100,000 lines back', () => {
    const many = lines([
      'needle in a haystack',
      ...Array.from({ length: 100_000 }, (_, i) => `line ${i}`),
    ]);
    expect(findMatch(many, 'NEEDLE', undefined, 'older')).toBe(0);
  });

  it('marks every occurrence in a row', () => {
    expect(matchRanges('abcABCabc', 'bc')).toEqual([
      { start: 1, length: 2 },
      { start: 4, length: 2 },
      { start: 7, length: 2 },
    ]);
    expect(matchRanges('x', '')).toEqual([]);
  });
});
