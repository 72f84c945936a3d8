import type { MemberId } from './core/chat.js';
import type { Session } from './session.js';

/**
 * The live sessions of one server, in connection order, by chat id: the shutdown notice and
 * the in-process chat fan-out find them here.
 */
export class SessionRegistry implements Iterable<Session> {
  private readonly sessions = new Map<MemberId, Session>();

  get size(): number {
    return this.sessions.size;
  }

  add(session: Session): void {
    this.sessions.set(session.id, session);
  }

  delete(session: Session): void {
    this.sessions.delete(session.id);
  }

  /** The session with chat id `id`, if it is still connected. */
  get(id: MemberId): Session | undefined {
    return this.sessions.get(id);
  }

  /** Sends whole lines of text to every session except `except`. */
  broadcast(text: string, except?: Session): void {
    for (const session of this.sessions.values()) if (session !== except) session.send(text);
  }

  [Symbol.iterator](): Iterator<Session> {
    return this.sessions.values();
  }
}
