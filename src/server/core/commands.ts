import { escapeControls } from '../../protocol/sanitize.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { formatDate } from './format-date.js';
import type { ChatAction } from './chat.js';
import type { Listing } from './listing.js';

/**
 * What the server does about one line. Text is whole lines, each ending in LF; `lines`
 * counts them for the connection's statistics.
 */
export type Reply =
  | { readonly type: 'none' }
  | { readonly type: 'text'; readonly text: string; readonly lines: number }
  /** Send the text, then close the connection. */
  | { readonly type: 'close'; readonly text: string; readonly lines: number }
  /** List a directory under the root (the shell does the I/O, then calls `formatListing`). */
  | { readonly type: 'list'; readonly path: string }
  /** A chat action, for the server's chat to carry out. */
  | { readonly type: 'chat'; readonly action: ChatAction };

/** What the commands may know about the world; injected so the table stays pure. */
export interface CommandContext {
  now(): Date;
  /** IANA zone name for `date`, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** What `os` answers, e.g. `Linux 6.1.0 x64 (node v20.20.0)`. */
  readonly system: string;
  readonly version: string;
}

export type CommandName = 'help' | 'date' | 'os' | 'ls' | 'version' | 'echo' | 'exit' | 'quit';

interface Command {
  /** How `help` shows the call, e.g. `ls [PATH]`. */
  readonly usage: string;
  readonly summary: string;
  /** `arg` is the rest of the line after the command word, trimmed ('' when absent). */
  readonly run: (arg: string, context: CommandContext) => Reply;
}

const NONE: Reply = { type: 'none' };

/** A reply of the given lines (none of which may contain LF). */
export function textReply(lines: readonly string[]): Reply {
  return { type: 'text', text: lines.join('\n') + '\n', lines: lines.length };
}

/** An `ERR …` line; `detail` is escaped, as it may echo what the client sent. */
export function errorReply(detail: string): Reply {
  return { type: 'text', text: `ERR ${escapeControls(detail)}\n`, lines: 1 };
}

function noArguments(name: string, run: (context: CommandContext) => Reply): Command['run'] {
  return (arg, context) => (arg === '' ? run(context) : errorReply(`${name} takes no arguments`));
}

const commands: Record<CommandName, Command> = {
  help: {
    usage: 'help',
    summary: 'this list',
    run: noArguments('help', () => HELP),
  },
  date: {
    usage: 'date',
    summary: "the server's date and time, with time zone",
    run: noArguments('date', (context) => textReply([formatDate(context.now(), context.timeZone)])),
  },
  os: {
    usage: 'os',
    summary: "the server's operating system",
    run: noArguments('os', (context) => textReply([context.system])),
  },
  ls: {
    usage: 'ls [PATH]',
    summary: "entries of the server's directory, or of PATH inside it",
    run: (arg) => ({ type: 'list', path: arg }),
  },
  version: {
    usage: 'version',
    summary: 'the server version',
    run: noArguments('version', (context) => textReply([`tcpchat ${context.version}`])),
  },
  echo: {
    usage: 'echo TEXT',
    summary: 'sends TEXT back',
    run: (arg) => textReply([escapeControls(arg)]),
  },
  exit: {
    usage: 'exit',
    summary: 'says goodbye and closes the connection',
    run: noArguments('exit', () => GOODBYE),
  },
  quit: {
    usage: 'quit',
    summary: 'the same as exit',
    run: noArguments('quit', () => GOODBYE),
  },
};

const GOODBYE: Reply = { type: 'close', text: 'Goodbye!\n', lines: 1 };

export type ChatCommandName = 'nick' | 'join' | 'part' | 'me' | 'msg' | 'who' | 'rooms';

interface ChatCommand {
  readonly usage: string;
  readonly summary: string;
  /** `arg` as for `Command.run`. */
  readonly parse: (arg: string) => ChatAction;
}

/** The first word of `arg` and the rest, trimmed. */
function splitWord(arg: string): [string, string] {
  const space = arg.search(/[ \t]/);
  return space === -1 ? [arg, ''] : [arg.slice(0, space), arg.slice(space).trim()];
}

