import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pipedOutcome } from '../../src/client/piped/run-piped.js';
import { sanitizeForDisplay, sanitizeLines } from '../../src/protocol/sanitize.js';

describe('sanitizeLines', () => {
  it('passes plain lines through, one per line', () => {
    expect(sanitizeLines(['Welcome!', '', 'Hello, X!'])).toBe('Welcome!\n\nHello, X!\n');
  });

  it('strips escape sequences and shows controls', () => {
    expect(sanitizeLines(['\x1b]0;pwned\x07title', '\x1b[2Jclear', 'a\rb', 'tab\there'])).toBe(
      'title\nclear\na\\x0db\ntab     here\n',
    );
  });

  it('drops bidi overrides and keeps CJK', () => {
    expect(sanitizeLines(['abc\u202edef', '你好'])).toBe('abcdef\n你好\n');
  });

  it('is sanitizeForDisplay per line, whatever the lines hold', () => {
    const piece = fc.oneof(
      fc.constantFrom('\x1b', '\x9b', '\x9d', '\t', '\r', '\x00', '\u202e', '[', ']', ';', '\x07'),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join('').replace(/\n/g, ''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 6 }), (lines) => {
        expect(sanitizeLines(lines)).toBe(lines.map((l) => sanitizeForDisplay(l) + '\n').join(''));
      }),
    );
  });
});

describe('pipedOutcome', () => {
  it('keeps going while the connection lives', () => {
    expect(pipedOutcome({ type: 'connecting', attempt: 1 })).toBeUndefined();
    expect(pipedOutcome({ type: 'connected', since: 0 })).toBeUndefined();
    expect(
      pipedOutcome({ type: 'reconnecting', attempt: 2, retryAt: 0, reason: 'x' }),
    ).toBeUndefined();
  });

  it('exits 0 when the server closed, 1 with the reason on an error', () => {
    expect(pipedOutcome({ type: 'disconnected', reason: 'closed by server' })).toEqual({ code: 0 });
    expect(pipedOutcome({ type: 'error', reason: 'connection refused by 127.0.0.1:1' })).toEqual({
      code: 1,
      message: 'connection refused by 127.0.0.1:1',
    });
  });
});
