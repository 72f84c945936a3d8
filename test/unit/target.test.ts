import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget } from '../../src/shared/target.js';

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
