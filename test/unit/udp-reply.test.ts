import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_UDP_GROWTH,
  MAX_UDP_PAYLOAD,
  UDP_PREFIX,
  UDP_TOO_LARGE,
  udpReply,
} from '../../src/server/core/udp-reply.js';
import { datagramLines } from '../../src/protocol/datagram.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const reply = (s: string | Uint8Array) =>
  text(udpReply(typeof s === 'string' ? Buffer.from(s) : s));

describe('udpReply', () => {
  it('answers OK... and the text, ending as the request did', () => {
    expect(reply('Michael')).toBe('OK...Michael');
    expect(reply('hello\n')).toBe('OK...hello\n');
    expect(reply('hello\r\n')).toBe('OK...hello\r\n');
    expect(reply('你好\n')).toBe('OK...你好\n');
    expect(reply('')).toBe('OK...');
  });

  it('escapes what would drive a terminal', () => {
    expect(reply('colour \x1b[31mred')).toBe('OK...colour \\x1b[31mred');
    expect(reply('one\ntwo\n')).toBe('OK...one\\x0atwo\n');
  });

  it('refuses a datagram over 1,472 bytes', () => {
    expect(reply('x'.repeat(MAX_UDP_PAYLOAD))).toBe(`OK...${'x'.repeat(MAX_UDP_PAYLOAD)}`);
    expect(reply('x'.repeat(MAX_UDP_PAYLOAD + 1))).toBe(UDP_TOO_LARGE);
  });

  it('cuts a reply that escaping made over 16 bytes longer than the request', () => {
    const out = reply('\x00'.repeat(100));
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(100 + MAX_UDP_GROWTH);
    expect(out).toBe(`OK...${'\\x00'.repeat(27)}`);
  });

  it('never answers with more than 16 bytes over the request (no amplification)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: MAX_UDP_PAYLOAD }), (bytes) => {
        const out = udpReply(bytes);
        expect(out.length).toBeLessThanOrEqual(bytes.length + MAX_UDP_GROWTH);
        expect(text(out).startsWith(UDP_PREFIX)).toBe(true);
      }),
    );
  });

  it('answers oversized datagrams with less than they sent', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_UDP_PAYLOAD + 1, max: 65_507 }), (size) => {
        expect(udpReply(new Uint8Array(size)).length).toBeLessThan(size);
      }),
      { numRuns: 20 },
    );
  });
});

describe('datagramLines', () => {
  it('reads a datagram as the lines it holds', () => {
    expect(datagramLines(Buffer.from('OK...hi\n'))).toEqual(['OK...hi']);
    expect(datagramLines(Buffer.from('a\r\nb'))).toEqual(['a', 'b']);
    expect(datagramLines(Buffer.from(''))).toEqual(['']);
    expect(datagramLines(Buffer.from([0xff, 0x0a]))).toEqual(['\ufffd']);
  });
});
