import { describe, expect, it } from 'vitest';
import { checkExhaustive } from '../../src/shared/check-exhaustive.js';
import { errorCode, isCodedError } from '../../src/shared/error-code.js';
import { plural } from '../../src/shared/plural.js';
import { socketErrorText } from '../../src/shared/socket-error.js';

const sysError = (code: string) => Object.assign(new Error(`x ${code}`), { code });

describe('plural', () => {
  it('adds an s to everything but one', () => {
    expect(plural(0, 'line')).toBe('0 lines');
    expect(plural(1, 'line')).toBe('1 line');
    expect(plural(2, 'queued message')).toBe('2 queued messages');
  });

  it('formats the count as asked', () => {
    expect(plural(1234, 'line', (n) => n.toLocaleString('en-US'))).toBe('1,234 lines');
  });
});

describe('errorCode', () => {
  it('reads the code of a Node error, nothing else', () => {
    expect(errorCode(sysError('ENOENT'))).toBe('ENOENT');
    expect(errorCode(new Error('plain'))).toBeUndefined();
    expect(errorCode({ code: 42 })).toBeUndefined();
    expect(errorCode('ENOENT')).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
  });

  it('tells expected failures (coded errors) from bugs', () => {
    expect(isCodedError(sysError('EADDRINUSE'))).toBe(true);
    expect(isCodedError(new TypeError('bug'))).toBe(false);
    expect(isCodedError({ code: 'ENOENT', message: 'not an Error' })).toBe(false);
  });
});

describe('socketErrorText', () => {
  const client = { host: 'the client', address: 'the client', role: 'client' } as const;

  it('names the other end as the server side sees it', () => {
    expect(socketErrorText(sysError('ECONNRESET'), client)).toBe('connection reset by the client');
    expect(socketErrorText(sysError('EPIPE'), client)).toBe(
      'connection to the client broken: the client stopped reading',
    );
  });

  it('falls back to the message, one line', () => {
    expect(socketErrorText(sysError('EWEIRD'), client)).toBe(
      'connection to the client failed: x EWEIRD',
    );
  });
});

describe('checkExhaustive', () => {
  it('throws on a value the types said could not happen', () => {
    expect(() => checkExhaustive('surprise' as never)).toThrow('unhandled case "surprise"');
  });
});
