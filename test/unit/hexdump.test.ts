import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteRing } from '../../src/client/state/byte-ring.js';
import { hexdumpRow, hexdumpRows } from '../../src/client/view/hexdump.js';

describe('hexdump', () => {
  it('lays rows out as hexdump -C does', () => {
    const bytes = Buffer.concat([
      Buffer.from('Hello, \xff\x00 world! ', 'latin1'),
      Buffer.from('你好\r\n'),
    ]);
    expect(hexdumpRows(0, bytes)).toEqual([
      '00000000  48 65 6c 6c 6f 2c 20 ff  00 20 77 6f 72 6c 64 21  |Hello, .. world!|',
      '00000010  20 e4 bd a0 e5 a5 bd 0d  0a                       | ........|',
    ]);
  });

  it('matches the real hexdump -C, byte for byte, where it is installed', () => {
    let real: string;
    const bytes = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 37) % 256));
    try {
      real = execFileSync('hexdump', ['-C'], { input: bytes }).toString();
    } catch {
      return; // not installed: the layout test above stands
    }
    const ours = hexdumpRows(0, bytes).map((row) => row.replace(/\s+\|/, '  |'));
    expect(
      real
        .split('\n')
        .slice(0, ours.length)
        .map((row) => row.replace(/\s+\|/, '  |')),
    ).toEqual(ours);
  });

  it('numbers rows by their stream offset', () => {
    expect(hexdumpRow(0x1230, Uint8Array.of(0x41))).toMatch(/^00001230 {2}41 /);
  });
});

describe('ByteRing', () => {
  it('keeps the last bytes, in whole rows, with their stream offsets', () => {
    const ring = new ByteRing(32);
    ring.push(Buffer.alloc(20, 1));
    ring.push(Buffer.alloc(20, 2));
    expect([ring.start, ring.end]).toEqual([16, 40]);
    expect([...ring.slice(16, 40)]).toEqual([...Array(4).fill(1), ...Array(20).fill(2)]);
    expect(ring.slice(0, 16).length).toBe(0);
  });

  it('copies what it keeps: the buffer pushed may be reused at once (a socket read buffer)', () => {
    const ring = new ByteRing(32);
    const read = Buffer.from('hello, world');
    ring.push(read);
    read.fill(0);
    expect(Buffer.from(ring.slice(0, 12)).toString()).toBe('hello, world');
  });

  it('is what the stream was, however it came and however much was dropped', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 40 }), (chunks) => {
        const ring = new ByteRing(64);
        const all: number[] = [];
        for (const c of chunks) {
          ring.push(c);
          all.push(...c);
        }
        expect(ring.end).toBe(all.length);
        expect(ring.start % 16).toBe(0);
        expect(ring.end - ring.start).toBeLessThanOrEqual(64);
        expect([...ring.slice(ring.start, ring.end)]).toEqual(all.slice(ring.start));
      }),
    );
  });
});

describe('hexPaneRows', () => {
  it('shows the newest rows, scrolls up by rows, and says what was not kept', async () => {
    const { hexPaneRows } = await import('../../src/client/view/hex-rows.js');
    const ring = new ByteRing(64);
    expect(hexPaneRows(ring, 0, { width: 80, height: 3 }).map((r) => r.text)).toEqual([
      '(no bytes received yet)',
    ]);
    ring.push(Buffer.alloc(100, 0x41));
    const text = (scroll: number) =>
      hexPaneRows(ring, scroll, { width: 80, height: 2 }).map((r) => r.text.slice(0, 8));
    expect(text(0)).toEqual(['00000050', '00000060']);
    expect(text(1)).toEqual(['00000040', '00000050']);
    // Scrolled past the top: clamped, and the first row says bytes were dropped.
    expect(hexPaneRows(ring, 99, { width: 80, height: 5 }).map((r) => r.text.slice(0, 9))).toEqual([
      '(48 earli',
      '00000030 ',
      '00000040 ',
      '00000050 ',
      '00000060 ',
    ]);
  });
});
