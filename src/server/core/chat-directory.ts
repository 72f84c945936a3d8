import type { NameKey } from './chat-names.js';

/** A connection, as the chat knows it. */
export type MemberId = number;

/** A member of another server, as the chat lists it. */
export interface Presence {
  readonly nick: string;
  /** Its room's name (with `#`), if it is in one. */
  readonly room: string | undefined;
  /** When (ms) it joined its room, or connected: rosters are in this order. */
  readonly since: number;
  /** The server it is connected to. */
  readonly node: string;
}

/** How a nickname claim ended. */
export type ClaimResult = 'ok' | 'taken' | 'offline';

/**
 * What a chat shared with other servers asks of them (the Redis cluster is one). The chat
 * stays the authority on its own members; this answers for everyone else, asynchronously.
 */
export interface Directory {
  /** Claims `nick` for member `id` on every server at once. */
  claim(nick: NameKey, id: MemberId): Promise<ClaimResult>;
  /** Gives back a nickname `id` no longer uses. */
  release(nick: NameKey, id: MemberId): void;
  /** Member `id` connected, or changed its nick or room (the chat's presenceOf tells). */
  changed(id: MemberId): void;
  /** Member `id`, known as `nick`, has gone. */
  left(id: MemberId, nick: NameKey): void;
  /** The members of the other servers; rejects while they cannot be reached. */
  others(): Promise<readonly Presence[]>;
  /**
   * The room's last lines, oldest first, up to what this server's members of the room have
   * been sent: a member joining now gets these, then everything after them, once.
   */
  history(room: NameKey): Promise<readonly string[]>;
  /** A guest number no other server gives out. */
  nextGuest(): number;
}

/** How many of a room's last lines a joiner is shown. */
export const HISTORY_LINES = 20;

/** The prefix of a line shown again to a joiner (only the server writes lines starting `[`). */
export const HISTORY_PREFIX = '[history] ';
