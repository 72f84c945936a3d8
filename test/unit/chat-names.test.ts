import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNickname, checkRoomName, nameKey } from '../../src/server/core/chat-names.js';

const why = (name: string) => {
  const check = checkNickname(name);
  return check.ok ? 'ok' : check.why;
};

describe('nicknames', () => {
  it('takes letters of any script, digits, _ - .', () => {
    for (const name of [
      'Ada',
      '张伟',
      'José',
      'Ωmega',
      'ada_l.x-2',
      '_x',
      '.dot',
      'Ａｄａ',
      'हिन्दी',
    ]) {
      expect(why(name), name).toBe('ok');
    }
  });

  it('refuses other characters and bad first characters', () => {
    expect(why('')).toBe('empty');
    for (const name of ['a b', '*x', '[pm]', '<x>', 'x\x1b', 'emoji😀', 'a:b', 'a\u202eb']) {
      expect(why(name), name).toMatch(/only letters/);
    }
    for (const name of ['-x', '1abc', '\u0301a']) expect(why(name), name).toMatch(/must start/);
  });

  it('counts display columns: 20 at most, CJK counting two', () => {
    expect(why('a'.repeat(20))).toBe('ok');
    expect(why('a'.repeat(21))).toMatch(/20 columns/);
    expect(why('张'.repeat(10))).toBe('ok');
    expect(why('张'.repeat(11))).toMatch(/20 columns/);
  });

  it('reserves server, tcpchat and guestN in every spelling', () => {
    for (const name of ['server', 'Server', 'TCPCHAT', 'guest1', 'Guest42', 'ｇｕｅｓｔ７']) {
      expect(why(name), name).toMatch(/reserved/);
    }
    expect(why('guest')).toBe('ok');
    expect(why('guestA')).toBe('ok');
  });

  it('compares ignoring case and compatibility forms', () => {
    expect(nameKey('Ada')).toBe(nameKey('ada'));
    expect(nameKey('Ａｄａ')).toBe(nameKey('ADA'));
    expect(nameKey('Straße')).toBe(nameKey('STRASSE'));
    expect(nameKey('张伟')).not.toBe(nameKey('张三'));
  });

  it('property: a key is stable and the same for upper and lower case', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        expect(nameKey(nameKey(s))).toBe(nameKey(s));
        expect(nameKey(s.toUpperCase())).toBe(nameKey(s.toLowerCase()));
      }),
    );
  });
});

describe('room names', () => {
  it('adds the # and compares like nicknames', () => {
    expect(checkRoomName('class')).toMatchObject({ ok: true, name: '#class' });
    expect(checkRoomName('#课堂')).toMatchObject({ ok: true, name: '#课堂' });
    const a = checkRoomName('#Class');
    const b = checkRoomName('ＣＬＡＳＳ');
    expect(a.ok && b.ok && a.key === b.key).toBe(true);
  });

  it('refuses empty, long and odd names', () => {
    expect(checkRoomName('#')).toMatchObject({ ok: false, why: 'empty' });
    expect(checkRoomName('a'.repeat(33))).toMatchObject({ ok: false });
    expect(checkRoomName('a'.repeat(32))).toMatchObject({ ok: true });
    for (const name of ['a b', 'a.b', '##a', 'a\x00']) {
      expect(checkRoomName(name), name).toMatchObject({ ok: false });
    }
  });
});
