import { describe, expect, it } from 'vitest';
import type {
  ConnectionSnapshot,
  ConnectionStatus,
} from '../../src/client/connection/connection-types.js';
import { formatUptime } from '../../src/shared/duration.js';
import { keyHints } from '../../src/client/view/key-hints.js';
import {
  formatExpiry,
  panelChanged,
  panelFields,
  panelRows,
  type PanelInput,
} from '../../src/client/view/panel-rows.js';
import { describeStatus, secondsUntil, statusText } from '../../src/client/view/status-line.js';
import { formatBytes, formatMs } from '../../src/client/view/units.js';

const snapshot: ConnectionSnapshot = {
  status: { type: 'connected', since: 1_000 },
  target: { host: 'localhost', port: 9999 },
  transport: 'tcp',
  encoding: 'utf-8',
  tls: undefined,
  telnet: undefined,
  trouble: undefined,
  unsent: 0,
  remoteAddress: '127.0.0.1:9999',
  localAddress: '127.0.0.1:50312',
  embedded: true,
  queued: 2,
  stats: {
    linesSent: 3,
    bytesSent: 45,
    linesReceived: 1_234_567,
    bytesReceived: 20 * 1024 * 1024,
    reconnects: 1,
    datagramsReceived: 0,
    lastReceivedAt: undefined,
    unansweredSince: undefined,
    lastRttMs: 12.4,
    avgRttMs: 8,
  },
};

describe('status line', () => {
  it('colours each state and counts down a reconnect', () => {
    const at = (status: ConnectionStatus, now = 0) => {
      const line = describeStatus(status, now);
      return [line.color, statusText(line)];
    };
    expect(at({ type: 'connecting', attempt: 1 })).toEqual(['yellow', 'connecting']);
    expect(at({ type: 'connecting', attempt: 2 })).toEqual(['yellow', 'connecting (attempt 2)']);
    expect(at({ type: 'connected', since: 0 })).toEqual(['green', 'connected']);
    expect(
      at({ type: 'reconnecting', attempt: 3, retryAt: 10_000, reason: 'refused' }, 5_500),
    ).toEqual(['yellow', 'reconnecting in 5 s (attempt 3): refused']);
    expect(at({ type: 'disconnected', reason: 'closed by server' })).toEqual([
      'gray',
      'disconnected: closed by server',
    ]);
    expect(at({ type: 'error', reason: 'connection refused' })).toEqual([
      'red',
      'error: connection refused',
    ]);
  });

  it('rounds the countdown up and never below zero', () => {
    expect(secondsUntil(1_001, 0)).toBe(2);
    expect(secondsUntil(1_000, 0)).toBe(1);
    expect(secondsUntil(1_000, 5_000)).toBe(0);
  });
});

describe('formatting', () => {
  it('durations, sizes and round trips', () => {
    expect(formatUptime(59_999)).toBe('59 s');
    expect(formatUptime(63_000)).toBe('1m 03s');
    expect(formatUptime(3_600_000 + 5 * 60_000)).toBe('1h 05m');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(3.5 * 1024)).toBe('3.5 KiB');
    expect(formatMs(undefined)).toBe('–');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1_340)).toBe('1.3 s');
  });
});

describe('panel fields', () => {
  it('lists the connection the way the side panel shows it', () => {
    const fields = panelFields(snapshot, 64_000).map((f) => [f.label, f.value]);
    expect(fields).toEqual([
      ['server', 'localhost:9999'],
      ['resolved', '127.0.0.1:9999'],
      ['local', '127.0.0.1:50312'],
      ['mode', 'embedded server'],
      ['up for', '1m 03s'],
      ['rtt', '12 ms'],
      ['avg rtt', '8 ms'],
      ['queued', '2'],
      ['reconnects', '1'],
      ['sent', '3 lines'],
      ['', '45 B'],
      ['received', '1,234,567 lines'],
      ['', '20.0 MiB'],
    ]);
  });

  it('shows dashes for what is not known yet', () => {
    const fields = panelFields(
      {
        ...snapshot,
        status: { type: 'connecting', attempt: 1 },
        remoteAddress: undefined,
        localAddress: undefined,
        embedded: false,
        stats: { ...snapshot.stats, lastRttMs: undefined, avgRttMs: undefined },
      },
      0,
    );
    expect(fields.filter((f) => f.value === '–').map((f) => f.label)).toEqual([
      'resolved',
      'local',
      'up for',
      'rtt',
      'avg rtt',
    ]);
    expect(fields.find((f) => f.label === 'mode')!.value).toBe('remote');
  });
});

describe('key hints', () => {
  it('uses the long spellings when they fit, then short ones, then fewer', () => {
    expect(keyHints(200)).toBe(
      'Ctrl+D send · Enter new line · Ctrl+C quit · PgUp/PgDn scroll · Ctrl+T time · Ctrl+R retry · Ctrl+X hex · Ctrl+F search',
    );
    expect(keyHints(80)).toBe(
      '^D send · ⏎ newline · ^C quit · PgUp/Dn scroll · ^T time · ^R retry · ^X hex',
    );
    expect(keyHints(100)).toBe(
      '^D send · ⏎ newline · ^C quit · PgUp/Dn scroll · ^T time · ^R retry · ^X hex · ^F search',
    );
    expect(keyHints(30)).toBe('^D send · ⏎ newline · ^C quit');
    expect(keyHints(3)).toBe('^D send');
  });
});

