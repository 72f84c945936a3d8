import type { Presence } from './chat-directory.js';
import type { LocalPresence } from './chat.js';
import { nameKey } from './chat-names.js';

/**
 * A member as its server stores it in Redis (one hash field per member). The keys are there
 * for the Lua script that cleans up after a lost server: it needs the nickname's claim and
 * the room's stream without knowing our name rules.
 */
interface Record {
  /** Nickname as spelt, and its key. */
  readonly n: string;
  readonly k: string;
  /** Room name and key, or ''. */
  readonly r: string;
  readonly rk: string;
  /** Since (ms). */
  readonly s: number;
}

export function encodePresence(p: LocalPresence): string {
  const record: Record = {
    n: p.nick.name,
    k: p.nick.key,
    r: p.room ?? '',
    rk: p.room === undefined ? '' : nameKey(p.room),
    s: p.since,
  };
  return JSON.stringify(record);
}

/** A stored member of server `node`; undefined for anything that is not a record. */
export function decodePresence(json: string, node: string): Presence | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<Record>;
  if (typeof r.n !== 'string' || typeof r.r !== 'string' || typeof r.s !== 'number') {
    return undefined;
  }
  return { nick: r.n, room: r.r === '' ? undefined : r.r, since: r.s, node };
}
