import widestLine from './ink-widest-line.js';

/**
 * Ink's `measure-text` (the size Yoga lays a text node out with), without its cache: Ink's
 * keeps every text it ever measured, so a long session's output stayed in memory for good.
 * Widths are remembered, boundedly, line by line (ink-widest-line.ts). The bundle puts this
 * in place of Ink's module (scripts/build.mjs).
 */
export default function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  let height = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) height++;
  return { width: widestLine(text), height };
}
