import { measured } from '../client/view/wrap.js';

/**
 * `widest-line` as Ink calls it (every text node, every frame, for layout and for drawing),
 * remembered line by line: the bundle puts this in its place (scripts/build.mjs). The same
 * lines are measured frame after frame, and a pane's text changes a line or two at a time;
 * a flood's lines pass through and are forgotten with the rest once the cache is full.
 */
export default function widestLine(text: string): number {
  let widest = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    widest = Math.max(widest, measured(end === -1 ? text.slice(start) : text.slice(start, end)));
    if (end === -1) return widest;
    start = end + 1;
  }
}
