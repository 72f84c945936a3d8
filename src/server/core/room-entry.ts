/**
 * A room's line as it is stored in its Redis stream, and the rule that delivers each line to a
 * server's members exactly once. Lines are sent again after a connection drops (the reply may
 * have been lost), and lines said while Redis was away were delivered here already: both are
 * recognised by their origin's sequence number, which only grows.
 */

/** One stream entry of a room. */
export interface RoomEntry {
  /** The server it came from. */
  readonly node: string;
  /** Its origin's sequence number; none for lines made inside Redis (a lost server's quits). */
  readonly seq: number | undefined;
  /** A member of the origin not to send it to (whoever said it). */
  readonly except: number | undefined;
  /** A server that must not deliver it (its members were told otherwise). */
  readonly skip: string | undefined;
  /** Said by a member (shown again to joiners), not a notice. */
  readonly said: boolean;
  /** Whole lines, each ending in LF. */
  readonly text: string;
}

/** The fields of an entry, as XADD takes them. */
export function encodeEntry(entry: RoomEntry): string[] {
  const fields = ['n', entry.node];
  if (entry.seq !== undefined) fields.push('s', String(entry.seq));
  if (entry.except !== undefined) fields.push('x', String(entry.except));
  if (entry.skip !== undefined) fields.push('z', entry.skip);
  if (entry.said) fields.push('m', '1');
  fields.push('t', entry.text);
  return fields;
}

/** An entry from XREAD's or XRANGE's field list; undefined when it is not one of ours. */
export function decodeEntry(fields: readonly string[]): RoomEntry | undefined {
  let node: string | undefined;
  let text: string | undefined;
  let seq: number | undefined;
  let except: number | undefined;
  let skip: string | undefined;
  let said = false;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1]!;
    switch (fields[i]) {
      case 'n':
        node = value;
        break;
      case 't':
        text = value;
        break;
      case 's':
        seq = toInteger(value);
        break;
      case 'x':
        except = toInteger(value);
        break;
      case 'z':
        skip = value;
        break;
      case 'm':
        said = value === '1';
        break;
    }
  }
  if (node === undefined || text === undefined) return undefined;
  return { node, seq, except, skip, said, text };
}

function toInteger(value: string): number | undefined {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** What one server has delivered of one room. */
export interface Delivered {
  /** Per origin server, the highest sequence number read back from the room's stream. */
  readonly highest: Map<string, number>;
  /** Its own lines delivered here before Redis had them (said while it was away). */
  readonly early: Set<number>;
}

export function newDelivered(): Delivered {
  return { highest: new Map(), early: new Set() };
}

/**
 * Whether `entry`, read from the room's stream, is news to server `me` (and, if so, notes it
 * as delivered): not one it must skip, not a copy of a line read already, and not one of its
 * own lines it delivered early. An origin publishes its lines in order and sends them again
 * only in order, so anything at or below the highest number seen is a copy.
 */
export function takeEntry(delivered: Delivered, entry: RoomEntry, me: string): boolean {
  if (entry.skip === me) return false;
  if (entry.seq === undefined) return true;
  const last = delivered.highest.get(entry.node);
  if (last !== undefined && entry.seq <= last) return false;
  delivered.highest.set(entry.node, entry.seq);
  return !(entry.node === me && delivered.early.delete(entry.seq));
}

/**
 * Whether server `me` should deliver its own `entry` now, before Redis has it (it is away);
 * if so it is noted, so the copy read back later is dropped.
 */
export function takeEarly(delivered: Delivered, entry: RoomEntry, me: string): boolean {
  if (entry.seq === undefined || entry.skip === me) return false;
  const last = delivered.highest.get(me);
  if ((last !== undefined && entry.seq <= last) || delivered.early.has(entry.seq)) return false;
  delivered.early.add(entry.seq);
  return true;
}

/**
 * The last `count` lines members said, oldest first, from entries newest first (as XREVRANGE
 * gives them), each copy of a line once.
 */
export function historyLines(newestFirst: readonly RoomEntry[], count: number): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const entry of newestFirst) {
    if (lines.length >= count) break;
    if (!entry.said) continue;
    if (entry.seq !== undefined) {
      const id = `${entry.node}/${entry.seq}`;
      if (seen.has(id)) continue;
      seen.add(id);
    }
    lines.push(entry.text);
  }
  return lines.reverse();
}
