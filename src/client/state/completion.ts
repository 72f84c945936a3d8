/** Tab completion of the word before the cursor: pure, for the input editor. */

export type Completion =
  /** Replace `[start, cursor)` with `text`. */
  | { readonly type: 'complete'; readonly start: number; readonly text: string }
  /** Several candidates: the longest common prefix was filled in (if longer), these remain. */
  | {
      readonly type: 'choices';
      readonly start: number;
      readonly text: string;
      readonly choices: readonly string[];
    }
  | { readonly type: 'none' };

const NONE: Completion = { type: 'none' };

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) {
    let n = 0;
    while (
      n < prefix.length &&
      n < word.length &&
      prefix[n]!.toLowerCase() === word[n]!.toLowerCase()
    )
      n++;
    prefix = prefix.slice(0, n);
  }
  return prefix;
}

/**
 * Completes the word ending at `col` in `line`: a slash command when it is the first word
 * and starts with `/`, else a nick (ignoring case). A unique match gets a space after it.
 */
export function complete(
  line: string,
  col: number,
  commands: readonly string[],
  nicks: readonly string[],
): Completion {
  let start = col;
  while (start > 0 && !/\s/.test(line[start - 1]!)) start--;
  const word = line.slice(start, col);
  if (word === '') return NONE;
  const first = line.slice(0, start).trim() === '';
  const pool = first && word.startsWith('/') ? commands : nicks;
  const lower = word.toLowerCase();
  const matches = [...new Set(pool.filter((c) => c.toLowerCase().startsWith(lower)))];
  if (matches.length === 0) return NONE;
  if (matches.length === 1) return { type: 'complete', start, text: `${matches[0]!} ` };
  const prefix = commonPrefix(matches);
  return {
    type: 'choices',
    start,
    text: prefix.length > word.length ? prefix : word,
    choices: matches,
  };
}
