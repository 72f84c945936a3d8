import { describe, expect, it } from 'vitest';
import { holdingTheLoop } from '../../src/tui/load-tui.js';

/** Timers that keep the event loop alive (an unref'd timer is not listed). */
const liveTimers = (): number =>
  process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe('holdingTheLoop', () => {
  it('keeps a timer alive while the load is pending, and none once it has settled', async () => {
    const before = liveTimers();
    let finish: (value: string) => void = () => {};
    const loading = holdingTheLoop(new Promise<string>((resolve) => (finish = resolve)));
    expect(liveTimers()).toBe(before + 1);
    finish('ui');
    await expect(loading).resolves.toBe('ui');
    expect(liveTimers()).toBe(before);
  });

  it('lets go of the loop when the load fails, and passes the failure on', async () => {
    const before = liveTimers();
    const loading = holdingTheLoop(Promise.reject(new Error('no ui')));
    await expect(loading).rejects.toThrow('no ui');
    expect(liveTimers()).toBe(before);
  });
});
