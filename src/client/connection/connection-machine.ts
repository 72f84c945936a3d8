import { formatTarget, type Target, type TransportKind } from '../../shared/target.js';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff.js';
import type {
  ConnectionEvent,
  ConnectionSnapshot,
  ConnectionStats,
  ConnectionStatus,
  TlsSummary,
} from './connection-types.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { formatSeconds } from '../../shared/duration.js';
import { closedByServerText } from './error-text.js';
import {
  initialRtt,
  rttAbandoned,
  rttAverage,
  rttReceived,
  rttSent,
  type RttState,
} from './rtt.js';

/**
 * The connection's life as a pure state machine: the socket shell (connection.ts) feeds it
 * what happened (`MachineInput`) and carries out what it decides (`Effect`).
 */

export interface MachineConfig {
  readonly target: Target;
  /** udp: no connection, one datagram per line; tls: tcp with a TLS session on top. */
  readonly transport: TransportKind;
  /** The server's character encoding, and how long text is in it (UTF-8 when absent). */
  readonly encoding?: { readonly name: string; readonly byteLength: (text: string) => number };
  readonly reconnect: boolean;
  readonly crlf: boolean;
  readonly connectTimeoutMs: number;
  readonly embedded: boolean;
  readonly backoff?: BackoffPolicy;
}

/** A message waiting for a connection, already encoded for the wire. */
interface QueuedMessage {
  readonly chunks: readonly string[];
  readonly lines: number;
}

export interface MachineState {
  readonly config: MachineConfig;
  readonly snapshot: ConnectionSnapshot;
  readonly queue: readonly QueuedMessage[];
  readonly rtt: RttState;
  /** Waits in a row since the last successful connection; drives the backoff. */
  readonly retries: number;
  readonly everConnected: boolean;
  readonly started: boolean;
  /** The server's unfinished line as last reported (a prompt). */
  readonly partial: string;
}

export type MachineInput =
  | { readonly type: 'start' }
  | {
      readonly type: 'opened';
      readonly at: number;
      readonly remoteAddress: string | undefined;
      readonly localAddress: string | undefined;
      /** The session, over TLS. */
      readonly tls?: TlsSummary;
    }
  /**
   * The socket is gone (or our connect timer gave up on it). `reason` says why in one line;
   * undefined means the server closed it normally. `random` in [0, 1) spreads the backoff.
   * `permanent` failures (a bad certificate) are not retried on a timer, only when asked.
   */
  | {
      readonly type: 'lost';
      readonly at: number;
      readonly reason: string | undefined;
      readonly random: number;
      readonly permanent?: boolean;
    }
  /** Something went wrong that does not end the connection (a UDP port unreachable). */
  | { readonly type: 'trouble'; readonly reason: string }
  /** Bytes written but not yet taken by the OS. */
  | { readonly type: 'backlog'; readonly bytes: number }
  /** Telnet negotiation settled something: it is on, and whether the server echoes. */
  | { readonly type: 'telnet'; readonly active: boolean; readonly serverEcho: boolean }
  /** The reconnect wait is over (its timer fired, or the user asked to retry now). */
  | { readonly type: 'retry' }
  | {
      readonly type: 'send';
      readonly at: number;
      readonly lines: readonly string[];
      readonly secret?: boolean;
    }
  | {
      readonly type: 'received';
      readonly at: number;
      readonly lines: readonly string[];
      readonly bytes: number;
      /** The unfinished line after `lines` (a prompt); `''` for none. */
      readonly partial?: string;
      /** UDP: the datagrams these lines came in. */
      readonly datagrams?: number;
      /** The bytes as read off the wire (hex view, --log-raw). */
      readonly raw?: Uint8Array;
    }
  | { readonly type: 'close' };

export type Effect =
  /** Open a socket to the target; give up after `timeoutMs`. */
  | { readonly type: 'connect'; readonly timeoutMs: number }
  /** Stream: write the chunks in order. UDP: each chunk is one datagram. */
  | { readonly type: 'write'; readonly chunks: readonly string[] }
  /** Drop the current socket, if any, and its connect timer. */
  | { readonly type: 'disconnect' }
  | { readonly type: 'schedule-retry'; readonly delayMs: number }
  | { readonly type: 'cancel-retry' }
  | { readonly type: 'emit'; readonly event: ConnectionEvent };

export interface Step {
  readonly state: MachineState;
  readonly effects: readonly Effect[];
}

const initialStats: ConnectionStats = {
  linesSent: 0,
  bytesSent: 0,
  linesReceived: 0,
  bytesReceived: 0,
  reconnects: 0,
  datagramsReceived: 0,
  lastReceivedAt: undefined,
  unansweredSince: undefined,
  lastRttMs: undefined,
  avgRttMs: undefined,
};

