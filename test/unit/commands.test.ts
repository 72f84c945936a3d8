import { describe, expect, it } from 'vitest';
import {
  formatListing,
  lineTooLong,
  respond,
  type CommandContext,
  type Reply,
} from '../../src/server/core/commands.js';
import { createEntryCollector, type DirEntry } from '../../src/server/core/listing.js';

const context: CommandContext = {
  now: () => new Date('2025-03-14T14:09:26Z'),
  timeZone: 'Europe/Berlin',
  system: 'Linux 6.1.0 x64 (node v20.20.0)',
  version: '1.2.3',
};

/** The text a reply sends, or a marker for the replies that send nothing by themselves. */
function say(line: string): string {
  const reply = respond(line, context);
  switch (reply.type) {
    case 'text':
    case 'close':
      expect(reply.lines).toBe(reply.text.split('\n').length - 1);
      expect(reply.text.endsWith('\n')).toBe(true);
      return reply.text;
    case 'none':
      return '<none>';
    case 'list':
      return `<list ${JSON.stringify(reply.path)}>`;
    case 'chat':
      return `<chat ${JSON.stringify(reply.action)}>`;
  }
}

describe('respond: chat commands', () => {
  const action = (line: string, chatting = false) => {
    const reply = respond(line, context, chatting);
    return reply.type === 'chat' ? reply.action : reply;
  };

  it('need their slash: without it a word is still a name', () => {
    expect(action('/join class')).toEqual({ type: 'join', room: 'class' });
    expect(action('join')).toMatchObject({ type: 'text', text: 'Hello, join!\n' });
    expect(action('/nick 张伟')).toEqual({ type: 'nick', name: '张伟' });
    expect(action('/msg ada  hi there ')).toEqual({ type: 'msg', nick: 'ada', text: 'hi there' });
    expect(action('/me waves')).toEqual({ type: 'me', text: 'waves' });
    expect(action('/who')).toEqual({ type: 'who' });
    expect(action('/rooms')).toEqual({ type: 'rooms' });
    expect(action('/part')).toEqual({ type: 'part' });
  });

  it('in a room a plain line is said there; commands stay commands', () => {
    expect(action('hello all', true)).toEqual({ type: 'say', text: 'hello all' });
    expect(action('date', true)).toMatchObject({ type: 'text' });
    expect(action('/nope', true)).toMatchObject({ text: 'ERR unknown command /nope\n' });
  });

  it('help lists the chat commands too', () => {
    const help = respond('help', context);
    expect(help.type === 'text' && help.text).toContain('/join ROOM');
    expect(help.type === 'text' && help.text).toContain('/msg NICK TEXT');
  });
});

describe('respond', () => {
  it('greets anything that is not a command', () => {
    expect(say('Michael')).toBe('Hello, Michael!\n');
    expect(say('Mary Ann')).toBe('Hello, Mary Ann!\n');
    expect(say('  José 😀  ')).toBe('Hello, José 😀!\n');
    expect(say('Date')).toBe('Hello, Date!\n');
    expect(say('dates')).toBe('Hello, dates!\n');
  });

  it('answers nothing to an empty or blank line', () => {
    expect(say('')).toBe('<none>');
    expect(say(' \t ')).toBe('<none>');
  });

  it('never sends control characters back raw', () => {
    expect(say('\x1b[31mMallory\x1b]0;owned\x07')).toBe(
      'Hello, \\x1b[31mMallory\\x1b]0;owned\\x07!\n',
    );
    expect(say('a\x00b\rc\x7fd\u009be')).toBe('Hello, a\\x00b\\x0dc\\x7fd\\x9be!\n');
    expect(say('bad \ufffd byte')).toBe('Hello, bad \ufffd byte!\n');
  });

  it('help lists every command', () => {
    const text = say('help');
    for (const usage of [
      'help',
      'date',
      'os',
      'ls [PATH]',
      'version',
      'echo TEXT',
      'exit',
      'quit',
    ]) {
      expect(text).toMatch(new RegExp(`^  ${usage.replace(/[[\]]/g, '\\$&')} +\\S`, 'm'));
    }
    expect(text).toContain('leading /');
  });

  it('date gives the time in the server zone with offset and zone name', () => {
    expect(say('date')).toBe('Fri 2025-03-14 15:09:26 +01:00 (Europe/Berlin)\n');
  });

  it('os describes the server platform', () => {
    expect(say('os')).toBe('Linux 6.1.0 x64 (node v20.20.0)\n');
  });

  it('version and /version give the package version', () => {
    expect(say('/version')).toBe('tcpchat 1.2.3\n');
    expect(say('version')).toBe('tcpchat 1.2.3\n');
  });

  it('echo sends its text back, escaped, keeping inner spacing', () => {
    expect(say('/echo hello   world')).toBe('hello   world\n');
    expect(say('echo  \x1b[2J')).toBe('\\x1b[2J\n');
    expect(say('/echo')).toBe('\n');
  });

  it('exit and quit say goodbye and close', () => {
    for (const line of ['exit', 'quit', '/exit', '/quit']) {
      expect(respond(line, context)).toEqual({ type: 'close', text: 'Goodbye!\n', lines: 1 });
    }
  });

  it('ls asks the shell to list the root or a path', () => {
    expect(say('ls')).toBe('<list "">');
    expect(say('/ls')).toBe('<list "">');
    expect(say('ls  src/server ')).toBe('<list "src/server">');
  });

  it('accepts every command with a leading / and tabs around it', () => {
    expect(say('/date')).toBe(say('date'));
    expect(say('/os')).toBe(say('os'));
    expect(say('/help')).toBe(say('help'));
    expect(say('\tdate\t')).toBe(say('date'));
  });

  it('rejects unknown slash commands with ERR', () => {
    expect(say('/foo')).toBe('ERR unknown command /foo\n');
    expect(say('/foo bar')).toBe('ERR unknown command /foo\n');
    expect(say('/')).toBe('ERR unknown command /\n');
    expect(say('/\x1b[31m')).toBe('ERR unknown command /\\x1b[31m\n');
    expect(say('/Date')).toBe('ERR unknown command /Date\n');
  });

  it('does not mistake object properties for commands', () => {
    expect(say('constructor')).toBe('Hello, constructor!\n');
    expect(say('/__proto__')).toBe('ERR unknown command /__proto__\n');
    expect(say('toString')).toBe('Hello, toString!\n');
  });

  it('rejects arguments to commands that take none', () => {
    expect(say('date now')).toBe('ERR date takes no arguments\n');
    expect(say('/help me')).toBe('ERR help takes no arguments\n');
    expect(say('exit now')).toBe('ERR exit takes no arguments\n');
  });
});

