import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { countLines } from '../shared/count-lines.js';
import { plural } from '../shared/plural.js';
import type { Chat, Delivery, MemberId } from './core/chat.js';
import type { ClaimResult, Directory, Presence } from './core/chat-directory.js';
import { HISTORY_LINES } from './core/chat-directory.js';
import { nameKey, type NameKey } from './core/chat-names.js';
import { decodePresence, encodePresence } from './core/presence-record.js';
import { parseRedisUrl, redisFailure, type RedisUrl } from './core/redis-url.js';
import {
  decodeEntry,
  encodeEntry,
  historyLines,
  newDelivered,
  takeEarly,
  takeEntry,
  type Delivered,
  type RoomEntry,
} from './core/room-entry.js';
import { ServerError } from './core/server-error.js';
import type { ServerEvent } from './core/server-event.js';
import { createLocalFanout, type Fanout, type Recipient } from './local-fanout.js';
import { CLAIM_NICK, DROP_NODES, REGISTER, RELEASE_NICK } from './redis-scripts.js';

const PREFIX = 'tcpchat:';
/** A room's stream keeps about this many lines: a minute's outage at 160 lines/s is replayed. */
export const ROOM_STREAM_BOUND = 10_000;
/** A room nobody has spoken in for this long is forgotten by Redis. */
const ROOM_STREAM_TTL_MS = 7 * 24 * 3600 * 1000;
const INBOX_BOUND = 1000;
/** Lines said while Redis is away, kept to publish when it is back. */
const MAX_OUTBOX = ROOM_STREAM_BOUND;
const GUEST_BLOCK = 100;
const READ_COUNT = 1000;
const READ_BLOCK_MS = 10_000;
const START_TIMEOUT_MS = 5000;

export const INTERRUPTED = '*** chat with other servers interrupted; retrying\n';
export const RESTORED = '*** chat with other servers restored\n';

export interface RedisClusterOptions {
  /** `redis://…` or `rediss://…`. */
  readonly url: string;
  /** Start even when Redis cannot be reached (and keep trying), rather than fail. */
  readonly optional: boolean;
  readonly emit: (event: ServerEvent) => void;
  /**
   * A server whose beat stopped this long ago is lost: its members quit. Each server beats,
   * and looks for lost ones, 3 times as often: a dead server's members are gone within
   * about 4/3 of this (8 s at the default 6 s).
   */
  readonly lostAfterMs: number;
  /** Names this server in Redis and in logs; random by default. */
  readonly node?: string;
}

/** This server's part in a chat shared through Redis. */
export interface RedisCluster {
  readonly node: string;
  /** For the chat: nickname claims, other servers' members, history. */
  readonly directory: Directory;
  /** Binds the chat and this server's members; returns the fan-out for sessions. */
  attach(chat: Chat, recipient: (id: MemberId) => Recipient | undefined): Fanout;
  /** Connects (rejects with a one-line ServerError unless optional). */
  start(): Promise<void>;
  /** Tells the other servers this one's members have gone, and disconnects. */
  close(): Promise<void>;
}

type Link = 'down' | 'syncing' | 'up';

interface Outgoing {
  readonly room: NameKey;
  readonly entry: RoomEntry;
}

const roomKey = (room: string) => `${PREFIX}room:${room}`;
const inboxKey = (node: string) => `${PREFIX}inbox:${node}`;
const membersKey = (node: string) => `${PREFIX}members:${node}`;
const aliveKey = (node: string) => `${PREFIX}alive:${node}`;
const lostKey = (node: string) => `${PREFIX}lost:${node}`;
const NODES = `${PREFIX}nodes`;
const NICKS = `${PREFIX}nicks`;
const GUESTS = `${PREFIX}guests`;

/** Checks `--redis` without connecting: a bad address is one line, before anything starts. */
export function checkRedisUrl(url: string): Extract<RedisUrl, { ok: true }> {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new ServerError('EREDISURL', parsed.why);
  return parsed;
}

