/** `1 line`, `2 lines`; `count` formats the number (e.g. with thousands separators). */
export function plural(n: number, word: string, count: (n: number) => string = String): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}
