import { describe, expect, it } from 'vitest';
import {
  encodeMessage,
  initialMachineState,
  step,
  type Effect,
  type MachineConfig,
  type MachineInput,
  type MachineState,
} from '../../src/client/connection/connection-machine.js';
import type { ConnectionEvent } from '../../src/client/connection/connection-types.js';

const config: MachineConfig = {
  target: { host: 'localhost', port: 9999 },
  transport: 'tcp',
  reconnect: true,
  crlf: false,
  connectTimeoutMs: 10_000,
  embedded: false,
};

/** Applies inputs in order; returns the final state and every effect. */
function run(
  inputs: readonly MachineInput[],
  state: MachineState = initialMachineState(config),
): { state: MachineState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const input of inputs) {
    const result = step(state, input);
    state = result.state;
    effects.push(...result.effects);
  }
  return { state, effects };
}

function events(effects: readonly Effect[]): ConnectionEvent[] {
  return effects.flatMap((e) => (e.type === 'emit' ? [e.event] : []));
}

function systemLines(effects: readonly Effect[]): string[] {
  return events(effects).flatMap((e) => (e.type === 'system' ? [`${e.level}: ${e.text}`] : []));
}

const opened = (at = 1000): MachineInput => ({
  type: 'opened',
  at,
  remoteAddress: '127.0.0.1:9999',
  localAddress: '127.0.0.1:40000',
});
const lost = (reason?: string, at = 5000, random = 0.5): MachineInput => ({
  type: 'lost',
  at,
  reason,
  random,
});

