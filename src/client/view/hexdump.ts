/** The hex view's rows, laid out as `hexdump -C` does: offset, 16 bytes in hex, printable ASCII. */

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/** One row for the 16 (or fewer, at the end) bytes at stream offset `offset`. */
export function hexdumpRow(offset: number, bytes: Uint8Array): string {
  let hex = '';
  let text = '';
  for (let i = 0; i < 16; i++) {
    if (i === 8) hex += ' ';
    if (i < bytes.length) {
      const b = bytes[i]!;
      hex += `${hex2(b)} `;
      text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    } else {
      hex += '   ';
    }
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} |${text}|`;
}

/** The rows for the bytes from stream offset `start` (a multiple of 16). */
export function hexdumpRows(start: number, bytes: Uint8Array): string[] {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16)
    rows.push(hexdumpRow(start + i, bytes.subarray(i, i + 16)));
  return rows;
}
