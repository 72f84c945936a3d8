import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type {
  ConnectionSnapshot,
  ConnectionStatus,
} from '../../src/client/connection/connection-types.js';
import { SidePanel } from '../../components/SidePanel.js';
import { initialSnapshot } from '../../src/client/connection/connection-machine.js';

const base: ConnectionSnapshot = initialSnapshot({ host: 'example.com', port: 80 }, false);

function panel(status: ConnectionStatus, extra: Partial<ConnectionSnapshot> = {}, now = 100_000) {
  const { lastFrame } = render(
    <SidePanel snapshot={{ ...base, ...extra, status }} width={28} height={20} now={now} />,
  );
  // Drop the left border so rows read as plain text.
  return (lastFrame() ?? '')
    .split('\n')
    .map((l) => l.replace(/^│ ?/, '').trimEnd())
    .filter((l) => l !== '');
}

describe('SidePanel', () => {
  afterEach(cleanup);

  it('in a room: your nick, the room and its members, +N more when short', () => {
    const members = Array.from({ length: 30 }, (_, i) => (i === 1 ? '张伟' : `user${i}`));
    const chat = { nick: '张伟', room: '#class', members, tcpchat: true };
    const { lastFrame } = render(
      <SidePanel snapshot={base} chat={chat} width={28} height={16} now={0} />,
    );
    const rows = (lastFrame() ?? '').split('\n').map((l) => l.replace(/^│ ?/, '').trimEnd());
    expect(rows).toHaveLength(16);
    expect(rows.slice(3, 9)).toEqual([
      'nick     张伟',
      'room     #class',
      'members  30',
      '  user0',
      '  张伟',
      '  +28 more',
    ]);
  });

  it('outside a room: no chat section', () => {
    const chat = { nick: 'Ada', room: undefined, members: [], tcpchat: true };
    const { lastFrame } = render(
      <SidePanel snapshot={base} chat={chat} width={28} height={20} now={0} />,
    );
    expect(lastFrame()).not.toContain('nick ');
  });

  it('draws counters as of the clock: a read alone does not redraw them, the next tick does', () => {
    const connected: ConnectionSnapshot = { ...base, status: { type: 'connected', since: 0 } };
    const counted = (lines: number) => ({
      ...connected,
      stats: { ...connected.stats, linesReceived: lines, bytesReceived: lines * 10 },
    });
    const { lastFrame, rerender } = render(
      <SidePanel snapshot={counted(1)} width={28} height={20} now={1_000} />,
    );
    expect(lastFrame()).toMatch(/1 line\b/);
    rerender(<SidePanel snapshot={counted(7)} width={28} height={20} now={1_000} />);
    expect(lastFrame()).toMatch(/1 line\b/);
    rerender(<SidePanel snapshot={counted(7)} width={28} height={20} now={1_500} />);
    expect(lastFrame()).toMatch(/7 lines/);
    // Not a counter: drawn at once.
    rerender(
      <SidePanel snapshot={{ ...counted(8), queued: 2 }} width={28} height={20} now={1_500} />,
    );
    expect(lastFrame()).toMatch(/8 lines/);
  });

  it('connecting: the target, nothing known yet', () => {
    const rows = panel({ type: 'connecting', attempt: 1 });
    expect(rows.slice(0, 2)).toEqual(['tcpchat', '● connecting']);
    expect(rows).toContain('server   example.com:80');
    expect(rows).toContain('resolved –');
    expect(rows).toContain('mode     remote');
  });

  it('connected: addresses, uptime, round trips and counters', () => {
    const rows = panel(
      { type: 'connected', since: 100_000 - 75_000 },
      {
        remoteAddress: '93.184.216.34:80',
        localAddress: '10.0.0.2:51234',
        embedded: true,
        queued: 0,
        stats: {
          linesSent: 2,
          bytesSent: 20,
          linesReceived: 40,
          bytesReceived: 4096,
          reconnects: 3,
          datagramsReceived: 0,
          lastReceivedAt: undefined,
          unansweredSince: undefined,
          lastRttMs: 21,
          avgRttMs: 35.2,
        },
      },
    );
    expect(rows).toEqual([
      'tcpchat',
      '● connected',
      'server   example.com:80',
      'resolved 93.184.216.34:80',
      'local    10.0.0.2:51234',
      'mode     embedded server',
      'up for   1m 15s',
      'rtt      21 ms',
      'avg rtt  35 ms',
      'queued   0',
      'reconnects 3',
      'sent     2 lines',
      '         20 B',
      'received 40 lines',
      '         4.0 KiB',
    ]);
  });

  it('reconnecting: a live countdown, the attempt and the reason', () => {
    const status: ConnectionStatus = {
      type: 'reconnecting',
      attempt: 2,
      retryAt: 100_000 + 4_200,
      reason: 'connection refused',
    };
    expect(panel(status, { queued: 3 }).slice(1, 4)).toEqual([
      '● reconnecting in 5 s',
      'attempt 2',
      'connection refused',
    ]);
    expect(panel(status, {}, 100_000 + 3_500).slice(1, 2)).toEqual(['● reconnecting in 1 s']);
    expect(panel(status, { queued: 3 })).toContain('queued   3');
  });

  it('disconnected and error show why', () => {
    expect(panel({ type: 'disconnected', reason: 'closed by server' }).slice(1, 3)).toEqual([
      '● disconnected',
      'closed by server',
    ]);
    const rows = panel({ type: 'error', reason: 'cannot resolve no-such-host.invalid: not found' });
    expect(rows[1]).toBe('● error');
    // A long reason wraps inside the panel.
    expect(rows.slice(2, 5).join(' ')).toBe('cannot resolve no-such-host.invalid: not found');
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(26);
  });
});
