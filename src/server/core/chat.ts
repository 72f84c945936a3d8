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

/**
 * Rooms, nicknames and membership, with no sockets: a member's action comes in, the lines it
 * causes come out as deliveries, which the server hands to its fan-out. Every line another
 * user can cause on a screen starts with `<NICK> `, `* NICK ` or `[pm] <NICK> `; only lines
 * made here start with `*** ` or `ERR `.
 */

/** A connection, as the chat knows it. */
export type MemberId = number;

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
    }
  | { readonly to: 'nick'; readonly nick: NameKey; readonly text: string };

export interface ChatOptions {
  /** Milliseconds, for the rate limit. */
  readonly now: () => number;
  /** Chat lines, nick changes and joins per client; undefined: no limit. */
  readonly rate: RatePolicy | undefined;
}

interface Member {
  nick: Name;
  room: Room | undefined;
  /** Told its nick yet (the first join, or at connect with --room). */
  greeted: boolean;
  bucket: Bucket | undefined;
}

interface Room {
  readonly name: string;
  readonly key: NameKey;
  /** In join order. */
  readonly members: Set<MemberId>;
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
    let nick: Name;
    do nick = guestName(++this.guests);
    while (this.nicks.has(nick.key));
    this.members.set(id, { nick, room: undefined, greeted: false, bucket: undefined });
    this.nicks.set(nick.key, id);
  }

  /** A connection is gone: its room hears why, its nick is free again. */
  disconnect(id: MemberId, reason: string): Delivery[] {
    const member = this.members.get(id);
    if (member === undefined) return [];
    this.members.delete(id);
    this.nicks.delete(member.nick.key);
    const room = member.room;
    if (room === undefined) return [];
    this.leaveRoom(id, room);
    return [toRoom(room, `*** ${member.nick.name} quit (${escapeUntrusted(reason)})`)];
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
            toRoom(member.room, `<${member.nick.name}> ${escapeUntrusted(action.text)}`, id),
          ]
        );
      case 'me':
        if (action.text === '') return [error('usage: /me TEXT')];
        if (member.room === undefined) return [NOT_IN_ROOM];
        return (
          this.limited(member, force) ?? [
            toRoom(member.room, `* ${member.nick.name} ${escapeUntrusted(action.text)}`, id),
          ]
        );
      case 'msg':
        return this.limited(member, force) ?? this.msg(member, action.nick, action.text);
      case 'who':
        return [self(member.room ? roster(member.room, this.members) : this.online())];
      case 'rooms':
        return [self(this.roomList())];
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
    if (holder !== undefined && holder !== id) return [error(`nickname ${check.name} is taken`)];
    const old = member.nick;
    this.nicks.delete(old.key);
    this.nicks.set(check.key, id);
    member.nick = { name: check.name, key: check.key };
    member.greeted = true;
    const out = [self(`*** you are now ${check.name}`)];
    if (member.room !== undefined && old.name !== check.name) {
      out.push(toRoom(member.room, `*** ${old.name} is now known as ${check.name}`, id));
    }
    return out;
  }

  private join(id: MemberId, member: Member, wanted: string): Delivery[] {
    if (wanted === '') return [error('usage: /join ROOM')];
    const check = checkRoomName(wanted);
    if (!check.ok) return [error(`invalid room name: ${check.why}`)];
    const out: Delivery[] = [];
    if (member.room?.key === check.key) return [self(roster(member.room, this.members))];
    if (member.room !== undefined) out.push(this.partNotice(id, member, member.room));
    if (!member.greeted) {
      member.greeted = true;
      out.push(self(`*** you are now ${member.nick.name}`));
    }
    let room = this.rooms.get(check.key);
    if (room === undefined) {
      room = { name: check.name, key: check.key, members: new Set() };
      this.rooms.set(check.key, room);
    }
    room.members.add(id);
    member.room = room;
    out.push(toRoom(room, `*** ${member.nick.name} joined ${room.name}`));
    out.push(self(roster(room, this.members)));
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
    return toRoom(room, `*** ${member.nick.name} left ${room.name}`);
  }

  private leaveRoom(id: MemberId, room: Room): void {
    room.members.delete(id);
    // A room exists while it has members.
    if (room.members.size === 0) this.rooms.delete(room.key);
  }

  private msg(member: Member, nick: string, text: string): Delivery[] {
    if (nick === '' || text === '') return [error('usage: /msg NICK TEXT')];
    const key = nameKey(nick);
    if (!this.nicks.has(key)) return [error(`no such nickname: ${escapeUntrusted(nick)}`)];
    return [
      { to: 'nick', nick: key, text: `[pm] <${member.nick.name}> ${escapeUntrusted(text)}\n` },
    ];
  }

  private online(): string {
    const names = [...this.members.values()].map((m) => m.nick.name);
    return `*** ${names.length} online: ${names.join(', ')}`;
  }

  private roomList(): string {
    if (this.rooms.size === 0) return '*** no rooms';
    const rooms = [...this.rooms.values()].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
    );
    return `*** rooms: ${rooms.map((r) => `${r.name} (${r.members.size})`).join(', ')}`;
  }
}

const NO_DELIVERIES: Delivery[] = [];

function toRoom(room: Room, text: string, except?: MemberId): Delivery {
  return { to: 'room', room: room.key, text: `${text}\n`, except };
}

/** `*** #ROOM: N here: NICK, NICK, …` in join order. */
function roster(room: Room, members: ReadonlyMap<MemberId, Member>): string {
  const names: string[] = [];
  for (const id of room.members) {
    const member = members.get(id);
    if (member !== undefined) names.push(member.nick.name);
  }
  return `*** ${room.name}: ${names.length} here: ${names.join(', ')}`;
}
