import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleSweeper, type Sweepable } from '../../src/server/idle-sweeper.js';

class FakeSession implements Sweepable {
  active = true;
  quietSweeps = 0;
  idledAt: number | undefined;
  idle() {
    this.idledAt = Date.now();
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('IdleSweeper', () => {
  it('idles a silent session no sooner than the timeout, within one period after it', () => {
    const quiet = new FakeSession();
    const sweeper = new IdleSweeper(1000, [quiet]); // period 250 ms
    sweeper.start();
    // Its last sign of life: just after a sweep, the worst case for lateness.
    vi.advanceTimersByTime(251);
    quiet.active = true;
    vi.advanceTimersByTime(1000);
    expect(quiet.idledAt).toBeUndefined();
    vi.advanceTimersByTime(250);
    expect(quiet.idledAt).toBe(1500);
    sweeper.stop();
  });

  it('keeps a session that shows activity between sweeps', () => {
    const busy = new FakeSession();
    const sweeper = new IdleSweeper(400, [busy]);
    sweeper.start();
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(150);
      busy.active = true;
    }
    expect(busy.idledAt).toBeUndefined();
    sweeper.stop();
  });

  it('caps the period at 1 s for long timeouts', () => {
    const quiet = new FakeSession();
    quiet.active = false;
    const sweeper = new IdleSweeper(300_000, [quiet]);
    sweeper.start();
    vi.advanceTimersByTime(299_999);
    expect(quiet.idledAt).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(quiet.idledAt).toBe(300_000);
    sweeper.stop();
  });

  it('copes with sessions leaving the set while it idles them', () => {
    const sessions = new Set<FakeSession>();
    for (let i = 0; i < 5; i++) {
      const s = new FakeSession();
      s.idle = () => {
        s.idledAt = Date.now();
        sessions.delete(s);
      };
      sessions.add(s);
    }
    const sweeper = new IdleSweeper(100, sessions);
    sweeper.start();
    vi.advanceTimersByTime(200);
    expect(sessions.size).toBe(0);
    sweeper.stop();
  });

  it('does nothing when the timeout is 0, and stops when told', () => {
    const quiet = new FakeSession();
    quiet.active = false;
    new IdleSweeper(0, [quiet]).start();
    vi.advanceTimersByTime(10_000_000);
    expect(quiet.idledAt).toBeUndefined();

    const sweeper = new IdleSweeper(100, [quiet]);
    sweeper.start();
    sweeper.stop();
    vi.advanceTimersByTime(10_000);
    expect(quiet.idledAt).toBeUndefined();
  });
});