describe('panel: TLS and UDP', () => {
  const day = 86_400_000;
  const now = Date.UTC(2026, 11, 3);
  const tlsSnapshot: ConnectionSnapshot = {
    ...snapshot,
    transport: 'tls',
    tls: {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      subject: 'imap.example',
      issuer: 'Example CA (Example Inc)',
      validTo: now + 41 * day + 5,
      verified: true,
      unverifiedReason: undefined,
    },
  };

  it('shows the TLS session under the addresses', () => {
    const fields = panelFields(tlsSnapshot, now);
    const at = fields.findIndex((f) => f.label === 'tls');
    expect(fields.slice(at, at + 6)).toEqual([
      { label: 'tls', value: 'TLS 1.3' },
      { label: 'cipher', value: 'TLS_AES_256_GCM_SHA384' },
      { label: 'cert', value: 'imap.example' },
      { label: 'issuer', value: 'Example CA (Example Inc)' },
      { label: 'expires', value: 'in 41 days', color: undefined },
      { label: 'verified', value: 'yes', color: 'green' },
    ]);
  });

  it('says in red that an --insecure session is not verified', () => {
    const insecure = {
      ...tlsSnapshot,
      tls: {
        ...tlsSnapshot.tls!,
        verified: false,
        unverifiedReason: 'self-signed certificate for x',
      },
    };
    const rows = panelRows(insecure, now, 40);
    const at = rows.findIndex((r) => r.label.startsWith('verified'));
    const text = rows
      .slice(at, at + 2)
      .map((r) => r.text)
      .join('');
    expect(text).toBe('NO (--insecure): self-signed certificate for x');
    expect(rows[at]!.color).toBe('red');
  });

  it('words the expiry', () => {
    expect(formatExpiry(now + 41 * day, now)).toBe('in 41 days');
    expect(formatExpiry(now + 5 * 3_600_000, now)).toBe('in 5 hours');
    expect(formatExpiry(now - 3 * day, now)).toBe('expired 3 days ago');
    expect(formatExpiry(undefined, now)).toBe('–');
  });

  const udpSnapshot: ConnectionSnapshot = {
    ...snapshot,
    transport: 'udp',
    stats: {
      ...snapshot.stats,
      linesSent: 4,
      bytesSent: 40,
      datagramsReceived: 3,
      bytesReceived: 45,
      lastReceivedAt: now - 3_000,
      unansweredSince: now - 5_500,
    },
  };

  it('shows UDP as datagrams each way and the last reply, with no connection fields', () => {
    const fields = panelFields(udpSnapshot, now);
    expect(fields.map((f) => f.label)).not.toContain('up for');
    expect(fields.map((f) => f.label)).not.toContain('reconnects');
    expect(fields).toContainEqual({ label: 'transport', value: 'udp' });
    expect(fields).toContainEqual({ label: 'last reply', value: `${formatUptime(3_000)} ago` });
    expect(fields).toContainEqual({ label: 'sent', value: '4 datagrams' });
    expect(fields).toContainEqual({ label: 'received', value: '3 datagrams' });
  });

  it('says udp, how long requests went unanswered, and trouble in red', () => {
    const rows = panelRows({ ...udpSnapshot, trouble: 'nothing listening on h:1 (udp)' }, now, 40);
    expect(rows[1]).toMatchObject({ text: '● udp', color: 'green' });
    expect(rows).toContainEqual(
      expect.objectContaining({ text: 'no reply for 5 s', color: 'yellow' }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ text: 'nothing listening on h:1 (udp)', color: 'red' }),
    );
  });

  it('offers Ctrl+R after a permanent failure', () => {
    const line = describeStatus(
      { type: 'error', reason: 'certificate expired', canRetry: true },
      now,
    );
    expect(statusText(line)).toBe('error (Ctrl+R retries): certificate expired');
  });
});

describe('panel: a server that reads slower than we send', () => {
  it('says how much is still to go', () => {
    const rows = panelRows({ ...snapshot, unsent: 3 * 1024 * 1024 + 512 * 1024 }, 2_000, 40);
    expect(rows).toContainEqual(
      expect.objectContaining({ text: 'sending… 3.5 MiB left', color: 'yellow' }),
    );
    expect(panelRows(snapshot, 2_000, 40).some((r) => r.text.startsWith('sending…'))).toBe(false);
  });
});

describe('panelChanged', () => {
  const shown: PanelInput = { snapshot, width: 28, height: 20, now: 5_000 };
  const counted = {
    ...snapshot,
    stats: { ...snapshot.stats, linesReceived: 1_234_568, lastReceivedAt: 4_990 },
  };

  it('a read that only moves the counters waits for the clock', () => {
    expect(panelChanged(shown, { ...shown, snapshot: counted })).toBe(false);
    expect(panelChanged(shown, { ...shown, snapshot: counted, now: 5_500 })).toBe(true);
  });

  it('anything else is drawn at once: the status, the queue, what you sent, round trips', () => {
    const next = (snap: Partial<ConnectionSnapshot>, rest: Partial<PanelInput> = {}) =>
      panelChanged(shown, { ...shown, ...rest, snapshot: { ...counted, ...snap } });
    expect(next({ queued: 3 })).toBe(true);
    expect(next({ status: { type: 'connected', since: 2_000 } })).toBe(true);
    expect(next({ trouble: 'nothing listening' })).toBe(true);
    expect(next({ unsent: 10 })).toBe(true);
    expect(next({ stats: { ...counted.stats, linesSent: 4, bytesSent: 50 } })).toBe(true);
    expect(next({ stats: { ...counted.stats, lastRttMs: 3 } })).toBe(true);
    expect(next({}, { width: 30 })).toBe(true);
    expect(next({}, { height: 21 })).toBe(true);
    const chat = { nick: 'ada', room: '#c', members: ['ada'], tcpchat: true };
    expect(next({}, { chat })).toBe(true);
    expect(panelChanged(shown, shown)).toBe(false);
  });
});
