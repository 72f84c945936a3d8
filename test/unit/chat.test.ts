import { describe, expect, it } from 'vitest';
import { Chat, type ChatAction, type Delivery } from '../../src/server/core/chat.js';
import type { ClaimResult, Directory, Presence } from '../../src/server/core/chat-directory.js';
import { checkExhaustive } from '../../src/shared/check-exhaustive.js';
import { nameKey } from '../../src/server/core/chat-names.js';

/** A chat of `n` connections (ids 1..n) and a way to see who gets what. */
function setup(n: number, rate?: { perSecond: number; burst: number }) {
  let now = 0;
  const chat = new Chat({ now: () => now, rate });
  for (let id = 1; id <= n; id++) chat.connect(id);
  /** Deliveries as `who: text` lines, rooms expanded to their members. */
  const resolve = (from: number, deliveries: Delivery[]): string[] =>
    deliveries.flatMap((d) => {
      if (d.to === 'later') throw new Error('a chat alone never waits');
      const text = d.text.replace(/\n$/, '');
      switch (d.to) {
        case 'self':
          return [`${from}: ${text}`];
        case 'room':
          return [...chat.membersOf(d.room)]
            .filter((id) => id !== d.except)
            .map((id) => `${id}: ${text}`);
        case 'nick':
          return [`${chat.memberByNick(d.nick)}: ${text}`];
        default:
          return checkExhaustive(d);
      }
    });
  const act = (id: number, action: ChatAction) => resolve(id, chat.act(id, action));
  const leave = (id: number, reason: string) => resolve(id, chat.disconnect(id, reason));
  return { chat, act, leave, tick: (ms: number) => (now += ms) };
}