describe('connection machine', () => {
  it('starts by connecting, once', () => {
    const { state, effects } = run([{ type: 'start' }, { type: 'start' }]);
    expect(state.snapshot.status).toEqual({ type: 'connecting', attempt: 1 });
    expect(effects.filter((e) => e.type === 'connect')).toEqual([
      { type: 'connect', timeoutMs: 10_000 },
    ]);
    expect(systemLines(effects)).toEqual(['info: connecting to localhost:9999']);
    expect(events(effects).at(-1)).toEqual({ type: 'state', snapshot: state.snapshot });
  });

  it('records the addresses once connected', () => {
    const { state, effects } = run([{ type: 'start' }, opened(1234)]);
    expect(state.snapshot).toMatchObject({
      status: { type: 'connected', since: 1234 },
      remoteAddress: '127.0.0.1:9999',
      localAddress: '127.0.0.1:40000',
      embedded: false,
    });
    expect(systemLines(effects)).toContain('info: connected to localhost:9999 (127.0.0.1:9999)');
  });

  it('writes a message of N lines as one write of N lines, LF or CRLF', () => {
    const lines = ['GET / HTTP/1.0', 'Host: x', ''];
    const lf = run([{ type: 'start' }, opened(), { type: 'send', at: 2000, lines }]);
    expect(lf.effects.filter((e) => e.type === 'write')).toEqual([
      { type: 'write', chunks: ['GET / HTTP/1.0\nHost: x\n\n'] },
    ]);
    expect(lf.state.snapshot.stats).toMatchObject({ linesSent: 3, bytesSent: 24 });
    expect(events(lf.effects)).toContainEqual({ type: 'sent', lines, queued: false });

    const crlf = run(
      [{ type: 'start' }, opened(), { type: 'send', at: 2000, lines }],
      initialMachineState({ ...config, crlf: true }),
    );
    expect(crlf.effects.filter((e) => e.type === 'write')).toEqual([
      { type: 'write', chunks: ['GET / HTTP/1.0\r\nHost: x\r\n\r\n'] },
    ]);
  });

  it('counts bytes as UTF-8', () => {
    expect(encodeMessage(['你好'], false)).toBe('你好\n');
    const { state } = run([{ type: 'start' }, opened(), { type: 'send', at: 1, lines: ['你好'] }]);
    expect(state.snapshot.stats.bytesSent).toBe(7);
  });

  it('ignores an empty message', () => {
    const before = run([{ type: 'start' }, opened()]).state;
    const { state, effects } = run([{ type: 'send', at: 1, lines: [] }], before);
    expect(state).toBe(before);
    expect(effects).toEqual([]);
  });

  it('queues messages while not connected and delivers them in order, in one write', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'send', at: 10, lines: ['one'] },
      { type: 'send', at: 20, lines: ['two', 'three'] },
    ]);
    expect(state.snapshot.queued).toBe(2);
    expect(effects.some((e) => e.type === 'write')).toBe(false);
    expect(events(effects).filter((e) => e.type === 'sent')).toEqual([
      { type: 'sent', lines: ['one'], queued: true },
      { type: 'sent', lines: ['two', 'three'], queued: true },
    ]);

    const after = run([opened(500)], state);
    expect(after.effects.filter((e) => e.type === 'write')).toEqual([
      { type: 'write', chunks: ['one\ntwo\nthree\n'] },
    ]);
    expect(events(after.effects)).toContainEqual({ type: 'flushed', messages: 2 });
    expect(after.state.snapshot.queued).toBe(0);
    expect(after.state.snapshot.stats).toMatchObject({ linesSent: 3, bytesSent: 14 });
    // The flush starts a round trip.
    const reply = run([{ type: 'received', at: 530, lines: ['ok'], bytes: 3 }], after.state);
    expect(reply.state.snapshot.stats.lastRttMs).toBe(30);
  });

  it('reports received lines once per read, with stats and RTT', () => {
    const connected = run([
      { type: 'start' },
      opened(),
      { type: 'send', at: 2000, lines: ['date'] },
    ]);
    const lines = ['a', 'b', 'c'];
    const { state, effects } = run(
      [
        { type: 'received', at: 2004, lines, bytes: 6 },
        { type: 'received', at: 2100, lines: ['d'], bytes: 2 },
      ],
      connected.state,
    );
    const got = events(effects);
    expect(got.filter((e) => e.type === 'received')).toEqual([
      { type: 'received', lines, partial: '' },
      { type: 'received', lines: ['d'], partial: '' },
    ]);
    expect(got.filter((e) => e.type === 'state')).toHaveLength(2);
    expect(state.snapshot.stats).toMatchObject({
      linesReceived: 4,
      bytesReceived: 8,
      lastRttMs: 4,
      avgRttMs: 4,
    });
  });

  it('counts bytes of a read that completes no line without a received event', () => {
    const connected = run([{ type: 'start' }, opened()]).state;
    const { state, effects } = run([{ type: 'received', at: 1, lines: [], bytes: 5 }], connected);
    expect(events(effects).map((e) => e.type)).toEqual(['state']);
    expect(state.snapshot.stats.bytesReceived).toBe(5);
  });

  it('reports a server close and waits 1 s before reconnecting', () => {
    const connected = run([{ type: 'start' }, opened()]).state;
    const { state, effects } = run([lost(undefined, 5000, 0.5)], connected);
    expect(state.snapshot.status).toEqual({
      type: 'reconnecting',
      attempt: 1,
      retryAt: 6000,
      reason: 'closed by server',
    });
    expect(state.snapshot.localAddress).toBeUndefined();
    expect(effects[0]).toEqual({ type: 'disconnect' });
    expect(effects).toContainEqual({ type: 'schedule-retry', delayMs: 1000 });
    expect(systemLines(effects)).toEqual([
      'warn: closed by server',
      'info: reconnecting in 1 s (attempt 1)',
    ]);
  });

  it('doubles the wait after each failed attempt and starts over once connected', () => {
    let s = run([{ type: 'start' }]).state;
    const waits: number[] = [];
    const attempts: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = run([lost('connection refused by 127.0.0.1:9999', 0, 0.5)], s);
      const schedule = r.effects.find((e) => e.type === 'schedule-retry');
      if (schedule?.type === 'schedule-retry') waits.push(schedule.delayMs);
      const status = r.state.snapshot.status;
      if (status.type === 'reconnecting') attempts.push(status.attempt);
      s = run([{ type: 'retry' }], r.state).state;
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(attempts).toEqual([2, 3, 4, 5, 6, 7, 8]);

    const back = run([opened(), lost(undefined, 0, 0.5)], s);
    expect(back.effects).toContainEqual({ type: 'schedule-retry', delayMs: 1000 });
    expect(back.state.snapshot.stats.reconnects).toBe(0);
  });

  it('counts reconnections that succeeded', () => {
    const { state } = run([
      { type: 'start' },
      opened(),
      lost(),
      { type: 'retry' },
      opened(),
      lost(),
      { type: 'retry' },
      lost('connection refused by 127.0.0.1:9999'),
      { type: 'retry' },
      opened(),
    ]);
    expect(state.snapshot.stats.reconnects).toBe(2);
  });

  it('shows the reason of a failed attempt while it waits', () => {
    const { state, effects } = run([{ type: 'start' }, lost('connection refused by 127.0.0.1:1')]);
    expect(state.snapshot.status).toMatchObject({
      type: 'reconnecting',
      attempt: 2,
      reason: 'connection refused by 127.0.0.1:1',
    });
    expect(systemLines(effects)).toContain('error: connection refused by 127.0.0.1:1');
  });

  it('retries at once on request, and only while waiting', () => {
    const waiting = run([{ type: 'start' }, opened(), lost()]).state;
    const { state, effects } = run([{ type: 'retry' }], waiting);
    expect(state.snapshot.status).toEqual({ type: 'connecting', attempt: 1 });
    expect(effects.map((e) => e.type)).toEqual(['cancel-retry', 'emit', 'connect', 'emit']);
    expect(systemLines(effects)).toEqual(['info: connecting to localhost:9999 (attempt 1)']);

    const connected = run([{ type: 'start' }, opened()]).state;
    expect(run([{ type: 'retry' }], connected).effects).toEqual([]);
  });

  it('without reconnect, a server close ends in disconnected and a failure in error', () => {
    const noRetry = initialMachineState({ ...config, reconnect: false });
    const closed = run([{ type: 'start' }, opened(), lost()], noRetry);
    expect(closed.state.snapshot.status).toEqual({
      type: 'disconnected',
      reason: 'closed by server',
    });
    expect(closed.effects.some((e) => e.type === 'schedule-retry')).toBe(false);

    const refused = run([{ type: 'start' }, lost('connection refused by 127.0.0.1:1')], noRetry);
    expect(refused.state.snapshot.status).toEqual({
      type: 'error',
      reason: 'connection refused by 127.0.0.1:1',
    });
    expect(run([{ type: 'retry' }], refused.state).effects).toEqual([]);
  });

  it('ignores news from a socket it already gave up on', () => {
    const waiting = run([{ type: 'start' }, opened(), lost()]).state;
    expect(run([lost('late error')], waiting).effects).toEqual([]);
    expect(run([opened()], waiting).effects).toEqual([]);
    expect(run([{ type: 'received', at: 1, lines: ['x'], bytes: 2 }], waiting).effects).toEqual([]);
  });

  it('forgets an unanswered send when the connection drops', () => {
    const { state } = run([
      { type: 'start' },
      opened(),
      { type: 'send', at: 100, lines: ['x'] },
      lost(),
      { type: 'retry' },
      opened(2000),
      { type: 'received', at: 2001, lines: ['banner'], bytes: 7 },
    ]);
    expect(state.snapshot.stats.lastRttMs).toBeUndefined();
  });

  it('closes for good: cancels the wait, drops the socket, ignores later news', () => {
    const waiting = run([{ type: 'start' }, opened(), lost()]).state;
    const { state, effects } = run([{ type: 'close' }], waiting);
    expect(state.snapshot.status).toEqual({ type: 'disconnected', reason: 'closed' });
    expect(effects.map((e) => e.type)).toEqual(['cancel-retry', 'disconnect', 'emit']);
    expect(run([{ type: 'retry' }, { type: 'start' }], state).effects).toEqual([]);
  });

  it('keeps the reason when closed after it is already down', () => {
    const noRetry = initialMachineState({ ...config, reconnect: false });
    const down = run([{ type: 'start' }, opened(), lost(), { type: 'close' }], noRetry).state;
    expect(down.snapshot.status).toEqual({ type: 'disconnected', reason: 'closed by server' });
  });

  it('closing before the start never connects', () => {
    const { state } = run([{ type: 'close' }]);
    const { effects } = run([{ type: 'start' }], state);
    expect(effects).toEqual([]);
  });
});