describe('lineTooLong', () => {
  it('names the limit', () => {
    expect(lineTooLong(8192)).toEqual({
      type: 'text',
      text: 'ERR line too long (max 8192 bytes)\n',
      lines: 1,
    });
  });
});

describe('formatListing', () => {
  const text = (reply: Reply) => (reply.type === 'text' ? reply.text : reply.type);

  it('marks directories with / and symlinks with @, one per line', () => {
    const reply = formatListing({
      type: 'entries',
      entries: [
        { name: 'README.md', kind: 'other' },
        { name: 'docs', kind: 'directory' },
        { name: 'latest', kind: 'symlink' },
      ],
      more: 0,
    });
    expect(reply).toEqual({ type: 'text', text: 'README.md\ndocs/\nlatest@\n', lines: 3 });
  });

  it('ends a capped listing with a … N more line', () => {
    const reply = formatListing({
      type: 'entries',
      entries: [{ name: 'a', kind: 'other' }],
      more: 41,
    });
    expect(text(reply)).toBe('a\n… 41 more\n');
  });

  it('says (empty) rather than nothing, so a waiting client gets a line', () => {
    expect(text(formatListing({ type: 'entries', entries: [], more: 0 }))).toBe('(empty)\n');
  });

  it('escapes control characters in file names and errors', () => {
    expect(
      text(
        formatListing({
          type: 'entries',
          entries: [{ name: 'evil\n\x1b[2J', kind: 'other' }],
          more: 0,
        }),
      ),
    ).toBe('evil\\x0a\\x1b[2J\n');
    expect(text(formatListing({ type: 'error', message: 'no such directory: \x1bx' }))).toBe(
      'ERR no such directory: \\x1bx\n',
    );
  });
});

describe('createEntryCollector', () => {
  const entry = (name: string): DirEntry => ({ name, kind: 'other' });

  it('keeps the first entries by name and counts the rest', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `f${String(i).padStart(4, '0')}`);
    // Feed in a scrambled order: the collector must not depend on readdir order.
    const collector = createEntryCollector(10);
    for (let i = 0; i < names.length; i++) collector.add(entry(names[(i * 7919) % names.length]!));
    expect(collector.result()).toEqual({
      type: 'entries',
      entries: names.slice(0, 10).map(entry),
      more: 990,
    });
  });

  it('sorts by code unit, like LC_ALL=C ls', () => {
    const collector = createEntryCollector(10);
    for (const name of ['b', 'B', 'a', '_', 'Ä', '1']) collector.add(entry(name));
    const result = collector.result();
    expect(result.type === 'entries' && result.entries.map((e) => e.name)).toEqual([
      '1',
      'B',
      '_',
      'a',
      'b',
      'Ä',
    ]);
  });

  it('returns everything when under the cap', () => {
    const collector = createEntryCollector(200);
    collector.add(entry('z'));
    collector.add(entry('y'));
    expect(collector.result()).toEqual({
      type: 'entries',
      entries: [entry('y'), entry('z')],
      more: 0,
    });
  });
});
