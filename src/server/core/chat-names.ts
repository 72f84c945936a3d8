import stringWidth from 'string-width';

/**
 * Nickname and room-name rules. Names are compared by a key that ignores case and Unicode
 * compatibility forms (NFKC, then case folding), so `Ada`, `ada` and fullwidth `Ａｄａ` are one
 * name and nobody can pose as someone else with a look-alike spelling of the same letters.
 */

/** A name as compared: NFKC plus full case folding. */
export type NameKey = string & { readonly __brand: 'NameKey' };

/** A valid name: as its owner spelt it, and its key. */
export interface Name {
  readonly name: string;
  readonly key: NameKey;
}

export type NameCheck =
  ({ readonly ok: true } & Name) | { readonly ok: false; readonly why: string };

export const MAX_NICK_COLUMNS = 20;
export const MAX_ROOM_CHARS = 32;

/** The comparison key of a name. */
export function nameKey(name: string): NameKey {
  // toUpperCase then toLowerCase folds what lowercasing alone misses (ß → ss, ς → σ).
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC') as NameKey;
}

const NICK_CHARS = /^[\p{L}\p{M}\p{Nd}_.-]+$/u;
const ROOM_CHARS = /^[\p{L}\p{M}\p{Nd}_-]+$/u;
const GUEST = /^guest\d+$/;
const RESERVED = new Set(['server', 'tcpchat']);

/** The nickname every connection starts with. */
export function guestName(n: number): Name {
  const name = `guest${n}`;
  return { name, key: nameKey(name) };
}

/** Checks a nickname someone asked for; `why` is shown as `ERR invalid nickname: WHY`. */
export function checkNickname(name: string): NameCheck {
  if (name === '') return { ok: false, why: 'empty' };
  if (!NICK_CHARS.test(name)) {
    return { ok: false, why: 'only letters, digits, "_", "-" and "." are allowed' };
  }
  if (/^[\p{Nd}\p{M}-]/u.test(name)) {
    return { ok: false, why: 'must start with a letter, "_" or "."' };
  }
  const columns = stringWidth(name);
  if (columns > MAX_NICK_COLUMNS) {
    return { ok: false, why: `at most ${MAX_NICK_COLUMNS} columns wide` };
  }
  const key = nameKey(name);
  if (RESERVED.has(key) || GUEST.test(key)) return { ok: false, why: `${name} is reserved` };
  return { ok: true, name, key };
}

/** Checks a room name (`#` optional); the name comes back with its `#`. */
export function checkRoomName(input: string): NameCheck {
  const bare = input.startsWith('#') ? input.slice(1) : input;
  if (bare === '') return { ok: false, why: 'empty' };
  if (!ROOM_CHARS.test(bare)) {
    return { ok: false, why: 'only letters, digits, "_" and "-" are allowed' };
  }
  if ([...bare].length > MAX_ROOM_CHARS) {
    return { ok: false, why: `at most ${MAX_ROOM_CHARS} characters` };
  }
  const name = `#${bare}`;
  return { ok: true, name, key: nameKey(name) };
}
