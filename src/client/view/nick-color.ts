/** Colours for nicks: each nick always gets the same one, so people are told apart at a glance. */
export type NickColor =
  | 'green'
  | 'yellow'
  | 'blue'
  | 'magenta'
  | 'cyan'
  | 'greenBright'
  | 'yellowBright'
  | 'blueBright'
  | 'magentaBright'
  | 'cyanBright';

const PALETTE: readonly NickColor[] = [
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'greenBright',
  'yellowBright',
  'blueBright',
  'magentaBright',
  'cyanBright',
];

/** A stable colour for `nick` (FNV-1a over its code points). */
export function nickColor(nick: string): NickColor {
  let hash = 0x811c9dc5;
  for (const ch of nick) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length]!;
}
