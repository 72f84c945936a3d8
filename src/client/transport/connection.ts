import { performance } from 'node:perf_hooks';
import type { Target, TransportKind } from '../../shared/target.js';
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
import type { Link, LinkEvents, OpenLink } from './link.js';
import { streamLink, type TlsSettings } from './stream-link.js';
import { udpLink } from './udp-link.js';
import type { TextEncoding } from '../../protocol/text-encoding.js';
import type { TelnetMode, WindowSize } from '../../protocol/telnet-client.js';

/** How the client reaches the server: chosen once, from the options and the target. */
export type Transport =
  { readonly type: 'tcp' } | ({ readonly type: 'tls' } & TlsSettings) | { readonly type: 'udp' };

export interface ConnectionOptions {
  readonly target: Target;
  /** Plain TCP when absent. */
  readonly transport?: Transport;
  /** The server's character encoding; UTF-8 when absent. */
  readonly encoding?: TextEncoding;
  /** Telnet negotiation: when the server starts it (auto, the default), always, or never. */
  readonly telnet?: TelnetMode;
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
  /** Resolves once everything written has been handed to the OS, or the link is gone. */
  drained(): Promise<void>;
  /** Bytes written but not yet handed to the OS. */
  readonly buffered: number;
}

const epochClock = (): number => performance.timeOrigin + performance.now();

function linkFactory(
  target: Target,
  transport: Transport,
  encoding: TextEncoding | undefined,
  telnet: TelnetMode,
  windowSize: () => WindowSize,
): OpenLink {
  switch (transport.type) {
    case 'tcp':
      return streamLink(target, undefined, encoding, telnet, windowSize);
    case 'tls':
      return streamLink(target, transport, encoding, telnet, windowSize);
    case 'udp':
      return udpLink(target, encoding);
    default:
      return transport satisfies never;
  }
}

/**
 * Connects to `options.target` (on the first `subscribe`, so no listener misses an event)
 * and keeps the connection: reconnect with backoff, queue while down, stats and RTT.
 */
export function createConnection(options: ConnectionOptions): ClientConnection {
  const random = options.random ?? Math.random;
  const clock = options.clock ?? epochClock;
  const transport = options.transport ?? { type: 'tcp' };
  const kind: TransportKind = transport.type;
  const encoding = options.encoding;
  // What the output pane measures (the TUI says; 80×24 until it does, as telnet assumes).
  let windowSize: WindowSize = { cols: 80, rows: 24 };
  // Reads deferred as asked (deferReads), and as the link was last told: not while a reply is
  // awaited, so a round trip is timed when the reply arrives, not when the frame is due.
  let readsDeferred = false;
  let linkDeferred = false;
  function deferLinkReads(): void {
    const defer = readsDeferred && state.rtt.pendingSince === undefined;
    if (defer === linkDeferred) return;
    linkDeferred = defer;
    link?.deferReads(defer);
  }
  const openLink = linkFactory(
    options.target,
    transport,
    encoding,
    options.telnet ?? 'auto',
    () => windowSize,
  );
  const listeners = new Set<(event: ConnectionEvent) => void>();
  let state: MachineState = initialMachineState({
    target: options.target,
    transport: kind,
    encoding:
      encoding === undefined
        ? undefined
        : { name: encoding.name, byteLength: (text) => encoding.encode(text).length },
    reconnect: options.reconnect,
    crlf: options.crlf,
    connectTimeoutMs: options.connectTimeoutMs,
    embedded: options.embedded ?? false,
    backoff: options.backoff,
  });

  let link: Link | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  // Links told to go away but not closed yet: close() waits for them.
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
    deferLinkReads();
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
        link?.write(effect.chunks);
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
    const l = link;
    link = undefined;
    if (l === undefined) return;
    const done = l.destroy();
    closing.add(done);
    void done.then(() => closing.delete(done));
  }

  function open(timeoutMs: number): void {
    // Events from a link that has been replaced or dropped are stale: only the current one
    // speaks (links report asynchronously, so `self` is set by the time they do).
    const current = () => self === link;
    const events: LinkEvents = {
      opened(info) {
        if (current()) dispatch({ type: 'opened', at: clock(), ...info });
      },
      received(lines, bytes, partial, datagrams, raw) {
        if (current()) {
          dispatch({ type: 'received', at: clock(), lines, bytes, partial, datagrams, raw });
        }
      },
      lost(reason, permanent) {
        if (current()) dispatch({ type: 'lost', at: clock(), reason, random: random(), permanent });
      },
      trouble(reason) {
        if (current()) dispatch({ type: 'trouble', reason });
      },
      telnet(view) {
        if (current()) dispatch({ type: 'telnet', ...view });
      },
      backlog(bytes) {
        if (current()) dispatch({ type: 'backlog', bytes });
      },
    };
    const self = openLink(events, timeoutMs);
    link = self;
    linkDeferred = false;
    deferLinkReads();
  }

  function snapshot(): ConnectionSnapshot {
    return state.snapshot;
  }

  return {
    send(lines, sendOptions) {
      const secret = sendOptions?.secret === true;
      dispatch({ type: 'send', at: clock(), lines: [...lines], ...(secret ? { secret } : {}) });
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
      // The machine cancels the retry and drops the link (or did when it went down for good).
      dispatch({ type: 'close' });
      await Promise.all([...closing]);
    },
    drained() {
      return link?.drained() ?? Promise.resolve();
    },
    setWindowSize(size) {
      windowSize = size;
      link?.resize(size);
    },
    deferReads(defer) {
      readsDeferred = defer;
      deferLinkReads();
    },
    get buffered() {
      return link?.buffered ?? 0;
    },
  };
}
