import { escapeUntrusted } from '../../protocol/sanitize.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';
import {
  checkNickname,
  checkRoomName,
  guestName,
  nameKey,
  type Name,
  type NameKey,
} from './chat-names.js';
import { fullBucket, takeToken, type Bucket, type RatePolicy } from './rate-limit.js';
import {
  HISTORY_LINES,
  HISTORY_PREFIX,
  type ClaimResult,
  type Directory,
  type MemberId,
  type Presence,
} from './chat-directory.js';

/**
 * Rooms, nicknames and membership, with no sockets: a member's action comes in, the lines it
 * causes come out as deliveries, which the server hands to its fan-out. Every line another
 * user can cause on a screen starts with `<NICK> `, `* NICK ` or `[pm] <NICK> `; only lines
 * made here start with `*** ` or `ERR `.
 */

export type { MemberId } from './chat-directory.js';

export type ChatAction =
  | { readonly type: 'nick'; readonly name: string }
  | { readonly type: 'join'; readonly room: string }
  | { readonly type: 'part' }
  /** A plain line while in a room. */
  | { readonly type: 'say'; readonly text: string }
  | { readonly type: 'me'; readonly text: string }
  | { readonly type: 'msg'; readonly nick: string; readonly text: string }
  | { readonly type: 'who' }
  | { readonly type: 'rooms' };

/** Whole lines (each ending in LF) for the member who acted, for a room, or for one nick. */
export type Delivery =
  | { readonly to: 'self'; readonly text: string }
  | {
      readonly to: 'room';
      readonly room: NameKey;
      readonly text: string;
      readonly except: MemberId | undefined;
      /** Said by a member (not a notice): shown again to those who join later. */
      readonly said: boolean;
    }
  /** To whoever has `nick`; `unknown` goes back to `from` when nobody does. */
  | {
      readonly to: 'nick';
      readonly nick: NameKey;
      readonly text: string;
      readonly from: MemberId;
      readonly unknown: string;
    }
  /**
   * Deliveries that need an answer from other servers first: the member's next lines (and
   * lines from others to it) wait for them, so everything stays in order.
   */
  | { readonly to: 'later'; readonly deliveries: Promise<readonly Delivery[]> };

export interface ChatOptions {
  /** Milliseconds, for the rate limit. */
  readonly now: () => number;
  /** Chat lines, nick changes and joins per client; undefined: no limit. */
  readonly rate: RatePolicy | undefined;
  /** Other servers sharing these rooms and nicknames; undefined: this server alone. */
  readonly directory?: Directory | undefined;
}

/** A local member, as the directory publishes it. */
export interface LocalPresence {
  readonly nick: Name;
  readonly room: string | undefined;
  readonly since: number;
}

interface Member {
  nick: Name;
  room: Room | undefined;
  /** Told its nick yet (the first join, or at connect with --room). */
  greeted: boolean;
  bucket: Bucket | undefined;
  /** When it connected or joined its room. */
  since: number;
}

interface Room {
  readonly name: string;
  readonly key: NameKey;
  /** In join order. */
  readonly members: Set<MemberId>;
  /** Its last lines, with their LF (this server alone: with a directory, it keeps them). */
  readonly history: string[];
}

const self = (text: string): Delivery => ({ to: 'self', text: `${text}\n` });
const error = (text: string): Delivery => self(`ERR ${text}`);
const NOT_IN_ROOM = error('you are not in a room (/join ROOM first)');

/** The chat state of one server. */
export class Chat {
  private readonly members = new Map<MemberId, Member>();
  private readonly nicks = new Map<NameKey, MemberId>();
  private readonly rooms = new Map<NameKey, Room>();
  private guests = 0;

  constructor(private readonly options: ChatOptions) {}

  /** A new connection: it gets the next free `guestN`. */
  connect(id: MemberId): void {
    const directory = this.options.directory;
    let nick: Name;
    do nick = guestName(directory?.nextGuest() ?? ++this.guests);
    while (this.nicks.has(nick.key));
    const since = this.options.now();
    this.members.set(id, { nick, room: undefined, greeted: false, bucket: undefined, since });
    this.nicks.set(nick.key, id);
    directory?.changed(id);
  }

