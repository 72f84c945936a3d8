/**
 * Length of the trailing bytes of `buf[start, end)` that begin a UTF-8 character
 * the range does not finish (0 when the range ends on a character boundary).
 */
export function incompleteUtf8Tail(buf: Uint8Array, start: number, end: number): number {
  // A character is at most 4 bytes, so only the last 3 can start an unfinished one.
  for (let i = end - 1, seen = 1; i >= start && seen <= 3; i--, seen++) {
    const b = buf[i]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for its lead
    const need =
      b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
    return need > seen ? seen : 0;
  }
  return 0;
}