/** What the side panel shows before the first attempt: connecting, nothing counted yet. */
export function initialSnapshot(
  target: Target,
  embedded: boolean,
  transport: TransportKind = 'tcp',
  encoding = 'utf-8',
): ConnectionSnapshot {
  return {
    status: { type: 'connecting', attempt: 1 },
    target,
    transport,
    encoding,
    tls: undefined,
    telnet: undefined,
    trouble: undefined,
    unsent: 0,
    remoteAddress: undefined,
    localAddress: undefined,
    embedded,
    queued: 0,
    stats: initialStats,
  };
}

/** The state before `start`: about to make the first attempt. */
export function initialMachineState(config: MachineConfig): MachineState {
  return {
    config,
    snapshot: initialSnapshot(
      config.target,
      config.embedded,
      config.transport,
      config.encoding?.name,
    ),
    queue: [],
    rtt: initialRtt,
    retries: 0,
    everConnected: false,
    started: false,
    partial: '',
  };
}

/** Encodes one message of N lines as N protocol lines. */
export function encodeMessage(lines: readonly string[], crlf: boolean): string {
  const eol = crlf ? '\r\n' : '\n';
  return lines.join(eol) + eol;
}

/** A message as the transport sends it: one write on a stream, one datagram per line over UDP. */
function encodeChunks(lines: readonly string[], config: MachineConfig): readonly string[] {
  if (config.transport !== 'udp') return [encodeMessage(lines, config.crlf)];
  const eol = config.crlf ? '\r\n' : '\n';
  return lines.map((line) => line + eol);
}

function byteLength(chunks: readonly string[], config: MachineConfig): number {
  const length = config.encoding?.byteLength ?? ((text: string) => Buffer.byteLength(text));
  let bytes = 0;
  for (const chunk of chunks) bytes += length(chunk);
  return bytes;
}

/** How the machine names the transport in what it tells the user (`over TLS`). */
function over(config: MachineConfig): string {
  return config.transport === 'tcp' ? '' : ` over ${config.transport.toUpperCase()}`;
}

/** `TLS 1.3, TLS_AES_256_GCM_SHA384, certificate for localhost from tcpchat CA, verified`. */
export function describeTls(tls: TlsSummary): string {
  const protocol = tls.protocol.replace(/^TLSv/, 'TLS ');
  const check = tls.verified
    ? 'verified'
    : `NOT verified (--insecure)${tls.unverifiedReason === undefined ? '' : `: ${tls.unverifiedReason}`}`;
  return `${protocol}, ${tls.cipher}, certificate for ${tls.subject} from ${tls.issuer}, ${check}`;
}

const system = (level: 'info' | 'warn' | 'error', text: string): Effect => ({
  type: 'emit',
  event: { type: 'system', level, text },
});

function withStatus(state: MachineState, status: ConnectionStatus): MachineState {
  return { ...state, snapshot: { ...state.snapshot, status } };
}

function withRtt(snapshot: ConnectionSnapshot, rtt: RttState): ConnectionSnapshot {
  return {
    ...snapshot,
    stats: { ...snapshot.stats, lastRttMs: rtt.last, avgRttMs: rttAverage(rtt) },
  };
}

function start(state: MachineState): Step {
  if (state.started) return { state, effects: [] };
  const next = { ...state, started: true };
  return {
    state: next,
    effects: [
      system(
        'info',
        state.config.transport === 'udp'
          ? `sending to ${formatTarget(state.config.target)} over UDP`
          : `connecting to ${formatTarget(state.config.target)}${over(state.config)}`,
      ),
      { type: 'connect', timeoutMs: state.config.connectTimeoutMs },
      // Nothing changed yet, but listeners get the snapshot they start from.
      { type: 'emit', event: { type: 'state', snapshot: state.snapshot } },
    ],
  };
}

