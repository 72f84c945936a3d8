/** What the sweeper needs from a session. */
export interface Sweepable {
  /** Set by the session whenever the client shows signs of life; cleared by each sweep. */
  active: boolean;
  /** Sweeps in a row that found the session inactive (kept by the sweeper). */
  quietSweeps: number;
  /** Tells the client and ends the connection. */
  idle(): void;
}

/**
 * Closes sessions silent for `idleMs`, with one timer for all of them: far cheaper than a
 * timer per socket refreshed on every read and write (or even a clock read per read). A
 * session goes between idleMs and idleMs + one period (idleMs / 4, at most 1 s) after its
 * last input.
 */
export class IdleSweeper {
  private timer: NodeJS.Timeout | undefined;
  private readonly period: number;
  private readonly quietSweepsAllowed: number;

  constructor(
    private readonly idleMs: number,
    private readonly sessions: Iterable<Sweepable>,
  ) {
    this.period = Math.min(1000, Math.max(10, Math.floor(idleMs / 4)));
    this.quietSweepsAllowed = Math.ceil(idleMs / this.period);
  }

  start(): void {
    if (this.idleMs <= 0 || this.timer !== undefined) return;
    this.timer = setInterval(() => this.sweep(), this.period).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    const due: Sweepable[] = [];
    for (const session of this.sessions) {
      if (session.active) {
        session.active = false;
        session.quietSweeps = 0;
      } else if (++session.quietSweeps >= this.quietSweepsAllowed) {
        due.push(session);
      }
    }
    // Collected first: idle() may end a session and change the set being iterated.
    for (const session of due) session.idle();
  }
}
