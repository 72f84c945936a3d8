import { describe, expect, it } from 'vitest';
import { chatLine, isMention } from '../../src/client/state/chat-lines.js';
import { chatActive, initialChatView, trackChat } from '../../src/client/state/chat-tracker.js';
import { complete } from '../../src/client/state/completion.js';
import { nickColor } from '../../src/client/view/nick-color.js';

describe('chat tracker', () => {
  it('follows your nick, your room and its members from the notices', () => {
    let view = trackChat(initialChatView, [
      'Welcome!',
      'Type "help" for commands.',
      '*** you are now guest1',
      '*** guest1 joined #class',
      '*** #class: 3 here: Ada, 张伟, guest1',
    ]);
    expect(view).toEqual({
      nick: 'guest1',
      room: '#class',
      members: ['Ada', '张伟', 'guest1'],
      tcpchat: true,
    });
    view = trackChat(view, [
      '*** Bob joined #class',
      '<Bob> hi',
      '*** Ada left #class',
      '*** 张伟 is now known as Wei',
      '*** you are now Me',
      '*** Bob quit (client closed)',
    ]);
    expect(view.members).toEqual(['Wei', 'Me']);
    expect(view.nick).toBe('Me');
    view = trackChat(view, ['*** you left #class']);
    expect(view).toMatchObject({ room: undefined, members: [] });
  });

  it('ignores what users say, however it is dressed up', () => {
    const view = trackChat(initialChatView, [
      '*** you are now me',
      '*** me joined #a',
      '*** #a: 1 here: me',
      '<mallory> *** evil joined #a',
      '* mallory *** x quit (y)',
    ]);
    expect(view.members).toEqual(['me']);
  });

  it('stays off against a server that never names you', () => {
    const view = trackChat(initialChatView, ['HTTP/1.0 200 OK', '*** banner ***', '']);
    expect(chatActive(view)).toBe(false);
    expect(view).toBe(initialChatView);
  });
});

describe('chat lines', () => {
  it('tells notices, messages, actions and private messages apart', () => {
    expect(chatLine('*** Ada joined #a')).toEqual({ kind: 'notice' });
    expect(chatLine('ERR slow down')).toEqual({ kind: 'notice' });
    expect(chatLine('<Ada> hi')).toMatchObject({ kind: 'message', nick: 'Ada', nickStart: 1 });
    expect(chatLine('* Ada waves')).toMatchObject({ kind: 'action', nick: 'Ada', nickStart: 2 });
    expect(chatLine('[pm] <Ada> psst')).toMatchObject({ kind: 'pm', nick: 'Ada', nickStart: 6 });
    expect(chatLine('Hello, Ada!')).toEqual({ kind: 'plain' });
    expect(chatLine('[history] <Ada> hi')).toEqual({ kind: 'history' });
  });

  it('finds mentions as words, ignoring case; any place for Chinese names', () => {
    expect(isMention('<Bob> hey ada, look', 'Ada')).toBe(true);
    expect(isMention('<Bob> adam is here', 'Ada')).toBe(false);
    expect(isMention('<Bob> 你好张伟', '张伟')).toBe(true);
    expect(isMention('[pm] <Bob> anything', 'Ada')).toBe(true);
    expect(isMention('<Ada> I am Ada', 'Ada')).toBe(false);
    expect(isMention('*** Ada joined #a', 'Ada')).toBe(false);
    // What was said before you joined is not news.
    expect(isMention('[history] <Bob> hey ada', 'Ada')).toBe(false);
  });
});

describe('completion', () => {
  const commands = ['/join', '/msg', '/me', '/who'];
  it('completes a command at the start and a nick elsewhere', () => {
    expect(complete('/jo', 3, commands, [])).toEqual({
      type: 'complete',
      start: 0,
      text: '/join ',
    });
    expect(complete('hi 张', 4, commands, ['张伟', 'Ada'])).toEqual({
      type: 'complete',
      start: 3,
      text: '张伟 ',
    });
    expect(complete('/msg a', 6, commands, ['Ada'])).toEqual({
      type: 'complete',
      start: 5,
      text: 'Ada ',
    });
  });

  it('offers the choices and fills in what they share', () => {
    expect(complete('/m', 2, commands, [])).toEqual({
      type: 'choices',
      start: 0,
      text: '/m',
      choices: ['/msg', '/me'],
    });
    expect(complete('al', 2, [], ['alice', 'alison'])).toMatchObject({ text: 'ali' });
  });

  it('has nothing to do on an empty word or no match', () => {
    expect(complete('', 0, commands, ['Ada'])).toEqual({ type: 'none' });
    expect(complete('x ', 2, commands, ['Ada'])).toEqual({ type: 'none' });
    expect(complete('zz', 2, commands, ['Ada'])).toEqual({ type: 'none' });
  });
});

describe('nick colours', () => {
  it('are stable per nick and spread over the palette', () => {
    expect(nickColor('Ada')).toBe(nickColor('Ada'));
    const colors = new Set(Array.from({ length: 50 }, (_, i) => nickColor(`user${i}`)));
    expect(colors.size).toBeGreaterThan(5);
  });
});