function opened(state: MachineState, input: Extract<MachineInput, { type: 'opened' }>): Step {
  if (state.snapshot.status.type !== 'connecting') return { state, effects: [] };
  const target = formatTarget(state.config.target);
  const where =
    input.remoteAddress !== undefined && input.remoteAddress !== target
      ? `${target} (${input.remoteAddress})`
      : target;
  const effects: Effect[] = [
    system(
      'info',
      // UDP has no connection: the socket is ready once the name is resolved.
      state.config.transport === 'udp'
        ? `ready: each line goes to ${where} as one UDP datagram`
        : `connected to ${where}${over(state.config)}`,
    ),
  ];
  if (input.tls !== undefined) {
    effects.push(system(input.tls.verified ? 'info' : 'warn', describeTls(input.tls)));
  }
  let stats = state.snapshot.stats;
  if (state.everConnected) stats = { ...stats, reconnects: stats.reconnects + 1 };
  let rtt = state.rtt;
  const queue = state.queue;
  if (queue.length > 0) {
    const all = queue.flatMap((m) => m.chunks);
    // A stream gets the backlog in one write; UDP keeps one datagram per line.
    const chunks = state.config.transport === 'udp' ? all : [all.join('')];
    effects.push({ type: 'write', chunks });
    stats = {
      ...stats,
      linesSent: stats.linesSent + queue.reduce((n, m) => n + m.lines, 0),
      bytesSent: stats.bytesSent + byteLength(chunks, state.config),
      unansweredSince: stats.unansweredSince ?? input.at,
    };
    rtt = rttSent(rtt, input.at);
    effects.push({ type: 'emit', event: { type: 'flushed', messages: queue.length } });
  }
  return {
    state: {
      ...state,
      queue: [],
      rtt,
      retries: 0,
      everConnected: true,
      snapshot: {
        ...state.snapshot,
        status: { type: 'connected', since: input.at },
        remoteAddress: input.remoteAddress,
        localAddress: input.localAddress,
        tls: input.tls,
        stats,
      },
    },
    effects,
  };
}

function lost(state: MachineState, input: Extract<MachineInput, { type: 'lost' }>): Step {
  const status = state.snapshot.status;
  if (status.type !== 'connecting' && status.type !== 'connected') return { state, effects: [] };
  const byServer = input.reason === undefined;
  const reason = input.reason ?? closedByServerText;
  const effects: Effect[] = [{ type: 'disconnect' }, system(byServer ? 'warn' : 'error', reason)];
  const base: MachineState = {
    ...state,
    partial: '',
    rtt: rttAbandoned(state.rtt),
    snapshot: {
      ...state.snapshot,
      localAddress: undefined,
      tls: undefined,
      telnet: undefined,
      unsent: 0,
      stats: { ...state.snapshot.stats, unansweredSince: undefined },
    },
  };
  if (input.permanent === true && state.config.reconnect) {
    // Retrying a bad certificate every few seconds fixes nothing: wait for the user.
    return {
      state: withStatus({ ...base, retries: 0 }, { type: 'error', reason, canRetry: true }),
      effects,
    };
  }
  if (!state.config.reconnect) {
    return {
      state: withStatus(
        base,
        byServer ? { type: 'disconnected', reason } : { type: 'error', reason },
      ),
      effects,
    };
  }
  const retries = state.retries + 1;
  const delayMs = backoffDelay(retries, input.random, state.config.backoff ?? defaultBackoff);
  // After a drop the count starts over; after a failed attempt it goes on.
  const attempt = status.type === 'connected' ? 1 : status.attempt + 1;
  effects.push(system('info', `reconnecting in ${formatSeconds(delayMs)} (attempt ${attempt})`), {
    type: 'schedule-retry',
    delayMs,
  });
  return {
    state: withStatus(
      { ...base, retries },
      { type: 'reconnecting', attempt, retryAt: input.at + delayMs, reason },
    ),
    effects,
  };
}

function retry(state: MachineState): Step {
  const status = state.snapshot.status;
  let attempt: number;
  if (status.type === 'reconnecting') attempt = status.attempt;
  else if (status.type === 'error' && status.canRetry === true) attempt = 1;
  else return { state, effects: [] };
  return {
    state: withStatus(state, { type: 'connecting', attempt }),
    effects: [
      { type: 'cancel-retry' },
      system(
        'info',
        `connecting to ${formatTarget(state.config.target)}${over(state.config)} (attempt ${attempt})`,
      ),
      { type: 'connect', timeoutMs: state.config.connectTimeoutMs },
    ],
  };
}

function sentEvent(
  input: Extract<MachineInput, { type: 'send' }>,
  queued: boolean,
): ConnectionEvent {
  return input.secret === true
    ? { type: 'sent', lines: input.lines, queued, secret: true }
    : { type: 'sent', lines: input.lines, queued };
}

