import { describe, expect, it } from 'vitest';
import { formatTarget, parseEndpoint, parseTarget } from '../../src/shared/target.js';

describe('parseTarget', () => {
  it.each([
    ['localhost:9999', { host: 'localhost', port: 9999 }],
    ['127.0.0.1:1', { host: '127.0.0.1', port: 1 }],
    ['[::1]:80', { host: '::1', port: 80 }],
    ['example.com:65535', { host: 'example.com', port: 65535 }],
  ])('reads %s', (text, target) => {
    expect(parseTarget(text)).toEqual(target);
    expect(formatTarget(target)).toBe(text);
  });

  it.each([
    'localhost',
    ':80',
    'host:',
    'host:x',
    '::1:80',
    'a b:1',
    'host:65536',
    'host:0',
    '[::1]',
  ])('refuses %s with a message', (text) => {
    expect(parseTarget(text)).toHaveProperty('error');
  });
});

describe('parseEndpoint', () => {
  it.each([
    ['localhost:9999', undefined],
    ['tcp://localhost:9999', 'tcp'],
    ['tls://localhost:9999', 'tls'],
    ['TLS://localhost:9999', 'tls'],
    ['udp://localhost:9999', 'udp'],
  ])('reads %s', (text, transport) => {
    expect(parseEndpoint(text)).toEqual({ target: { host: 'localhost', port: 9999 }, transport });
  });

  it('reads an IPv6 target after a scheme', () => {
    expect(parseEndpoint('tls://[::1]:993')).toEqual({
      target: { host: '::1', port: 993 },
      transport: 'tls',
    });
  });

  it.each([
    ['http://example.com:80', 'unknown scheme "http://"'],
    ['tls://example.com', 'expected HOST:PORT'],
    ['udp://:53', 'expected HOST:PORT'],
  ])('refuses %s', (text, message) => {
    const result = parseEndpoint(text);
    expect('error' in result && result.error).toContain(message);
  });
});
