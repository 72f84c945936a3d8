import { countLines } from '../shared/count-lines.js';
import type { Chat, MemberId } from './core/chat.js';
import type { NameKey } from './core/chat-names.js';

/**
 * Where chat lines go once the chat has decided who gets them: every member of a room, or
 * whoever has a nickname. In-process here; a bus between servers slots in behind it.
 */
export interface Fanout {
  /** Whole lines to every member of `room` but `except`; `said`: by a member, not a notice. */
  toRoom(room: NameKey, text: string, except: MemberId | undefined, said: boolean): void;
  /** Whole lines to whoever has nickname `nick`; `unknown` to member `from` if nobody has. */
  toNick(nick: NameKey, text: string, from: MemberId, unknown: string): void;
  /**
   * Whether most members of `room` (but `except`) are behind on what they were sent: the
   * sender is faster than the room can read, and should be read more slowly. Members behind
   * for longer than a grace period are stuck, not slow, and do not count: nobody waits for them.
   */
  congested(room: NameKey, except: MemberId): boolean;
}

/** How long a member may be behind and still hold a fast sender back. */
export const STALL_GRACE_MS = 1000;

/** A connection that can take lines from others without blocking anyone. */
export interface Recipient {
  /** Queues `bytes` (`lines` whole lines), shared with other recipients: it must not change them. */
  deliver(bytes: Buffer, lines: number): void;
  /** Since when (ms) its socket has had more queued than it takes at once, if it has. */
  readonly behindSince: number | undefined;
}

/** Fan-out to this server's own connections: each line is encoded once, whatever the room size. */
export function createLocalFanout(
  chat: Chat,
  recipient: (id: MemberId) => Recipient | undefined,
  now: () => number = Date.now,
): Fanout {
  return {
    toRoom(room, text, except) {
      const bytes = Buffer.from(text);
      const lines = countLines(text);
      for (const id of chat.membersOf(room)) {
        if (id !== except) recipient(id)?.deliver(bytes, lines);
      }
    },
    toNick(nick, text, from, unknown) {
      const id = chat.memberByNick(nick);
      const [to, line] = id === undefined ? [from, unknown] : [id, text];
      recipient(to)?.deliver(Buffer.from(line), countLines(line));
    },
    congested(room, except) {
      const at = now();
      let members = 0;
      let behind = 0;
      for (const id of chat.membersOf(room)) {
        const member = id === except ? undefined : recipient(id);
        if (member === undefined) continue;
        members++;
        const since = member.behindSince;
        if (since !== undefined && at - since < STALL_GRACE_MS) behind++;
      }
      return behind * 2 > members;
    },
  };
}