  /** A member's nick and room, for the directory. */
  presenceOf(id: MemberId): LocalPresence | undefined {
    const member = this.members.get(id);
    if (member === undefined) return undefined;
    return { nick: member.nick, room: member.room?.name, since: member.since };
  }

  /** Every member, for the directory to publish again (after other servers lost this one). */
  memberIds(): Iterable<MemberId> {
    return this.members.keys();
  }

  /**
   * Gives member `id` a guest name again: other servers gave its nickname to someone else
   * while they could not reach this one. Returns its lines and its room's.
   */
  renameToGuest(id: MemberId): Delivery[] {
    const member = this.members.get(id);
    if (member === undefined) return [];
    let nick: Name;
    do nick = guestName(this.options.directory?.nextGuest() ?? ++this.guests);
    while (this.nicks.has(nick.key));
    const old = member.nick;
    const out = [
      self(`*** ${old.name} was taken on another server meanwhile: you are now ${nick.name}`),
    ];
    this.setNick(id, member, nick);
    if (member.room !== undefined) {
      out.push(this.toRoom(member.room, `*** ${old.name} is now known as ${nick.name}`, id));
    }
    return out;
  }

  /** A connection is gone: its room hears why, its nick is free again. */
  disconnect(id: MemberId, reason: string): Delivery[] {
    const member = this.members.get(id);
    if (member === undefined) return [];
    this.members.delete(id);
    this.nicks.delete(member.nick.key);
    this.options.directory?.left(id, member.nick.key);
    const room = member.room;
    if (room === undefined) return [];
    this.leaveRoom(id, room);
    return [this.toRoom(room, `*** ${member.nick.name} quit (${escapeUntrusted(reason)})`)];
  }

  /** Forgets everyone at once, without notices (the server is shutting down). */
  clear(): void {
    this.members.clear();
    this.nicks.clear();
    this.rooms.clear();
  }

  /** Whether `id` is in a room (its plain lines are chat then, and it may lurk). */
  inRoom(id: MemberId): boolean {
    return this.members.get(id)?.room !== undefined;
  }

  /** The members of a room, in join order (the in-process fan-out reads it). */
  membersOf(room: NameKey): Iterable<MemberId> {
    return this.rooms.get(room)?.members ?? [];
  }

  /** Who has a nickname now, if anyone. */
  memberByNick(nick: NameKey): MemberId | undefined {
    return this.nicks.get(nick);
  }

  /**
   * Carries out one action of member `id`; `force` skips the rate limit (the server's own
   * join at connect).
   */
  act(id: MemberId, action: ChatAction, force = false): Delivery[] {
    const member = this.members.get(id);
    if (member === undefined) return [];
    switch (action.type) {
      case 'nick':
        return this.limited(member, force) ?? this.nick(id, member, action.name);
      case 'join':
        return this.limited(member, force) ?? this.join(id, member, action.room);
      case 'part':
        return this.part(id, member);
      case 'say':
        if (member.room === undefined) return NO_DELIVERIES;
        return (
          this.limited(member, force) ?? [
            this.toRoom(
              member.room,
              `<${member.nick.name}> ${escapeUntrusted(action.text)}`,
              id,
              true,
            ),
          ]
        );
      case 'me':
        if (action.text === '') return [error('usage: /me TEXT')];
        if (member.room === undefined) return [NOT_IN_ROOM];
        return (
          this.limited(member, force) ?? [
            this.toRoom(
              member.room,
              `* ${member.nick.name} ${escapeUntrusted(action.text)}`,
              id,
              true,
            ),
          ]
        );
      case 'msg':
        return this.limited(member, force) ?? this.msg(id, member, action.nick, action.text);
      case 'who': {
        const room = member.room;
        return [
          this.withOthers((others) => (room ? this.roster(room, others) : this.online(others))),
        ];
      }
      case 'rooms':
        return [this.withOthers((others) => this.roomList(others))];
      default:
        return checkExhaustive(action);
    }
  }

  /** The refusal when `member` is over its rate (a token is taken otherwise). */
  private limited(member: Member, force: boolean): Delivery[] | undefined {
    const rate = this.options.rate;
    if (rate === undefined || force) return undefined;
    const now = this.options.now();
    const bucket = takeToken(member.bucket ?? fullBucket(rate, now), rate, now);
    if (bucket === undefined) {
      return [error(`slow down: at most ${rate.perSecond} messages per second`)];
    }
    member.bucket = bucket;
    return undefined;
  }

