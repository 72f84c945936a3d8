// The flood: N short, numbered lines, the same bytes for tcpchat (over TCP) and for `cat`.

/** The text of line `i` (1-based). Digits, lowercase and spaces only: the echo probe key never occurs. */
export function floodLine(i) {
  return `line ${String(i).padStart(7, '0')} lorem ipsum dolor`;
}

/** All N lines, LF-terminated, as one buffer. */
export function floodBytes(lines) {
  const width = floodLine(1).length + 1;
  const buf = Buffer.allocUnsafe(lines * width);
  for (let i = 1; i <= lines; i++) buf.write(`${floodLine(i)}\n`, (i - 1) * width, 'latin1');
  return buf;
}
