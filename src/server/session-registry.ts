import type { Session } from './session.js';

/**
 * The live sessions of one server, in connection order. Everything that addresses more
 * than one client (the shutdown notice now, chat broadcast later) goes through here.
 */
export class SessionRegistry implements Iterable<Session> {
  private readonly sessions = new Set<Session>();

  get size(): number {
    return this.sessions.size;
  }

  add(session: Session): void {
    this.sessions.add(session);
  }

  delete(session: Session): void {
    this.sessions.delete(session);
  }

  /** Sends whole lines of text to every session except `except`. */
  broadcast(text: string, except?: Session): void {
    for (const session of this.sessions) if (session !== except) session.send(text);
  }

  [Symbol.iterator](): Iterator<Session> {
    return this.sessions.values();
  }
}
