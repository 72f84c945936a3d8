import { sanitizeForDisplay } from '../../protocol/sanitize.js';

/**
 * What the server's `*** ` notices say about the chat you are in: your nick, your room and who
 * is in it. Fed every received line before anything may drop lines (the feed's flood trimming),
 * so the member list stays exact. Against a server that never says `*** you are now NICK` it
 * stays inactive and nothing chat-like appears.
 */
export interface ChatView {
  /** Your nickname, once the server has told you it. */
  readonly nick: string | undefined;
  readonly room: string | undefined;
  /** The room's members in join order (you included). */
  readonly members: readonly string[];
  /** The server is a tcpchat server (its banner was seen): its slash commands complete. */
  readonly tcpchat: boolean;
}

export const initialChatView: ChatView = {
  nick: undefined,
  room: undefined,
  members: [],
  tcpchat: false,
};

const BANNER_LINE = 'Type "help" for commands.';
const YOU_ARE = /^\*\*\* you are now (\S+)$/;
const JOINED = /^\*\*\* (\S+) joined (#\S+)$/;
const ROSTER = /^\*\*\* (#\S+): \d+ here: (.*)$/;
const LEFT = /^\*\*\* (\S+) left (#\S+)$/;
const YOU_LEFT = /^\*\*\* you left (#\S+)$/;
const QUIT = /^\*\*\* (\S+) quit \(.*\)$/;
const RENAMED = /^\*\*\* (\S+) is now known as (\S+)$/;

const without = (list: readonly string[], name: string) => list.filter((n) => n !== name);
const renamed = (list: readonly string[], from: string, to: string) =>
  list.map((n) => (n === from ? to : n));

function apply(view: ChatView, line: string): ChatView {
  if (line === BANNER_LINE) return view.tcpchat ? view : { ...view, tcpchat: true };
  // Nearly every line of a flood is not a notice: one character decides.
  if (line.charCodeAt(0) !== 42 || !line.startsWith('*** ')) return view;
  const text = sanitizeForDisplay(line);
  let m: RegExpExecArray | null;
  if ((m = YOU_ARE.exec(text))) {
    const nick = m[1]!;
    const members = view.nick === undefined ? view.members : renamed(view.members, view.nick, nick);
    return { ...view, nick, members };
  }
  if ((m = JOINED.exec(text))) {
    const [, who, room] = m as unknown as [string, string, string];
    if (who === view.nick) return { ...view, room, members: [who] };
    if (room !== view.room || view.members.includes(who)) return view;
    return { ...view, members: [...view.members, who] };
  }
  if ((m = ROSTER.exec(text))) {
    if (m[1] !== view.room) return view;
    return { ...view, members: m[2]!.split(', ').filter((n) => n !== '') };
  }
  if ((m = YOU_LEFT.exec(text))) {
    return m[1] === view.room ? { ...view, room: undefined, members: [] } : view;
  }
  if ((m = LEFT.exec(text))) {
    return m[2] === view.room ? { ...view, members: without(view.members, m[1]!) } : view;
  }
  if ((m = QUIT.exec(text))) {
    return view.members.includes(m[1]!) ? { ...view, members: without(view.members, m[1]!) } : view;
  }
  if ((m = RENAMED.exec(text))) return { ...view, members: renamed(view.members, m[1]!, m[2]!) };
  return view;
}

/** The view after `lines` arrived, in order. */
export function trackChat(view: ChatView, lines: readonly string[]): ChatView {
  let next = view;
  for (let i = 0; i < lines.length; i++) next = apply(next, lines[i]!);
  return next;
}

/** Whether the chat is on: the server has named you. */
export function chatActive(view: ChatView): boolean {
  return view.nick !== undefined;
}