describe('chat', () => {
  it('joins: everyone in the room hears it, the joiner gets its nick first and the roster last', () => {
    const { act } = setup(2);
    expect(act(1, { type: 'join', room: 'class' })).toEqual([
      '1: *** you are now guest1',
      '1: *** guest1 joined #class',
      '1: *** #class: 1 here: guest1',
    ]);
    expect(act(2, { type: 'join', room: '#CLASS' })).toEqual([
      '2: *** you are now guest2',
      '1: *** guest2 joined #class',
      '2: *** guest2 joined #class',
      '2: *** #class: 2 here: guest1, guest2',
    ]);
  });

  it('says, /me and /msg reach the others, marked with the sender', () => {
    const { act } = setup(3);
    act(1, { type: 'join', room: 'a' });
    act(2, { type: 'join', room: 'a' });
    expect(act(1, { type: 'say', text: 'hi' })).toEqual(['2: <guest1> hi']);
    expect(act(2, { type: 'me', text: 'waves' })).toEqual(['1: * guest2 waves']);
    expect(act(1, { type: 'msg', nick: 'GUEST3', text: 'psst' })).toEqual([
      '3: [pm] <guest1> psst',
    ]);
    expect(act(1, { type: 'msg', nick: 'nobody', text: 'x' })).toEqual([
      '1: ERR no such nickname: nobody',
    ]);
    expect(act(3, { type: 'me', text: 'x' })).toEqual([
      '3: ERR you are not in a room (/join ROOM first)',
    ]);
  });

  it('escapes what users write: no control, escape or bidi character reaches another screen', () => {
    const { act } = setup(2);
    act(1, { type: 'join', room: 'a' });
    act(2, { type: 'join', room: 'a' });
    expect(act(1, { type: 'say', text: '*** admin joined\r\n\x1b[2J\u202eevil' })).toEqual([
      '2: <guest1> *** admin joined\\x0d\\x0a\\x1b[2J\\u202eevil',
    ]);
  });

  it('nick changes: unique ignoring case and width, told to the room', () => {
    const { act } = setup(2);
    act(1, { type: 'join', room: 'a' });
    act(2, { type: 'join', room: 'a' });
    expect(act(1, { type: 'nick', name: 'Ada' })).toEqual([
      '1: *** you are now Ada',
      '2: *** guest1 is now known as Ada',
    ]);
    expect(act(2, { type: 'nick', name: 'ａｄａ' })).toEqual(['2: ERR nickname ａｄａ is taken']);
    expect(act(1, { type: 'nick', name: 'ada' })).toEqual([
      '1: *** you are now ada',
      '2: *** Ada is now known as ada',
    ]);
    expect(act(2, { type: 'nick', name: '1x' })[0]).toMatch(/^2: ERR invalid nickname: /);
  });

  it('a freed nick can be taken again', () => {
    const { act, leave } = setup(2);
    act(1, { type: 'nick', name: '张伟' });
    leave(1, 'client closed');
    expect(act(2, { type: 'nick', name: '张伟' })).toEqual(['2: *** you are now 张伟']);
  });

  it('part and quit tell the others; an empty room is gone', () => {
    const { act, leave } = setup(3);
    act(1, { type: 'join', room: 'a' });
    act(2, { type: 'join', room: 'a' });
    act(3, { type: 'join', room: 'b' });
    expect(act(1, { type: 'rooms' })).toEqual(['1: *** rooms: #a (2), #b (1)']);
    expect(act(2, { type: 'part' })).toEqual(['1: *** guest2 left #a', '2: *** you left #a']);
    expect(leave(1, 'idle timeout')).toEqual([]);
    expect(act(3, { type: 'rooms' })).toEqual(['3: *** rooms: #b (1)']);
    act(2, { type: 'join', room: 'b' });
    expect(leave(3, 'too slow: send queue over 256 KiB')).toEqual([
      '2: *** guest3 quit (too slow: send queue over 256 KiB)',
    ]);
    expect(act(2, { type: 'part' })).toEqual(['2: *** you left #b']);
    expect(act(2, { type: 'rooms' })).toEqual(['2: *** no rooms']);
  });

  it('a join moves you: the old room hears you leave', () => {
    const { act } = setup(2);
    act(1, { type: 'join', room: 'a' });
    act(2, { type: 'join', room: 'a' });
    expect(act(1, { type: 'join', room: 'b' })).toEqual([
      '2: *** guest1 left #a',
      '1: *** guest1 joined #b',
      '1: *** #b: 1 here: guest1',
    ]);
  });

  it('/who lists the room in join order, or everyone online', () => {
    const { act } = setup(3);
    expect(act(1, { type: 'who' })).toEqual(['1: *** 3 online: guest1, guest2, guest3']);
    act(2, { type: 'join', room: 'a' });
    act(1, { type: 'join', room: 'a' });
    expect(act(1, { type: 'who' })).toEqual(['1: *** #a: 2 here: guest2, guest1']);
  });

  it('rate-limits chat lines, nick changes and joins, not questions', () => {
    const { act, tick } = setup(2, { perSecond: 5, burst: 10 });
    act(1, { type: 'join', room: 'a' });
    act(2, { type: 'join', room: 'a' });
    const sent = Array.from({ length: 12 }, (_, i) => act(1, { type: 'say', text: `${i}` }));
    expect(sent.filter((d) => d[0]?.startsWith('2: <guest1>'))).toHaveLength(9);
    expect(sent.at(-1)).toEqual(['1: ERR slow down: at most 5 messages per second']);
    expect(act(1, { type: 'nick', name: 'x' })[0]).toMatch(/slow down/);
    expect(act(1, { type: 'who' })[0]).toMatch(/here/);
    tick(200);
    expect(act(1, { type: 'say', text: 'again' })).toEqual(['2: <guest1> again']);
  });

  it('a thousand members: one delivery per notice, whatever the room size', () => {
    const { chat } = setup(1000);
    for (let id = 1; id <= 999; id++) chat.act(id, { type: 'join', room: 'big' });
    const deliveries = chat.act(1000, { type: 'join', room: 'big' });
    expect(deliveries.filter((d) => d.to === 'room')).toHaveLength(1);
    expect([...chat.membersOf(nameKey('#big'))]).toHaveLength(1000);
  });
});

describe('chat alone: history', () => {
  it('a joiner is shown the last 20 things said in the room, marked, before its join notice', () => {
    const { act } = setup(2);
    act(1, { type: 'join', room: 'a' });
    for (let i = 0; i < 25; i++) act(1, { type: 'say', text: `line ${i}` });
    act(1, { type: 'me', text: 'waves' });
    const seen = act(2, { type: 'join', room: 'a' });
    const history = seen
      .flatMap((l) => l.slice(3).split('\n'))
      .filter((l) => l.startsWith('[history] '))
      .map((l) => `2: ${l}`);
    expect(history).toHaveLength(20);
    expect(history[0]).toBe('2: [history] <guest1> line 6');
    expect(history.at(-1)).toBe('2: [history] * guest1 waves');
    // Notices (joins, renames) are not history.
    expect(history.some((l) => l.includes('***'))).toBe(false);
    expect(seen.slice(-2)).toEqual([
      '2: *** guest2 joined #a',
      '2: *** #a: 2 here: guest1, guest2',
    ]);
  });
});

