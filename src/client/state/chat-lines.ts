/** What a line from a tcpchat server is, as far as styling and mentions go. */
export type ChatLine =
  /** `*** …` or `ERR …`: only the server writes these. */
  | { readonly kind: 'notice' }
  /** `[history] …`: said before you joined, shown again (only the server writes these). */
  | { readonly kind: 'history' }
  /** `<NICK> TEXT`, `* NICK TEXT`, `[pm] <NICK> TEXT`; `nickStart` indexes the line. */
  | {
      readonly kind: 'message' | 'action' | 'pm';
      readonly nick: string;
      readonly nickStart: number;
      /** Where the text after the nick begins. */
      readonly textStart: number;
    }
  | { readonly kind: 'plain' };

const PLAIN: ChatLine = { kind: 'plain' };
const NOTICE: ChatLine = { kind: 'notice' };
const HISTORY: ChatLine = { kind: 'history' };

/** Reads one (sanitised) line. */
export function chatLine(line: string): ChatLine {
  if (line.startsWith('*** ') || line.startsWith('ERR ')) return NOTICE;
  if (line.startsWith('[history] ')) return HISTORY;
  let m: RegExpExecArray | null;
  if ((m = /^<(\S+)> /.exec(line))) {
    return { kind: 'message', nick: m[1]!, nickStart: 1, textStart: m[0].length };
  }
  if ((m = /^\[pm\] <(\S+)> /.exec(line))) {
    return { kind: 'pm', nick: m[1]!, nickStart: 6, textStart: m[0].length };
  }
  if ((m = /^\* (\S+) /.exec(line))) {
    return { kind: 'action', nick: m[1]!, nickStart: 2, textStart: m[0].length };
  }
  return PLAIN;
}

const WORD = /[\p{L}\p{N}_]/u;
const HAN = /\p{Script=Han}/u;

/**
 * Whether someone else's line is meant for `nick`: a private message, or its text names the
 * nick as a word, ignoring case (Chinese has no spaces between words: any occurrence counts).
 */
export function isMention(line: string, nick: string, parsed: ChatLine = chatLine(line)): boolean {
  if (parsed.kind === 'plain' || parsed.kind === 'notice' || parsed.kind === 'history') {
    return false;
  }
  if (parsed.nick === nick) return false;
  if (parsed.kind === 'pm') return true;
  const text = line.slice(parsed.textStart).toLowerCase();
  const wanted = nick.toLowerCase();
  const loose = HAN.test(nick);
  for (let i = text.indexOf(wanted); i !== -1; i = text.indexOf(wanted, i + 1)) {
    if (loose) return true;
    const before = text[i - 1];
    const after = text[i + wanted.length];
    if (
      (before === undefined || !WORD.test(before)) &&
      (after === undefined || !WORD.test(after))
    ) {
      return true;
    }
  }
  return false;
}
