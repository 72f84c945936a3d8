import { describe, expect, it } from 'vitest';
import { parseRedisUrl, redisFailure } from '../../src/server/core/redis-url.js';
import { decodePresence, encodePresence } from '../../src/server/core/presence-record.js';
import { nameKey } from '../../src/server/core/chat-names.js';

describe('--redis addresses', () => {
  it('reads host, port, database and TLS, and never shows the password', () => {
    expect(parseRedisUrl('redis://:sesame@10.0.0.5:6380/2')).toMatchObject({
      ok: true,
      host: '10.0.0.5',
      port: 6380,
      db: 2,
      tls: false,
      display: 'redis://10.0.0.5:6380/2',
    });
    expect(parseRedisUrl('rediss://cache.example')).toMatchObject({
      ok: true,
      port: 6379,
      tls: true,
      display: 'rediss://cache.example:6379',
    });
    expect(parseRedisUrl('redis://[::1]:7000')).toMatchObject({ ok: true, host: '::1' });
  });

  it('says what is wrong with a bad one', () => {
    const why = (url: string) => {
      const parsed = parseRedisUrl(url);
      return parsed.ok ? 'ok' : parsed.why;
    };
    expect(why('localhost:6379')).toBe(
      'invalid --redis "localhost:6379": localhost:// is not redis:// or rediss://',
    );
    expect(why('nonsense')).toBe(
      'invalid --redis "nonsense": expected redis://HOST:PORT or rediss://HOST:PORT',
    );
    expect(why('redis://h:6379/x')).toBe(
      'invalid --redis "redis://h:6379/x": database "x" is not a number',
    );
    expect(why('redis://h:99999')).toMatch(/expected redis:\/\/HOST:PORT/);
    expect(why('redis://h?db=1')).toMatch(/options after \? or #/);
  });

  it("names the Redis client's failures in a few words", () => {
    expect(redisFailure({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })).toBe(
      'connection refused (is redis-server running there?)',
    );
    expect(
      redisFailure(new Error('WRONGPASS invalid username-password pair or user is disabled.')),
    ).toBe('wrong password');
    expect(redisFailure(new Error('NOAUTH Authentication required.'))).toMatch(/needs a password/);
    expect(
      redisFailure({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }),
    ).toBe('self-signed certificate (trust its CA: NODE_EXTRA_CA_CERTS=FILE tcpchat serve …)');
    expect(redisFailure({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x' })).toBe(
      'cannot resolve the host name',
    );
  });
});

describe('presence records', () => {
  it('round-trip, and junk is ignored', () => {
    const nick = { name: '张伟', key: nameKey('张伟') };
    const json = encodePresence({ nick, room: '#Class', since: 5 });
    expect(JSON.parse(json)).toEqual({ n: '张伟', k: nick.key, r: '#Class', rk: '#class', s: 5 });
    expect(decodePresence(json, 'n1')).toEqual({
      nick: '张伟',
      room: '#Class',
      since: 5,
      node: 'n1',
    });
    expect(
      decodePresence(encodePresence({ nick, room: undefined, since: 1 }), 'n1')?.room,
    ).toBeUndefined();
    expect(decodePresence('{', 'n1')).toBeUndefined();
    expect(decodePresence('[]', 'n1')).toBeUndefined();
  });
});