/** A directory of other servers, answering as the test says. */
function fakeDirectory(others: Presence[], claims: Map<string, ClaimResult> = new Map()) {
  const released: string[] = [];
  const directory: Directory = {
    claim: async (nick) => claims.get(nick) ?? 'ok',
    release: (nick) => void released.push(nick),
    changed: () => {},
    left: () => {},
    others: async () => others,
    history: async () => ['<far> earlier\n'],
    nextGuest: (() => {
      let n = 100;
      return () => ++n;
    })(),
  };
  return { directory, released };
}

/** Every delivery's text for the acting member, waiting for those that need other servers. */
async function settle(deliveries: readonly Delivery[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of deliveries) {
    if (d.to === 'later') out.push(...(await settle(await d.deliveries)));
    else out.push(`${d.to}: ${d.text.replace(/\n$/, '')}`);
  }
  return out;
}

describe('chat shared with other servers', () => {
  const far: Presence[] = [
    { nick: 'far', room: '#a', since: 5, node: 'n2' },
    { nick: 'elsewhere', room: undefined, since: 1, node: 'n2' },
  ];

  it('guests are numbered by the directory; rosters, /who and /rooms include the other servers', async () => {
    let now = 0;
    const { directory } = fakeDirectory(far);
    const chat = new Chat({ now: () => now, rate: undefined, directory });
    chat.connect(1);
    now = 10;
    expect(await settle(chat.act(1, { type: 'join', room: 'a' }))).toEqual([
      'self: *** you are now guest101',
      'self: [history] <far> earlier',
      'room: *** guest101 joined #a',
      'self: *** guest101 joined #a',
      'self: *** #a: 2 here: far, guest101',
    ]);
    expect(await settle(chat.act(1, { type: 'who' }))).toEqual([
      'self: *** #a: 2 here: far, guest101',
    ]);
    expect(await settle(chat.act(1, { type: 'rooms' }))).toEqual(['self: *** rooms: #a (2)']);
    chat.act(1, { type: 'part' });
    expect(await settle(chat.act(1, { type: 'who' }))).toEqual([
      'self: *** 3 online: guest101, far, elsewhere',
    ]);
    // /msg to a name not here goes to the fan-out, which knows the other servers.
    expect(chat.act(1, { type: 'msg', nick: 'far', text: 'hi' })).toEqual([
      {
        to: 'nick',
        nick: 'far',
        text: '[pm] <guest101> hi\n',
        from: 1,
        unknown: 'ERR no such nickname: far\n',
      },
    ]);
  });

  it('a nickname is claimed everywhere first; taken elsewhere is refused, out of reach holds here', async () => {
    const { directory, released } = fakeDirectory(
      [],
      new Map([
        [nameKey('ada'), 'taken'],
        [nameKey('bo'), 'offline'],
      ]),
    );
    const chat = new Chat({ now: () => 0, rate: undefined, directory });
    chat.connect(1);
    expect(await settle(chat.act(1, { type: 'nick', name: 'Ada' }))).toEqual([
      'self: ERR nickname Ada is taken',
    ]);
    expect(await settle(chat.act(1, { type: 'nick', name: 'bo' }))).toEqual([
      'self: *** you are now bo',
    ]);
    expect(await settle(chat.act(1, { type: 'nick', name: 'cy' }))).toEqual([
      'self: *** you are now cy',
    ]);
    expect(released).toEqual(['guest101', 'bo']);
  });

  it('a member gone before its claim came back gives the name back', async () => {
    const { directory, released } = fakeDirectory([]);
    const chat = new Chat({ now: () => 0, rate: undefined, directory });
    chat.connect(1);
    const pending = chat.act(1, { type: 'nick', name: 'ada' });
    chat.disconnect(1, 'client closed');
    expect(await settle(pending)).toEqual([]);
    expect(released).toEqual(['ada']);
  });

  it('the directory out of reach: listings show this server and say so', async () => {
    const { directory } = fakeDirectory([]);
    directory.others = () => Promise.reject(new Error('offline'));
    const chat = new Chat({ now: () => 0, rate: undefined, directory });
    chat.connect(1);
    expect(await settle(chat.act(1, { type: 'rooms' }))).toEqual([
      'self: *** no rooms\n*** (members of other servers not shown: chat with them is interrupted)',
    ]);
  });
});
