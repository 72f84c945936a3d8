import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTelnetFilter } from '../../src/protocol/telnet-filter.js';

const IAC = 0xff;
const WILL = 0xfb;
const WONT = 0xfc;
const DO = 0xfd;
const DONT = 0xfe;
const SB = 0xfa;
const SE = 0xf0;
const IP = 0xf4;
const AYT = 0xf6;
const NAWS = 31;
const TTYPE = 24;
const TIMING_MARK = 6;

const filterAll = (chunks: readonly Buffer[]): string => {
  const filter = createTelnetFilter();
  return Buffer.concat(chunks.map((c) => filter.push(c))).toString('utf8');
};

describe('createTelnetFilter', () => {
  it('passes data without IAC through untouched (same buffer)', () => {
    const filter = createTelnetFilter();
    const chunk = Buffer.from('Michael\r\n€😀');
    expect(filter.push(chunk)).toBe(chunk);
  });

  it('drops option negotiation: IAC WILL/WONT/DO/DONT option', () => {
    const chunk = Buffer.from([
      IAC,
      DO,
      1,
      0x41,
      IAC,
      WILL,
      TTYPE,
      0x42,
      IAC,
      WONT,
      3,
      IAC,
      DONT,
      34,
      0x43,
    ]);
    expect(filterAll([chunk])).toBe('ABC');
  });

  it('drops two-byte commands such as Interrupt Process (what Ctrl+C sends)', () => {
    expect(filterAll([Buffer.from([0x61, IAC, IP, 0x62, IAC, AYT, 0x0a])])).toBe('ab\n');
  });

  it('drops a subnegotiation through IAC SE, including escaped IAC bytes inside it', () => {
    const naws = [IAC, SB, NAWS, 0, 80, IAC, IAC, 24, IAC, SE];
    expect(filterAll([Buffer.from([0x78, ...naws, 0x79])])).toBe('xy');
  });

  it('drops an escaped 0xFF data byte (IAC IAC), which cannot be UTF-8 text', () => {
    expect(filterAll([Buffer.from([0x61, IAC, IAC, 0x62])])).toBe('ab');
  });

  it('asks for IAC WILL TIMING-MARK once a DO TIMING-MARK arrived (telnet Ctrl+C)', () => {
    const filter = createTelnetFilter();
    expect(filter.takeReply()).toBeUndefined();
    expect(filter.push(Buffer.from('ab'))).toEqual(Buffer.from('ab'));
    expect(filter.takeReply()).toBeUndefined();
    // What inetutils telnet sends for Ctrl+C, split inside the DO TM sequence.
    expect(filter.push(Buffer.from([IAC, IP, IAC, DO]))).toEqual(Buffer.alloc(0));
    expect(filter.takeReply()).toBeUndefined();
    expect(filter.push(Buffer.from([TIMING_MARK, 0x63]))).toEqual(Buffer.from('c'));
    expect(filter.takeReply()).toEqual(Buffer.from([IAC, WILL, TIMING_MARK]));
    expect(filter.takeReply()).toBeUndefined();
  });

  it('answers a burst of timing marks once, and no other option', () => {
    const filter = createTelnetFilter();
    const burst = Array.from({ length: 100 }, () => [IAC, DO, TIMING_MARK]).flat();
    filter.push(Buffer.from([...burst, IAC, WILL, TIMING_MARK, IAC, DONT, TIMING_MARK]));
    expect(filter.takeReply()).toEqual(Buffer.from([IAC, WILL, TIMING_MARK]));
    filter.push(
      Buffer.from([IAC, DO, 1, IAC, WILL, TIMING_MARK, IAC, SB, DO, TIMING_MARK, IAC, SE]),
    );
    expect(filter.takeReply()).toBeUndefined();
  });

  it('keeps its state across chunks: a sequence split at every point is still dropped', () => {
    const input = Buffer.concat([
      Buffer.from('hé'),
      Buffer.from([IAC, SB, TTYPE, 0, 0x41, IAC, IAC, IAC, SE]),
      Buffer.from('l'),
      Buffer.from([IAC, DO, 1, IAC, IP]),
      Buffer.from('lo\n'),
    ]);
    for (let i = 0; i <= input.length; i++) {
      for (let j = i; j <= input.length; j++) {
        const chunks = [input.subarray(0, i), input.subarray(i, j), input.subarray(j)];
        expect(filterAll(chunks), `split at ${i},${j}`).toBe('héllo\n');
      }
    }
  });

  it('leaves text interleaved with any telnet commands intact, however it is chunked', () => {
    const command = fc.oneof(
      fc
        .tuple(fc.constantFrom(WILL, WONT, DO, DONT), fc.integer({ min: 0, max: 255 }))
        .map(([verb, option]) => [IAC, verb, option]),
      fc.integer({ min: 0xf1, max: 0xf9 }).map((cmd) => [IAC, cmd]),
      fc.constant([IAC, IAC]),
      fc
        .array(fc.integer({ min: 0, max: 255 }), { maxLength: 6 })
        .map((payload) => [
          IAC,
          SB,
          ...payload.flatMap((b) => (b === IAC ? [IAC, IAC] : [b])),
          IAC,
          SE,
        ]),
    );
    const part = fc.oneof(
      fc.string({ unit: 'grapheme' }).map((text) => ({ text, wire: [...Buffer.from(text)] })),
      command.map((wire) => ({ text: '', wire })),
    );
    fc.assert(
      fc.property(
        fc.array(part, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (parts, cuts) => {
          const wire = Buffer.from(parts.flatMap((p) => p.wire));
          const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let from = 0;
          for (const p of points) {
            chunks.push(wire.subarray(from, p));
            from = p;
          }
          chunks.push(wire.subarray(from));
          expect(filterAll(chunks)).toBe(parts.map((p) => p.text).join(''));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
