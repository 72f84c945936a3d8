import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { createLineFramer } from '../../protocol/line-framer.js';
import { formatTarget, type Target } from '../../shared/target.js';
import type { BackoffPolicy } from '../connection/backoff.js';
import {
  initialMachineState,
  step,
  type Effect,
  type MachineInput,
  type MachineState,
} from '../connection/connection-machine.js';
import type {
  Connection,
  ConnectionEvent,
  ConnectionSnapshot,
} from '../connection/connection-types.js';
import { describeConnectTimeout, describeSocketError } from '../connection/error-text.js';

export interface ConnectionOptions {
  readonly target: Target;
  readonly connectTimeoutMs: number;
  readonly reconnect: boolean;
  /** End sent lines with CRLF instead of LF. */
  readonly crlf: boolean;
  /** The server runs in this process (shown in the snapshot only). */
  readonly embedded?: boolean;
  readonly backoff?: BackoffPolicy;
  /** Jitter source, [0, 1). */
  readonly random?: () => number;
  /** Epoch milliseconds (fractional: round trips on localhost take well under 1 ms). */
  readonly clock?: () => number;
  /**
   * Sees every event before the subscribers, and does not start the connection
   * (the transcript log, which must not race the UI for the first subscription).
   */
  readonly observer?: (event: ConnectionEvent) => void;
}

/** A connection plus what piped mode needs to end without losing input. */
export interface ClientConnection extends Connection {
  /** Resolves once everything written has been handed to the OS, or the socket is gone. */
  drained(): Promise<void>;
  /** Bytes written but not yet handed to the OS. */
  readonly buffered: number;
}

/**
 * Longest line kept whole; longer server lines are split into pieces this long, never dropped.
 * 1 MiB keeps a minified JSON reply on one line and bounds what one unfinished line can hold.
 */
const MAX_SERVER_LINE = 1 << 20;

const epochClock = (): number => performance.timeOrigin + performance.now();

function socketAddress(address: string | undefined, port: number | undefined): string | undefined {
  return address === undefined || port === undefined
    ? undefined
    : formatTarget({ host: address, port });
}

/**
 * Connects to `options.target` (on the first `subscribe`, so no listener misses an event)
 * and keeps the connection: reconnect with backoff, queue while down, stats and RTT.
 */
export function createConnection(options: ConnectionOptions): ClientConnection {
  const random = options.random ?? Math.random;
  const clock = options.clock ?? epochClock;
  const listeners = new Set<(event: ConnectionEvent) => void>();
  let state: MachineState = initialMachineState({
    target: options.target,
    reconnect: options.reconnect,
    crlf: options.crlf,
    connectTimeoutMs: options.connectTimeoutMs,
    embedded: options.embedded ?? false,
    backoff: options.backoff,
  });

  let socket: net.Socket | undefined;
  let socketError: string | undefined;
  let connectTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  // Sockets told to go away but not closed yet: close() waits for them.
  const closing = new Set<Promise<void>>();

  // Inputs that arrive while effects run (a listener calling send) wait their turn,
  // so listeners see events in the order the machine produced them.
  const pending: MachineInput[] = [];
  let dispatching = false;

  function dispatch(input: MachineInput): void {
    pending.push(input);
    if (dispatching) return;
    dispatching = true;
    try {
      for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
        const result = step(state, next);
        state = result.state;
        for (const effect of result.effects) run(effect);
      }
    } finally {
      dispatching = false;
    }
  }

  function emit(event: ConnectionEvent): void {
    options.observer?.(event);
    for (const listener of listeners) listener(event);
  }

  function run(effect: Effect): void {
    switch (effect.type) {
      case 'connect':
        open(effect.timeoutMs);
        return;
      case 'write':
        socket?.write(effect.data);
        return;
      case 'disconnect':
        drop();
        return;
      case 'schedule-retry':
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => dispatch({ type: 'retry' }), effect.delayMs);
        return;
      case 'cancel-retry':
        clearTimeout(retryTimer);
        retryTimer = undefined;
        return;
      case 'emit':
        emit(effect.event);
        return;
      default:
        effect satisfies never;
    }
  }

  function drop(): void {
    clearTimeout(connectTimer);
    connectTimer = undefined;
    const s = socket;
    socket = undefined;
    if (s === undefined || s.closed) return;
    const done = new Promise<void>((resolve) => s.once('close', () => resolve()));
    closing.add(done);
    void done.then(() => closing.delete(done));
    s.destroy();
  }

  function lost(s: net.Socket, reason: string | undefined): void {
    if (s !== socket) return;
    dispatch({ type: 'lost', at: clock(), reason, random: random() });
  }

  function deliver(lines: string[], bytes: number): void {
    dispatch({ type: 'received', at: clock(), lines, bytes });
  }

  function open(timeoutMs: number): void {
    const { host, port } = options.target;
    const s = net.connect({ host, port, noDelay: true });
    socket = s;
    socketError = undefined;
    const lineFramer = createLineFramer({ maxLine: MAX_SERVER_LINE, overflow: 'split' });
    connectTimer = setTimeout(
      () => lost(s, describeConnectTimeout(options.target, timeoutMs)),
      timeoutMs,
    );
    s.once('connect', () => {
      if (s !== socket) return;
      clearTimeout(connectTimer);
      connectTimer = undefined;
      dispatch({
        type: 'opened',
        at: clock(),
        remoteAddress: socketAddress(s.remoteAddress, s.remotePort),
        localAddress: socketAddress(s.localAddress, s.localPort),
      });
    });
    s.on('data', (chunk: Buffer) => {
      if (s !== socket) return;
      const events = lineFramer.push(chunk);
      const lines: string[] = [];
      // A plain loop: this runs once per socket read for floods of short lines.
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        if (event.type === 'line') lines.push(event.text);
      }
      deliver(lines, chunk.length);
    });
    s.on('error', (error) => {
      // Kept after the socket is dropped too: a late error must not become an uncaught one.
      if (s !== socket) return;
      socketError = describeSocketError(error, options.target, state.snapshot.remoteAddress);
    });
    s.on('close', () => {
      if (s !== socket) return;
      // The last line may lack its newline (a server that writes and hangs up).
      const tail = lineFramer.flush();
      if (tail.length > 0) {
        deliver(
          tail.flatMap((e) => (e.type === 'line' ? [e.text] : [])),
          0,
        );
      }
      lost(s, socketError);
    });
  }

  function snapshot(): ConnectionSnapshot {
    return state.snapshot;
  }

  return {
    send(lines) {
      dispatch({ type: 'send', at: clock(), lines: [...lines] });
    },
    retryNow() {
      dispatch({ type: 'retry' });
    },
    snapshot,
    subscribe(listener) {
      listeners.add(listener);
      if (!state.started) dispatch({ type: 'start' });
      return () => {
        listeners.delete(listener);
      };
    },
    async close() {
      // The machine cancels the retry and drops the socket (or did when it went down for good).
      dispatch({ type: 'close' });
      await Promise.all([...closing]);
    },
    drained() {
      const s = socket;
      if (s === undefined || s.closed || s.writableLength === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          s.off('drain', done);
          s.off('close', done);
          resolve();
        };
        s.on('drain', done);
        s.on('close', done);
      });
    },
    get buffered() {
      return socket?.writableLength ?? 0;
    },
  };
}