  private nick(id: MemberId, member: Member, wanted: string): Delivery[] {
    if (wanted === '') return [error('usage: /nick NAME')];
    const check = checkNickname(wanted);
    if (!check.ok) return [error(`invalid nickname: ${check.why}`)];
    const holder = this.nicks.get(check.key);
    if (holder !== undefined && holder !== id) return [taken(check.name)];
    const next: Name = { name: check.name, key: check.key };
    const directory = this.options.directory;
    if (directory === undefined || check.key === member.nick.key) {
      return this.renamed(id, member, next);
    }
    const claimed = directory.claim(check.key, id).then(
      (result) => this.claimed(id, next, result),
      () => this.claimed(id, next, 'offline'),
    );
    return [{ to: 'later', deliveries: claimed }];
  }

  /** A nickname claim came back: the member (if still here) gets the name, or hears why not. */
  private claimed(id: MemberId, wanted: Name, result: ClaimResult): Delivery[] {
    const member = this.members.get(id);
    const holder = this.nicks.get(wanted.key);
    if (member === undefined || (holder !== undefined && holder !== id)) {
      if (result === 'ok') this.options.directory?.release(wanted.key, id);
      return member === undefined ? [] : [taken(wanted.name)];
    }
    switch (result) {
      // Other servers out of reach: the name holds here, and is claimed again when they are
      // back (whoever lost it then is told and becomes a guest).
      case 'offline':
      case 'ok':
        this.options.directory?.release(member.nick.key, id);
        return this.renamed(id, member, wanted);
      case 'taken':
        return [taken(wanted.name)];
      default:
        return checkExhaustive(result);
    }
  }

  private renamed(id: MemberId, member: Member, wanted: Name): Delivery[] {
    const old = member.nick;
    this.setNick(id, member, wanted);
    member.greeted = true;
    const out = [self(`*** you are now ${wanted.name}`)];
    if (member.room !== undefined && old.name !== wanted.name) {
      out.push(this.toRoom(member.room, `*** ${old.name} is now known as ${wanted.name}`, id));
    }
    return out;
  }

  private setNick(id: MemberId, member: Member, nick: Name): void {
    this.nicks.delete(member.nick.key);
    this.nicks.set(nick.key, id);
    member.nick = nick;
    this.options.directory?.changed(id);
  }

  private join(id: MemberId, member: Member, wanted: string): Delivery[] {
    if (wanted === '') return [error('usage: /join ROOM')];
    const check = checkRoomName(wanted);
    if (!check.ok) return [error(`invalid room name: ${check.why}`)];
    const out: Delivery[] = [];
    const current = member.room;
    if (current?.key === check.key) {
      return [this.withOthers((others) => this.roster(current, others))];
    }
    if (current !== undefined) out.push(this.partNotice(id, member, current));
    if (!member.greeted) {
      member.greeted = true;
      out.push(self(`*** you are now ${member.nick.name}`));
    }
    let room = this.rooms.get(check.key);
    if (room === undefined) {
      room = { name: check.name, key: check.key, members: new Set(), history: [] };
      this.rooms.set(check.key, room);
    }
    room.members.add(id);
    member.room = room;
    member.since = this.options.now();
    const directory = this.options.directory;
    if (directory === undefined) {
      out.push(...historyOf(room.history));
    } else {
      directory.changed(id);
      const lines = directory.history(room.key).then(historyOf, () => []);
      out.push({ to: 'later', deliveries: lines });
    }
    // The joiner's own notice comes straight back, before the roster, as on a server alone.
    const joined = `*** ${member.nick.name} joined ${room.name}`;
    out.push(this.toRoom(room, joined, id), self(joined));
    const entered = room;
    out.push(this.withOthers((others) => this.roster(entered, others)));
    return out;
  }

  private part(id: MemberId, member: Member): Delivery[] {
    const room = member.room;
    if (room === undefined) return [NOT_IN_ROOM];
    return [this.partNotice(id, member, room), self(`*** you left ${room.name}`)];
  }

