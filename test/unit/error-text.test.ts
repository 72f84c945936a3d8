import { describe, expect, it } from 'vitest';
import {
  describeConnectTimeout,
  describeSocketError,
} from '../../src/client/connection/error-text.js';
import { formatSeconds } from '../../src/shared/duration.js';

const target = { host: 'example.test', port: 25 };

/** An error shaped like the ones Node's net and dns modules raise. */
function sysError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`connect ${code}`), { code, ...extra });
}

describe('describeSocketError', () => {
  it('names the host that cannot be resolved', () => {
    const e = sysError('ENOTFOUND', { hostname: 'no-such-host.invalid' });
    expect(describeSocketError(e, { host: 'no-such-host.invalid', port: 80 })).toBe(
      'cannot resolve no-such-host.invalid: not found',
    );
    expect(describeSocketError(sysError('EAI_AGAIN'), target)).toBe(
      'cannot resolve example.test: temporary DNS failure',
    );
  });

  it('names the address that refused', () => {
    const e = sysError('ECONNREFUSED', { address: '127.0.0.1', port: 1 });
    expect(describeSocketError(e, { host: 'localhost', port: 1 })).toBe(
      'connection refused by 127.0.0.1:1',
    );
    const v6 = sysError('ECONNREFUSED', { address: '::1', port: 1 });
    expect(describeSocketError(v6, { host: 'localhost', port: 1 })).toBe(
      'connection refused by [::1]:1',
    );
  });

  it('lists every address tried when all of them failed', () => {
    const e = Object.assign(new AggregateError([]), {
      code: 'ECONNREFUSED',
      errors: [
        sysError('ECONNREFUSED', { address: '::1', port: 7 }),
        sysError('ECONNREFUSED', { address: '127.0.0.1', port: 7 }),
      ],
    });
    expect(describeSocketError(e, { host: 'localhost', port: 7 })).toBe(
      'connection refused by [::1]:7, 127.0.0.1:7',
    );
  });

  it('takes the code from the first inner error when the aggregate has none', () => {
    const e = Object.assign(new AggregateError([]), {
      errors: [sysError('EHOSTUNREACH', { address: '10.0.0.1', port: 25 })],
    });
    expect(describeSocketError(e, target)).toBe('host unreachable: 10.0.0.1:25');
  });

  it('names the peer of a reset by its resolved address when the error does not', () => {
    expect(describeSocketError(sysError('ECONNRESET'), target, '192.0.2.7:25')).toBe(
      'connection reset by 192.0.2.7:25',
    );
    expect(describeSocketError(sysError('ECONNRESET'), target)).toBe(
      'connection reset by example.test:25',
    );
  });

  it.each([
    ['ETIMEDOUT', 'connection to example.test:25 timed out'],
    ['EPIPE', 'connection to example.test:25 broken: the server stopped reading'],
    ['ENETUNREACH', 'network unreachable: example.test:25'],
    ['EADDRNOTAVAIL', 'cannot connect to example.test:25: address not available'],
    ['EACCES', 'connection to example.test:25 not permitted'],
    ['ECONNABORTED', 'connection to example.test:25 aborted'],
  ])('%s reads as one line', (code, text) => {
    expect(describeSocketError(sysError(code), target)).toBe(text);
  });

  it('falls back to the message for anything else, still one line', () => {
    expect(describeSocketError(sysError('EWEIRD'), target)).toBe(
      'connection to example.test:25 failed: connect EWEIRD',
    );
    expect(describeSocketError('boom', target)).toBe(
      'connection to example.test:25 failed: unknown error',
    );
  });
});

describe('describeConnectTimeout', () => {
  it('says how long it waited', () => {
    expect(describeConnectTimeout({ host: '10.255.255.1', port: 80 }, 10_000)).toBe(
      'connection to 10.255.255.1:80 timed out after 10 s',
    );
    expect(describeConnectTimeout({ host: '::1', port: 80 }, 500)).toBe(
      'connection to [::1]:80 timed out after 0.5 s',
    );
  });
});

describe('formatSeconds', () => {
  it('rounds to a tenth', () => {
    expect(formatSeconds(1234)).toBe('1.2 s');
    expect(formatSeconds(30_000)).toBe('30 s');
  });
});