describe('connection machine: permanent failures (a bad certificate)', () => {
  const tls: MachineConfig = { ...config, transport: 'tls' };
  const badCert: MachineInput = {
    type: 'lost',
    at: 2000,
    reason: 'certificate expired on 2026-01-02',
    random: 0.5,
    permanent: true,
  };

  it('waits for the user instead of retrying on a timer', () => {
    const { state, effects } = run([{ type: 'start' }, badCert], initialMachineState(tls));
    expect(state.snapshot.status).toEqual({
      type: 'error',
      reason: 'certificate expired on 2026-01-02',
      canRetry: true,
    });
    expect(effects.some((e) => e.type === 'schedule-retry')).toBe(false);
    expect(systemLines(effects)).toContain('error: certificate expired on 2026-01-02');
  });

  it('tries again when asked', () => {
    const down = run([{ type: 'start' }, badCert], initialMachineState(tls)).state;
    const { state, effects } = run([{ type: 'retry' }], down);
    expect(state.snapshot.status).toEqual({ type: 'connecting', attempt: 1 });
    expect(effects).toContainEqual({ type: 'connect', timeoutMs: 10_000 });
    expect(systemLines(effects)).toEqual([
      'info: connecting to localhost:9999 over TLS (attempt 1)',
    ]);
  });

  it('is an ordinary error with reconnect off', () => {
    const { state } = run(
      [{ type: 'start' }, badCert],
      initialMachineState({ ...tls, reconnect: false }),
    );
    expect(state.snapshot.status).toEqual({
      type: 'error',
      reason: 'certificate expired on 2026-01-02',
    });
    expect(run([{ type: 'retry' }], state).effects).toEqual([]);
  });

  it('keeps the TLS session in the snapshot while connected, and says how it went', () => {
    const session = {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_128_GCM_SHA256',
      subject: 'localhost',
      issuer: 'Test CA',
      validTo: 0,
      verified: false,
      unverifiedReason: 'self-signed certificate for localhost',
    };
    const withTls: MachineInput = {
      type: 'opened',
      at: 1000,
      remoteAddress: '127.0.0.1:9999',
      localAddress: '127.0.0.1:40000',
      tls: session,
    };
    const up = run([{ type: 'start' }, withTls], initialMachineState(tls));
    expect(up.state.snapshot.tls).toEqual(session);
    expect(systemLines(up.effects)).toContain(
      'warn: TLS 1.3, TLS_AES_128_GCM_SHA256, certificate for localhost from Test CA, NOT verified (--insecure): self-signed certificate for localhost',
    );
    expect(run([lost('connection reset')], up.state).state.snapshot.tls).toBeUndefined();
  });
});