  /** Takes `member` out of `room`; the notice for those still there. */
  private partNotice(id: MemberId, member: Member, room: Room): Delivery {
    this.leaveRoom(id, room);
    member.room = undefined;
    member.since = this.options.now();
    this.options.directory?.changed(id);
    return this.toRoom(room, `*** ${member.nick.name} left ${room.name}`);
  }

  private leaveRoom(id: MemberId, room: Room): void {
    room.members.delete(id);
    // A room exists while it has members.
    if (room.members.size === 0) this.rooms.delete(room.key);
  }

  private msg(id: MemberId, member: Member, nick: string, text: string): Delivery[] {
    if (nick === '' || text === '') return [error('usage: /msg NICK TEXT')];
    const key = nameKey(nick);
    const unknown = `ERR no such nickname: ${escapeUntrusted(nick)}\n`;
    // Alone, the chat knows every nickname; with other servers, the fan-out finds out.
    if (this.options.directory === undefined && !this.nicks.has(key)) {
      return [{ to: 'self', text: unknown }];
    }
    const line = `[pm] <${member.nick.name}> ${escapeUntrusted(text)}\n`;
    return [{ to: 'nick', nick: key, text: line, from: id, unknown }];
  }

  /**
   * A line to a room; what members say (not notices) is kept for joiners when this server is
   * alone.
   */
  private toRoom(room: Room, text: string, except?: MemberId, said = false): Delivery {
    const line = `${text}\n`;
    if (said && this.options.directory === undefined) {
      room.history.push(line);
      if (room.history.length > HISTORY_LINES) room.history.shift();
    }
    return { to: 'room', room: room.key, text: line, except, said };
  }

  /**
   * A listing that includes the members of other servers: at once when alone, once they
   * have answered otherwise (or without them, said so, when they cannot be reached).
   */
  private withOthers(list: (others: readonly Presence[]) => string): Delivery {
    const directory = this.options.directory;
    if (directory === undefined) return self(list([]));
    const text = directory.others().then(
      (others) => `${list(others)}\n`,
      () =>
        `${list([])}\n*** (members of other servers not shown: chat with them is interrupted)\n`,
    );
    return { to: 'later', deliveries: text.then((t) => [{ to: 'self', text: t }]) };
  }

  /** `*** #ROOM: N here: NICK, NICK, …` in join order. */
  private roster(room: Room, others: readonly Presence[]): string {
    const here: { nick: string; since: number }[] = [];
    for (const id of room.members) {
      const member = this.members.get(id);
      if (member !== undefined) here.push({ nick: member.nick.name, since: member.since });
    }
    const there = others
      .filter((o) => o.room !== undefined && nameKey(o.room) === room.key)
      .sort((a, b) => a.since - b.since);
    const names = mergeBySince(here, there).map((m) => m.nick);
    return `*** ${room.name}: ${names.length} here: ${names.join(', ')}`;
  }

  private online(others: readonly Presence[]): string {
    const names = [...this.members.values()].map((m) => m.nick.name);
    for (const o of others) names.push(o.nick);
    return `*** ${names.length} online: ${names.join(', ')}`;
  }

  private roomList(others: readonly Presence[]): string {
    const counts = new Map<NameKey, { name: string; count: number }>();
    for (const room of this.rooms.values()) {
      counts.set(room.key, { name: room.name, count: room.members.size });
    }
    for (const o of others) {
      if (o.room === undefined) continue;
      const key = nameKey(o.room);
      const entry = counts.get(key);
      if (entry === undefined) counts.set(key, { name: o.room, count: 1 });
      else entry.count++;
    }
    if (counts.size === 0) return '*** no rooms';
    const rooms = [...counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => `${r.name} (${r.count})`);
    return `*** rooms: ${rooms.join(', ')}`;
  }
}

const NO_DELIVERIES: Delivery[] = [];

const taken = (nick: string): Delivery => error(`nickname ${nick} is taken`);
/** A room's last lines (each ending in LF), as shown to a joiner. */
const historyOf = (lines: readonly string[]): Delivery[] =>
  lines.length === 0
    ? []
    : [{ to: 'self', text: lines.map((line) => `${HISTORY_PREFIX}${line}`).join('') }];

/** Two lists each in `since` order, as one (ties: `a` first). */
function mergeBySince<T extends { since: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.since <= b[j]!.since)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}
