import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeEntry,
  encodeEntry,
  historyLines,
  newDelivered,
  takeEarly,
  takeEntry,
  type RoomEntry,
} from '../../src/server/core/room-entry.js';

const line = (node: string, seq: number | undefined, text = `${node}${seq}\n`): RoomEntry => ({
  node,
  seq,
  except: undefined,
  skip: undefined,
  said: true,
  text,
});

describe('room stream entries', () => {
  it('round-trip through XADD fields, and anything else is not ours', () => {
    const entry: RoomEntry = {
      node: 'a',
      seq: 7,
      except: 3,
      skip: 'b',
      said: true,
      text: '<x> 你好\n',
    };
    expect(decodeEntry(encodeEntry(entry))).toEqual(entry);
    const notice: RoomEntry = {
      node: 'a',
      seq: undefined,
      except: undefined,
      skip: undefined,
      said: false,
      text: '*** x\n',
    };
    expect(encodeEntry(notice)).toEqual(['n', 'a', 't', '*** x\n']);
    expect(decodeEntry(encodeEntry(notice))).toEqual(notice);
    expect(decodeEntry(['foo', 'bar'])).toBeUndefined();
    expect(decodeEntry(['n', 'a'])).toBeUndefined();
  });

  it('each line is delivered once, however often its origin sent it again', () => {
    // An origin sends lines 1..n in order; after a drop it sends again from any earlier point.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (n, drops) => {
          const stream: RoomEntry[] = [];
          let next = 1;
          for (const drop of drops) {
            const upTo = Math.min(n, next + (drop % 10));
            for (; next <= upTo; next++) stream.push(line('b', next));
            next = Math.max(1, next - (drop % 4)); // resent from here
          }
          for (; next <= n; next++) stream.push(line('b', next));
          const delivered = newDelivered();
          const got = stream.filter((e) => takeEntry(delivered, e, 'a')).map((e) => e.seq);
          expect(got).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        },
      ),
    );
  });

  it('its own lines delivered early (Redis away) are not delivered again when they come back', () => {
    const delivered = newDelivered();
    // 1 was confirmed but not read back yet when the link dropped; 2 and 3 were in flight.
    expect(takeEarly(delivered, line('a', 2), 'a')).toBe(true);
    expect(takeEarly(delivered, line('a', 3), 'a')).toBe(true);
    expect(takeEarly(delivered, line('a', 3), 'a')).toBe(false);
    const back = [line('a', 1), line('a', 2), line('a', 2), line('a', 3), line('a', 4)];
    expect(back.filter((e) => takeEntry(delivered, e, 'a')).map((e) => e.seq)).toEqual([1, 4]);
    expect(takeEarly(delivered, line('a', 4), 'a')).toBe(false);
  });

  it('lines a server must skip, and lines made inside Redis', () => {
    const delivered = newDelivered();
    expect(takeEntry(delivered, { ...line('a', undefined), skip: 'me' }, 'me')).toBe(false);
    expect(takeEntry(delivered, line('redis', undefined), 'me')).toBe(true);
    expect(takeEntry(delivered, line('redis', undefined), 'me')).toBe(true);
  });

  it('history: the last said lines, oldest first, notices and copies left out', () => {
    const newestFirst = [
      line('a', 3),
      { ...line('a', undefined, '*** x joined #r\n'), said: false },
      line('a', 2),
      line('a', 2),
      line('b', 9),
      line('a', 1),
    ];
    expect(historyLines(newestFirst, 3)).toEqual(['b9\n', 'a2\n', 'a3\n']);
    expect(historyLines(newestFirst, 20)).toEqual(['a1\n', 'b9\n', 'a2\n', 'a3\n']);
  });
});