function send(state: MachineState, input: Extract<MachineInput, { type: 'send' }>): Step {
  if (input.lines.length === 0) return { state, effects: [] };
  const chunks = encodeChunks(input.lines, state.config);
  if (state.snapshot.status.type === 'connected') {
    const stats = state.snapshot.stats;
    return {
      state: {
        ...state,
        rtt: rttSent(state.rtt, input.at),
        snapshot: {
          ...state.snapshot,
          stats: {
            ...stats,
            linesSent: stats.linesSent + input.lines.length,
            bytesSent: stats.bytesSent + byteLength(chunks, state.config),
            unansweredSince: stats.unansweredSince ?? input.at,
          },
        },
      },
      effects: [
        { type: 'write', chunks },
        { type: 'emit', event: sentEvent(input, false) },
      ],
    };
  }
  const queue = [...state.queue, { chunks, lines: input.lines.length }];
  return {
    state: { ...state, queue },
    effects: [{ type: 'emit', event: sentEvent(input, true) }],
  };
}

function received(state: MachineState, input: Extract<MachineInput, { type: 'received' }>): Step {
  if (state.snapshot.status.type !== 'connected') return { state, effects: [] };
  const n = input.lines.length;
  const stats = state.snapshot.stats;
  const rtt = n > 0 ? rttReceived(state.rtt, input.at) : state.rtt;
  const heard = input.bytes > 0 || (input.datagrams ?? 0) > 0;
  const snapshot: ConnectionSnapshot = {
    ...state.snapshot,
    trouble: heard ? undefined : state.snapshot.trouble,
    stats: {
      ...stats,
      linesReceived: stats.linesReceived + n,
      bytesReceived: stats.bytesReceived + input.bytes,
      datagramsReceived: stats.datagramsReceived + (input.datagrams ?? 0),
      lastReceivedAt: heard ? input.at : stats.lastReceivedAt,
      unansweredSince: heard ? undefined : stats.unansweredSince,
    },
  };
  const partial = input.partial ?? '';
  const raw = input.raw !== undefined && input.raw.length > 0 ? input.raw : undefined;
  const news = n > 0 || partial !== state.partial || raw !== undefined;
  return {
    state: {
      ...state,
      rtt,
      partial,
      snapshot: rtt === state.rtt ? snapshot : withRtt(snapshot, rtt),
    },
    effects: news
      ? [
          {
            type: 'emit',
            event:
              raw === undefined
                ? { type: 'received', lines: input.lines, partial }
                : { type: 'received', lines: input.lines, partial, raw },
          },
        ]
      : [],
  };
}

function close(state: MachineState): Step {
  const status = state.snapshot.status;
  // Already down for good: keep the reason (closed by server, refused...) on show.
  if (status.type === 'disconnected' || status.type === 'error') {
    return { state: { ...state, started: true }, effects: [] };
  }
  return {
    state: withStatus(
      { ...state, started: true, rtt: rttAbandoned(state.rtt) },
      { type: 'disconnected', reason: 'closed' },
    ),
    effects: [{ type: 'cancel-retry' }, { type: 'disconnect' }],
  };
}

function reduce(state: MachineState, input: MachineInput): Step {
  switch (input.type) {
    case 'start':
      return start(state);
    case 'opened':
      return opened(state, input);
    case 'lost':
      return lost(state, input);
    case 'retry':
      return retry(state);
    case 'send':
      return send(state, input);
    case 'received':
      return received(state, input);
    case 'trouble': {
      // Said once per spell of trouble, not once per unanswered datagram.
      const again = state.snapshot.trouble === input.reason;
      return {
        state: { ...state, snapshot: { ...state.snapshot, trouble: input.reason } },
        effects: again ? [] : [system('warn', input.reason)],
      };
    }
    case 'backlog':
      return {
        state: { ...state, snapshot: { ...state.snapshot, unsent: input.bytes } },
        effects: [],
      };
    case 'telnet': {
      if (!input.active) return { state, effects: [] };
      const first = state.snapshot.telnet === undefined;
      const telnet = { serverEcho: input.serverEcho };
      return {
        state: { ...state, snapshot: { ...state.snapshot, telnet } },
        effects: first ? [system('info', 'telnet server: negotiating (IAC)')] : [],
      };
    }
    case 'close':
      return close(state);
    default:
      return checkExhaustive(input);
  }
}

/** The snapshot with `queued` read off the queue: the one place that count is kept. */
function withQueued(state: MachineState): MachineState {
  const queued = state.queue.length;
  return state.snapshot.queued === queued
    ? state
    : { ...state, snapshot: { ...state.snapshot, queued } };
}

/**
 * Applies one input. Every change of the snapshot ends the effects with one `state` event,
 * so a burst of received lines costs one state event per socket read, not per line.
 */
export function step(state: MachineState, input: MachineInput): Step {
  const result = reduce(state, input);
  const next = withQueued(result.state);
  if (next.snapshot === state.snapshot) return result;
  return {
    state: next,
    effects: [
      ...result.effects,
      { type: 'emit', event: { type: 'state', snapshot: next.snapshot } },
    ],
  };
}