describe('connection machine: UDP', () => {
  const udp: MachineConfig = { ...config, transport: 'udp' };
  const ready = () => run([{ type: 'start' }, opened(100)], initialMachineState(udp));

  it('is ready, not connected, and says each line is a datagram', () => {
    const { effects } = ready();
    expect(systemLines(effects)).toEqual([
      'info: sending to localhost:9999 over UDP',
      'info: ready: each line goes to localhost:9999 (127.0.0.1:9999) as one UDP datagram',
    ]);
  });

  it('sends one datagram per line, in order', () => {
    const { effects, state } = run(
      [{ type: 'send', at: 200, lines: ['one', 'two'] }],
      ready().state,
    );
    expect(effects.filter((e) => e.type === 'write')).toEqual([
      { type: 'write', chunks: ['one\n', 'two\n'] },
    ]);
    expect(state.snapshot.stats).toMatchObject({
      linesSent: 2,
      bytesSent: 8,
      unansweredSince: 200,
    });
  });

  it('keeps queued lines one datagram each', () => {
    const queued = run(
      [
        { type: 'start' },
        { type: 'send', at: 1, lines: ['a', 'b'] },
        { type: 'send', at: 2, lines: ['c'] },
      ],
      initialMachineState(udp),
    ).state;
    expect(run([opened(10)], queued).effects.filter((e) => e.type === 'write')).toEqual([
      { type: 'write', chunks: ['a\n', 'b\n', 'c\n'] },
    ]);
  });

  it('counts replies and clears the silence and the trouble when one comes', () => {
    const sent = run([{ type: 'send', at: 200, lines: ['x'] }], ready().state).state;
    const troubled = run(
      [
        { type: 'trouble', reason: 'nothing listening on localhost:9999 (udp)' },
        { type: 'trouble', reason: 'nothing listening on localhost:9999 (udp)' },
      ],
      sent,
    );
    // Said once, however many datagrams go unanswered.
    expect(systemLines(troubled.effects)).toEqual([
      'warn: nothing listening on localhost:9999 (udp)',
    ]);
    expect(troubled.state.snapshot.trouble).toBe('nothing listening on localhost:9999 (udp)');
    const answered = run(
      [{ type: 'received', at: 900, lines: ['OK...x'], bytes: 7, datagrams: 1 }],
      troubled.state,
    ).state;
    expect(answered.snapshot.trouble).toBeUndefined();
    expect(answered.snapshot.stats).toMatchObject({
      datagramsReceived: 1,
      lastReceivedAt: 900,
      unansweredSince: undefined,
      lastRttMs: 700,
    });
  });
});

describe('connection machine: prompts', () => {
  it('reports the unfinished line whenever it changes, and only then', () => {
    const up = run([{ type: 'start' }, opened()]).state;
    const { effects, state } = run(
      [
        { type: 'received', at: 1, lines: ['Welcome'], bytes: 15, partial: 'login' },
        { type: 'received', at: 2, lines: [], bytes: 2, partial: 'login: ' },
        // Bytes that change nothing shown (half a character) are not news.
        { type: 'received', at: 3, lines: [], bytes: 1, partial: 'login: ' },
        { type: 'received', at: 4, lines: ['login: ok'], bytes: 3, partial: '' },
      ],
      up,
    );
    expect(events(effects).filter((e) => e.type === 'received')).toEqual([
      { type: 'received', lines: ['Welcome'], partial: 'login' },
      { type: 'received', lines: [], partial: 'login: ' },
      { type: 'received', lines: ['login: ok'], partial: '' },
    ]);
    expect(state.partial).toBe('');
  });

  it('forgets the unfinished line when the connection goes', () => {
    const up = run([{ type: 'start' }, opened()]).state;
    const prompted = run(
      [{ type: 'received', at: 1, lines: [], bytes: 3, partial: '$ ' }],
      up,
    ).state;
    expect(run([lost('reset')], prompted).state.partial).toBe('');
  });
});
