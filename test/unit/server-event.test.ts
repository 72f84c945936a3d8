import { describe, expect, it } from 'vitest';
import { formatServerEvent } from '../../src/server/core/server-event.js';
import { formatDuration } from '../../src/shared/duration.js';

describe('formatServerEvent', () => {
  it('gives one human line per event', () => {
    expect(
      formatServerEvent({ type: 'listening', host: '127.0.0.1', port: 9999, transport: 'tcp' }),
    ).toBe('listening on 127.0.0.1:9999');
    expect(
      formatServerEvent({ type: 'listening', host: '::1', port: 9999, transport: 'tls' }),
    ).toBe('listening on [::1]:9999 (tls)');
    expect(formatServerEvent({ type: 'listening', host: '::1', port: 53, transport: 'udp' })).toBe(
      'listening on [::1]:53 (udp)',
    );
    expect(
      formatServerEvent({
        type: 'rejected',
        peer: '10.0.0.1:4000',
        reason: 'tls',
        detail: 'timed out',
      }),
    ).toBe('rejected 10.0.0.1:4000: TLS handshake timed out');
    expect(formatServerEvent({ type: 'udp-source', source: '10.0.0.2' })).toBe('udp from 10.0.0.2');
    expect(
      formatServerEvent({
        type: 'udp-summary',
        source: '10.0.0.2',
        datagrams: 120,
        bytes: 1,
        dropped: 20,
        oversized: 0,
      }),
    ).toBe('udp from 10.0.0.2: 120 datagrams, 1 byte (20 dropped over the rate)');
    expect(formatServerEvent({ type: 'connect', peer: '127.0.0.1:51234', clients: 3 })).toBe(
      'connect 127.0.0.1:51234 (3 clients)',
    );
    expect(formatServerEvent({ type: 'connect', peer: '127.0.0.1:51234', clients: 1 })).toBe(
      'connect 127.0.0.1:51234 (1 client)',
    );
    expect(
      formatServerEvent({
        type: 'disconnect',
        peer: '127.0.0.1:51234',
        durationMs: 12_345,
        linesIn: 1,
        linesOut: 4,
        reason: 'client quit',
      }),
    ).toBe('disconnect 127.0.0.1:51234 after 12.3 s, 1 line in, 4 lines out (client quit)');
    expect(formatServerEvent({ type: 'rejected', peer: '[::1]:4000', reason: 'full' })).toBe(
      'rejected [::1]:4000: server full',
    );
    expect(formatServerEvent({ type: 'error', message: 'accept EMFILE' })).toBe(
      'error: accept EMFILE',
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [59_999, '59.9 s'],
    [60_000, '1 min 00 s'],
    [245_000, '4 min 05 s'],
    [3_599_999, '59 min 59 s'],
    [3_600_000, '1 h 00 min'],
    [7_620_000, '2 h 07 min'],
    [90_000_000, '25 h 00 min'],
  ])('%i ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