/** Chat commands need their `/`: without it `join` is still a name to greet. */
const chatCommands: Record<ChatCommandName, ChatCommand> = {
  nick: {
    usage: '/nick NAME',
    summary: 'choose your nickname',
    parse: (arg) => ({ type: 'nick', name: arg }),
  },
  join: {
    usage: '/join ROOM',
    summary: 'enter #ROOM (leaving your room); then plain lines go to it',
    parse: (arg) => ({ type: 'join', room: arg }),
  },
  part: { usage: '/part', summary: 'leave your room', parse: () => ({ type: 'part' }) },
  me: {
    usage: '/me TEXT',
    summary: 'an action: * NICK TEXT',
    parse: (text) => ({ type: 'me', text }),
  },
  msg: {
    usage: '/msg NICK TEXT',
    summary: 'a private message',
    parse: (arg) => {
      const [nick, text] = splitWord(arg);
      return { type: 'msg', nick, text };
    },
  },
  who: {
    usage: '/who',
    summary: 'who is in your room (or online)',
    parse: () => ({ type: 'who' }),
  },
  rooms: {
    usage: '/rooms',
    summary: 'the rooms and how many are in each',
    parse: () => ({ type: 'rooms' }),
  },
};

const HELP = textReply([
  'Commands (each also works with a leading /, e.g. /date):',
  ...Object.values(commands).map((c) => `  ${c.usage.padEnd(14)} ${c.summary}`),
  'Chat (these need the leading /):',
  ...Object.values(chatCommands).map((c) => `  ${c.usage.padEnd(14)} ${c.summary}`),
  'Anything else is taken as your name: NAME gets "Hello, NAME!" (in a room, it is said there).',
]);

const byChatWord = new Map<string, ChatCommandName>(
  (Object.keys(chatCommands) as ChatCommandName[]).map((name) => [name, name]),
);

// A Map, not the object: `constructor` or `__proto__` must not look like commands.
const byWord = new Map<string, CommandName>(
  (Object.keys(commands) as CommandName[]).map((name) => [name, name]),
);
// Longer words are names: most lines skip the lookup (this runs for every line).
const LONGEST_COMMAND = Math.max(...[...byWord.keys()].map((word) => word.length));

const SLASH = 0x2f;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * The server's answer to one line from a client (terminator already removed); `chatting`:
 * the client is in a room, so a line that is no command is said there.
 */
export function respond(line: string, context: CommandContext, chatting = false): Reply {
  const text = line.trim();
  if (text === '') return NONE;
  const slash = text.charCodeAt(0) === SLASH ? 1 : 0;
  let wordEnd = slash;
  while (wordEnd < text.length && !isSpace(text.charCodeAt(wordEnd))) wordEnd++;
  const word = wordEnd - slash > LONGEST_COMMAND ? undefined : text.slice(slash, wordEnd);
  const name = word === undefined ? undefined : byWord.get(word);
  if (name === undefined) {
    const chat = slash && word !== undefined ? byChatWord.get(word) : undefined;
    if (chat !== undefined) {
      return { type: 'chat', action: chatCommands[chat].parse(text.slice(wordEnd).trimStart()) };
    }
    if (slash) return errorReply(`unknown command ${text.slice(0, wordEnd)}`);
    if (chatting) return { type: 'chat', action: { type: 'say', text } };
    return { type: 'text', text: `Hello, ${escapeControls(text)}!\n`, lines: 1 };
  }
  return commands[name].run(text.slice(wordEnd).trimStart(), context);
}

/** The reply to a line longer than the server accepts. */
export function lineTooLong(limit: number): Reply {
  return errorReply(`line too long (max ${limit} bytes)`);
}

/** The reply to `ls` once the directory has been read (or refused). */
export function formatListing(listing: Listing): Reply {
  switch (listing.type) {
    case 'error':
      return errorReply(listing.message);
    case 'entries': {
      if (listing.entries.length === 0) return textReply(['(empty)']);
      const lines = listing.entries.map((e) => {
        const suffix = e.kind === 'directory' ? '/' : e.kind === 'symlink' ? '@' : '';
        return escapeControls(e.name) + suffix;
      });
      if (listing.more > 0) lines.push(`… ${listing.more} more`);
      return textReply(lines);
    }
    default:
      return checkExhaustive(listing);
  }
}
