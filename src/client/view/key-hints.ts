import { NAMED_KEYS, type NamedKey } from '../state/keymap.js';

/** What the footer and the empty input say about the keys, spelt from the keymap's table. */

/** A key and what it does; `short` is the wording for a narrow footer. */
interface Hint {
  readonly key: NamedKey;
  readonly what: string;
  readonly short?: string;
}

const HINTS: readonly Hint[] = [
  { key: NAMED_KEYS.send, what: 'send' },
  { key: NAMED_KEYS.newline, what: 'new line', short: 'newline' },
  { key: NAMED_KEYS.quit, what: 'quit' },
  { key: NAMED_KEYS.scroll, what: 'scroll' },
  { key: NAMED_KEYS.timestamps, what: 'time' },
  { key: NAMED_KEYS.retry, what: 'retry' },
  { key: NAMED_KEYS.hex, what: 'hex' },
  { key: NAMED_KEYS.search, what: 'search' },
];

/** The footer's key hints fitting `width` columns: long spellings if all fit, else short, else fewer. */
export function keyHints(width: number): string {
  const long = HINTS.map((h) => `${h.key.label} ${h.what}`).join(' · ');
  if (long.length <= width) return long;
  const short = HINTS.map((h) => `${h.key.short} ${h.short ?? h.what}`);
  while (short.length > 1 && short.join(' · ').length > width) short.pop();
  return short.join(' · ');
}

/** What the empty input shows. */
export const INPUT_PLACEHOLDER = `Type a message · ${NAMED_KEYS.newline.label} adds a line · ${NAMED_KEYS.send.label} sends`;

/** What the search prompt says about its keys. */
export const SEARCH_HINT = `  ·  Enter/↑ older · ↓ newer · Esc close`;