export function createRedisCluster(options: RedisClusterOptions): RedisCluster {
  const target = checkRedisUrl(options.url);
  const me = options.node ?? `${hostname().split('.')[0]}-${randomBytes(3).toString('hex')}`;
  const emit = options.emit;
  const startedAt = Date.now();
  const LOST_AFTER_MS = options.lostAfterMs;
  const BEAT_MS = Math.max(10, Math.floor(LOST_AFTER_MS / 3));
  const connection = (name: string) =>
    new Redis(target.url, {
      lazyConnect: true,
      protocol: 2,
      connectionName: `tcpchat:${me}:${name}`,
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 0,
      enableAutoPipelining: name === 'cmd',
      connectTimeout: START_TIMEOUT_MS,
      // Back off to 2 s: a restarted Redis is found again within about that.
      retryStrategy: (times) => Math.min(50 * 2 ** times, 2000),
      scripts: {
        claimNick: { lua: CLAIM_NICK, numberOfKeys: 1 },
        releaseNick: { lua: RELEASE_NICK, numberOfKeys: 1 },
        register: { lua: REGISTER, numberOfKeys: 3 },
        dropNodes: { lua: DROP_NODES, numberOfKeys: 2 },
      },
    }) as Redis & Scripts;
  const cmd = connection('cmd');
  const sub = connection('read');

  let chat: Chat | undefined;
  let recipient: (id: MemberId) => Recipient | undefined = () => undefined;
  let link: Link = 'down';
  /** Connected once: later losses are outages, told to the members. */
  let wasUp = false;
  let closed = false;
  let seq = 0;
  /** Lines not yet confirmed by Redis, in order (said while it was away, or in flight). */
  const outbox: Outgoing[] = [];
  /** Per room read: where this server's members are (the last id delivered) and what came. */
  const cursors = new Map<NameKey, { id: string; delivered: Delivered }>();
  /** Rooms whose cursor is being found (a first member joining). */
  const finding = new Map<NameKey, Promise<void>>();
  // The inbox is new with this server: everything in it is for us.
  let inboxCursor = '0-0';
  /** Nicks let go of while Redis was away: released when it is back. */
  const releases: { nick: NameKey; owner: string }[] = [];
  let guests = { next: 1, last: 0 };
  let refilling = false;
  let fallbackGuest = 900_000 + Math.floor(Math.random() * 90_000);
  let subId: number | undefined;
  let beatTimer: NodeJS.Timeout | undefined;
  let lastFailure = '';

  const owner = (id: MemberId) => `${me}/${id}`;

  // ---- delivery to this server's members ----

  const deliverToRoom = (room: NameKey, text: string, except: MemberId | undefined) => {
    if (chat === undefined) return;
    const bytes = Buffer.from(text);
    const lines = countLines(text);
    for (const id of chat.membersOf(room)) if (id !== except) recipient(id)?.deliver(bytes, lines);
  };

  const deliverTo = (id: MemberId, text: string) =>
    recipient(id)?.deliver(Buffer.from(text), countLines(text));

  /** Lines for members of this server made by the chat outside a session (renames). */
  const route = (deliveries: readonly Delivery[]) => {
    for (const d of deliveries) {
      if (d.to === 'self') continue; // routed by the caller, who knows whose they are
      if (d.to === 'room') fanout?.toRoom(d.room, d.text, d.except, d.said);
    }
  };

  const tellRooms = (text: string) => {
    if (chat === undefined) return;
    for (const id of chat.memberIds()) if (chat.inRoom(id)) deliverTo(id, text);
  };

  // ---- publishing ----

  const publish = (out: Outgoing) => {
    const fields = encodeEntry(out.entry);
    const key = roomKey(out.room);
    Promise.all([
      cmd.xadd(key, 'MAXLEN', '~', ROOM_STREAM_BOUND, '*', ...fields),
      cmd.pexpire(key, ROOM_STREAM_TTL_MS),
    ]).then(
      () => {
        // Replies come in order: this is the oldest line still waiting, but for a refusal.
        const i = outbox[0] === out ? 0 : outbox.indexOf(out);
        if (i >= 0) outbox.splice(i, 1);
      },
      () => {
        // It stays in the outbox and is sent again when the link comes back. Refused with the
        // link up (Redis out of memory...): this server's members get it at least.
        if (link === 'up') deliverLocally(out);
      },
    );
  };

  /** Delivers here now what would have come back from Redis (it is away). */
  const deliverLocally = (out: Outgoing) => {
    const cursor = cursors.get(out.room);
    if (cursor !== undefined && takeEarly(cursor.delivered, out.entry, me)) {
      deliverToRoom(out.room, out.entry.text, out.entry.except);
    }
  };

  const toRoom = (room: NameKey, text: string, except: MemberId | undefined, said: boolean) =>
    enqueue({ room, entry: { node: me, seq: ++seq, except, skip: undefined, said, text } });

  /** A line for a room: published now, or once Redis is back (and delivered here meanwhile). */
  const enqueue = (out: Outgoing) => {
    outbox.push(out);
    if (link === 'up') publish(out);
    else if (link === 'down') deliverLocally(out);
    if (outbox.length > MAX_OUTBOX) outbox.shift();
  };

  // ---- reading ----

  const wake = () => {
    if (subId !== undefined && link === 'up') cmd.client('UNBLOCK', subId).catch(() => {});
  };

  const onRoomEntries = (room: NameKey, entries: [string, string[]][]) => {
    const cursor = cursors.get(room);
    if (cursor === undefined) return;
    for (const [id, fields] of entries) {
      cursor.id = id;
      const entry = decodeEntry(fields);
      if (entry === undefined || !takeEntry(cursor.delivered, entry, me)) continue;
      deliverToRoom(room, entry.text, entry.node === me ? entry.except : undefined);
    }
  };

  const onInbox = (entries: [string, string[]][]) => {
    for (const [id, fields] of entries) {
      inboxCursor = id;
      const to = fieldOf(fields, 'k');
      const text = fieldOf(fields, 't');
      if (to === undefined || text === undefined) continue;
      const member = chat?.memberByNick(to as NameKey);
      if (member !== undefined) deliverTo(member, text);
    }
  };

  const readLoop = async () => {
    while (!closed) {
      if (sub.status !== 'ready') {
        await readyOrEnd(sub);
        continue;
      }
      try {
        subId ??= Number(await sub.client('ID'));
        // Rooms this server has nobody in any more are not read.
        for (const room of cursors.keys()) {
          if (chat !== undefined && isEmpty(chat.membersOf(room)) && !finding.has(room)) {
            cursors.delete(room);
          }
        }
        const rooms = [...cursors.entries()];
        const reply = (await sub.xread(
          'COUNT',
          READ_COUNT,
          'BLOCK',
          READ_BLOCK_MS,
          'STREAMS',
          inboxKey(me),
          ...rooms.map(([room]) => roomKey(room)),
          inboxCursor,
          ...rooms.map(([, c]) => c.id),
        )) as [string, [string, string[]][]][] | null;
        for (const [key, entries] of reply ?? []) {
          if (key === inboxKey(me)) onInbox(entries);
          else onRoomEntries(key.slice(roomKey('').length) as NameKey, entries);
        }
      } catch {
        // The read link dropped: it reconnects by itself, and reading goes on from the cursors.
        subId = undefined;
        await delay(100);
      }
    }
  };

  // ---- the link to Redis ----

  /** Drops `only`, or every server whose beat stopped (''): their members quit (`reason`). */
  const dropNodes = (reason: string, only: string) =>
    cmd.dropNodes(
      NODES,
      NICKS,
      PREFIX,
      me,
      ROOM_STREAM_BOUND,
      ROOM_STREAM_TTL_MS,
      reason,
      only,
    ) as Promise<(string | number)[]>;

  const beat = async () => {
    const lost = await dropNodes('server lost', '');
    for (let i = 0; i + 1 < lost.length; i += 2) {
      const members = plural(Number(lost[i + 1]), 'member');
      emit({ type: 'redis', state: 'node-lost', detail: `${lost[i]} lost: its ${members} quit` });
    }
    const known = await cmd.register(
      NODES,
      aliveKey(me),
      lostKey(me),
      me,
      startedAt,
      LOST_AFTER_MS,
    );
    // Not known to Redis (given up by the others, or Redis restarted empty): publish again.
    if (Number(known) !== 1 && link === 'up') await rejoin(Number(known));
  };

  const startBeats = () => {
    clearInterval(beatTimer);
    beatTimer = setInterval(() => {
      if (link === 'up') beat().catch(() => {});
    }, BEAT_MS);
    beatTimer.unref();
  };

  /**
   * Publishes this server's members again: after an outage the others may have dropped
   * them, or handed their nicknames on (who lost theirs becomes a guest again).
   */
  const rejoin = async (registered?: number) => {
    const known =
      registered ??
      Number(await cmd.register(NODES, aliveKey(me), lostKey(me), me, startedAt, LOST_AFTER_MS));
    if (chat === undefined) return; // starting: nobody to publish yet
    for (const { nick, owner: who } of releases.splice(0)) {
      await cmd.releaseNick(NICKS, nick, who);
    }
    const ids = [...chat.memberIds()];
    // The others were told these members quit (server lost): they are back, under the names
    // they said things under meanwhile; then any who lost their name are renamed.
    if (known === 2) announceReturn(ids);
    const claims = await Promise.all(
      ids.map((id) => {
        const nick = chat?.presenceOf(id)?.nick.key;
        return nick === undefined ? 1 : cmd.claimNick(NICKS, nick, owner(id));
      }),
    );
    ids.forEach((id, i) => {
      if (Number(claims[i]) !== 0 || chat === undefined) return;
      const deliveries = chat.renameToGuest(id);
      for (const d of deliveries) if (d.to === 'self') deliverTo(id, d.text);
      route(deliveries);
    });
    await cmd.del(membersKey(me));
    for (const id of chat.memberIds()) writePresence(id);
  };

  /**
   * `*** NICK joined ROOM` to the others for each member in a room, ahead of what they said
   * while away. Numbered lines must go out in order, so these carry none (a second copy after
   * another drop is possible, and harmless).
   */
  const announceReturn = (ids: readonly MemberId[]) => {
    const notices: Outgoing[] = [];
    for (const id of ids) {
      const p = chat?.presenceOf(id);
      if (p?.room === undefined) continue;
      const text = `*** ${p.nick.name} joined ${p.room}\n`;
      notices.push({
        room: nameKey(p.room),
        entry: { node: me, seq: undefined, except: undefined, skip: me, said: false, text },
      });
    }
    if (link === 'up') for (const out of notices) publish(out);
    else outbox.unshift(...notices);
  };

  const writePresence = (id: MemberId) => {
    const p = chat?.presenceOf(id);
    if (p === undefined || link === 'down') return;
    cmd.hset(membersKey(me), String(id), encodePresence(p)).catch(() => {});
    cmd.hset(NICKS, p.nick.key, owner(id)).catch(() => {});
  };

  const refillGuests = () => {
    if (refilling || link !== 'up') return;
    refilling = true;
    cmd
      .incrby(GUESTS, GUEST_BLOCK)
      .then(
        (last) => {
          // The current block is used up first: numbers stay in order per server.
          if (guests.next > guests.last) guests = { next: last - GUEST_BLOCK + 1, last };
          else pendingBlock = { next: last - GUEST_BLOCK + 1, last };
        },
        () => {},
      )
      .finally(() => (refilling = false));
  };
  let pendingBlock: { next: number; last: number } | undefined;

  let generation = 0;
  /** Waiting for the first time the link is up (start()). */
  let firstUp: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  /** The link is (back) up: register, publish what waited, tell the members. */
  const up = async () => {
    const mine = ++generation;
    link = 'syncing';
    try {
      await rejoin();
      if (guests.next > guests.last) {
        const last = await cmd.incrby(GUESTS, GUEST_BLOCK);
        guests = { next: last - GUEST_BLOCK + 1, last };
      }
      await dropNodes('server lost', '');
    } catch (error) {
      lastFailure = redisFailure(error);
      if (mine !== generation || closed) return;
      firstUp?.reject(error);
      firstUp = undefined;
      // Lost again while syncing: the next 'ready' tries again. Still connected but refused
      // (no Lua, out of memory...): serve alone, and try again in a while.
      if (cmd.status === 'ready') {
        down(lastFailure);
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => {
          if (!closed && link === 'down' && cmd.status === 'ready') void up();
        }, 2000).unref();
      }
      return;
    }
    if (cmd.status !== 'ready' || mine !== generation || closed) return;
    link = 'up';
    for (const out of [...outbox]) publish(out);
    startBeats();
    wake();
    if (wasUp) {
      emit({
        type: 'redis',
        state: 'restored',
        detail: `${target.display}, ${outbox.length} lines published`,
      });
      tellRooms(RESTORED);
    } else {
      emit({ type: 'redis', state: 'up', detail: `${target.display} as server ${me}` });
    }
    wasUp = true;
    firstUp?.resolve();
    firstUp = undefined;
  };

  const down = (why: string) => {
    if (link === 'down') return;
    const was = link;
    link = 'down';
    clearInterval(beatTimer);
    // Lines in flight may or may not have reached Redis: deliver them here now; copies that
    // come back later are recognised and dropped.
    for (const out of outbox) deliverLocally(out);
    if (was === 'up' || wasUp) {
      emit({ type: 'redis', state: 'down', detail: `${target.display}: ${why}; retrying` });
      tellRooms(INTERRUPTED);
    }
  };

  cmd.on('ready', () => {
    if (!closed) void up();
  });
  cmd.on('error', (error: unknown) => {
    lastFailure = redisFailure(error);
  });
  cmd.on('close', () => {
    if (!closed) down(lastFailure || 'connection lost');
  });
  sub.on('error', () => {});
  sub.on('close', () => (subId = undefined));

  // ---- the directory (what the chat asks) ----

  const findCursor = (room: NameKey): Promise<void> => {
    const pending = finding.get(room);
    if (pending !== undefined) return pending;
    if (cursors.has(room)) return Promise.resolve();
    const found = (async () => {
      if (link !== 'up') {
        // Joined while away: read from now on (stream ids are times).
        cursors.set(room, { id: `${Date.now()}-0`, delivered: newDelivered() });
        return;
      }
      const newest = (await cmd.xrevrange(roomKey(room), '+', '-', 'COUNT', 1)) as [
        string,
        string[],
      ][];
      cursors.set(room, { id: newest[0]?.[0] ?? '0-0', delivered: newDelivered() });
    })().finally(() => {
      finding.delete(room);
      wake();
    });
    finding.set(room, found);
    return found;
  };

  const directory: Directory = {
    async claim(nick, id) {
      if (link !== 'up') return 'offline';
      try {
        const ok = Number(await cmd.claimNick(NICKS, nick, owner(id)));
        return ok === 1 ? 'ok' : ('taken' satisfies ClaimResult);
      } catch {
        return 'offline';
      }
    },
    release(nick, id) {
      const who = owner(id);
      if (link === 'down') releases.push({ nick, owner: who });
      else cmd.releaseNick(NICKS, nick, who).catch(() => releases.push({ nick, owner: who }));
    },
    changed: (id) => writePresence(id),
    left(id, nick) {
      directory.release(nick, id);
      if (link !== 'down') cmd.hdel(membersKey(me), String(id)).catch(() => {});
    },
    async others() {
      if (link !== 'up') throw new Error('offline');
      const nodes = (await cmd.hkeys(NODES)).filter((node) => node !== me);
      const all = await Promise.all(nodes.map((node) => cmd.hvals(membersKey(node))));
      const presences: Presence[] = [];
      all.forEach((records, i) => {
        for (const record of records) {
          const p = decodePresence(record, nodes[i]!);
          if (p !== undefined) presences.push(p);
        }
      });
      return presences;
    },
    async history(room) {
      await findCursor(room);
      const cursor = cursors.get(room);
      if (cursor === undefined || link !== 'up') return [];
      // Up to what this server's members have been sent: the joiner gets the rest live.
      const entries = (await cmd.xrevrange(
        roomKey(room),
        cursor.id,
        '-',
        'COUNT',
        HISTORY_LINES * 10,
      )) as [string, string[]][];
      const decoded = entries
        .map(([, fields]) => decodeEntry(fields))
        .filter((e): e is RoomEntry => e !== undefined && e.skip !== me);
      return historyLines(decoded, HISTORY_LINES);
    },
    nextGuest() {
      if (guests.next > guests.last && pendingBlock !== undefined) {
        guests = pendingBlock;
        pendingBlock = undefined;
      }
      if (guests.next > guests.last) {
        refillGuests();
        // Out of numbers with Redis away: a number from a range the counter takes years to reach.
        return fallbackGuest++;
      }
      if (guests.last - guests.next < GUEST_BLOCK / 2 && pendingBlock === undefined) refillGuests();
      return guests.next++;
    },
  };

  let fanout: Fanout | undefined;

  return {
    node: me,
    directory,
    attach(theChat, theRecipient) {
      chat = theChat;
      recipient = theRecipient;
      const local = createLocalFanout(theChat, theRecipient);
      fanout = {
        toRoom,
        toNick(nick, text, from, unknown) {
          const id = theChat.memberByNick(nick);
          if (id !== undefined) {
            deliverTo(id, text);
            return;
          }
          if (link !== 'up') {
            deliverTo(from, unknown.replace(/\n$/, ' (chat with other servers is interrupted)\n'));
            return;
          }
          cmd
            .hget(NICKS, nick)
            .then(async (holder) => {
              const node = holder?.slice(0, holder.lastIndexOf('/'));
              if (node === undefined || node === '') {
                deliverTo(from, unknown);
                return;
              }
              await cmd.xadd(inboxKey(node), 'MAXLEN', '~', INBOX_BOUND, '*', 'k', nick, 't', text);
            })
            .catch(() =>
              deliverTo(
                from,
                unknown.replace(/\n$/, ' (chat with other servers is interrupted)\n'),
              ),
            );
        },
        congested: local.congested,
      };
      return fanout;
    },
    async start() {
      const failed = new Promise<never>((_, reject) => {
        cmd.once('error', (error: unknown) => reject(error));
      });
      const synced = new Promise<void>((resolve, reject) => (firstUp = { resolve, reject }));
      try {
        await Promise.race([cmd.connect(), failed]);
        await sub.connect();
        await Promise.race([synced, failed]);
      } catch (error) {
        const why = redisFailure(error);
        if (!options.optional) {
          closed = true;
          cmd.disconnect();
          sub.disconnect();
          throw new ServerError('EREDIS', `cannot use Redis at ${target.display}: ${why}`);
        }
        emit({
          type: 'redis',
          state: 'down',
          detail: `${target.display}: ${why}; serving alone until it can be reached`,
        });
        wasUp = true; // its coming later is a restoration, told to the members
        if (sub.status !== 'ready') sub.connect().catch(() => {});
      }
      failed.catch(() => {});
      void readLoop();
    },
    async close() {
      closed = true;
      clearInterval(beatTimer);
      clearTimeout(retryTimer);
      if (link === 'up') {
        try {
          await dropNodes('server shutdown', me);
        } catch {
          // Redis went away meanwhile: the others drop this server when its beat stops.
        }
      }
      sub.disconnect();
      await cmd.quit().catch(() => cmd.disconnect());
    },
  };
}

interface Scripts {
  claimNick(nicks: string, nick: string, owner: string): Promise<unknown>;
  releaseNick(nicks: string, nick: string, owner: string): Promise<unknown>;
  register(
    nodes: string,
    alive: string,
    lost: string,
    me: string,
    at: number,
    ttl: number,
  ): Promise<unknown>;
  dropNodes(
    nodes: string,
    nicks: string,
    prefix: string,
    me: string,
    bound: number,
    ttl: number,
    reason: string,
    only: string,
  ): Promise<unknown>;
}

function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function isEmpty(items: Iterable<unknown>): boolean {
  for (const _ of items) return false;
  return true;
}

/** Resolves when `redis` is ready again, or has given up for good. */
function readyOrEnd(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      redis.off('ready', done);
      redis.off('end', done);
      resolve();
    };
    redis.on('ready', done);
    redis.on('end', done);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
