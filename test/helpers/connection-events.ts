import type {
  Connection,
  ConnectionEvent,
  ConnectionSnapshot,
} from '../../src/client/connection/connection-types.js';

/** Records every event of a connection, and waits for the ones a test needs. */
export interface EventLog {
  readonly events: ConnectionEvent[];
  /** Resolves with the first event (already seen or still to come) that matches. */
  next<T extends ConnectionEvent>(match: (event: ConnectionEvent) => event is T): Promise<T>;
  next(match: (event: ConnectionEvent) => boolean): Promise<ConnectionEvent>;
  /** Resolves once the status has the given type (now or later), with that snapshot. */
  status(type: ConnectionSnapshot['status']['type']): Promise<ConnectionSnapshot>;
  /** Every line received so far, in order. */
  received(): string[];
  /** Resolves once at least `n` lines have been received, with all of them. */
  receivedAtLeast(n: number): Promise<string[]>;
  /** System lines so far, as `level: text`. */
  system(): string[];
  stop(): void;
}

/** Subscribes to `connection` (which starts it) and records what it reports. */
export function recordEvents(connection: Connection): EventLog {
  const events: ConnectionEvent[] = [];
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const stop = connection.subscribe((event) => {
    events.push(event);
    if (event.type === 'received') for (const line of event.lines) lines.push(line);
    for (const w of [...waiters]) w();
  });

  function when<T>(check: () => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const test = () => {
        const value = check();
        if (value === undefined) return;
        waiters.delete(test);
        resolve(value);
      };
      waiters.add(test);
      test();
    });
  }

  const received = () => [...lines];

  return {
    events,
    next: (match: (event: ConnectionEvent) => boolean) => when(() => events.find(match)),
    status: (type) =>
      when(() => {
        const snapshot = connection.snapshot();
        return snapshot.status.type === type ? snapshot : undefined;
      }),
    received,
    receivedAtLeast: (n) => when(() => (lines.length >= n ? received() : undefined)),
    system: () => events.flatMap((e) => (e.type === 'system' ? [`${e.level}: ${e.text}`] : [])),
    stop,
  };
}
