import { setImmediate as turn } from 'node:timers/promises';
import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { holdYoungGeneration } from '../../src/tui/young-generation.js';

const youngBytes = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

/**
 * A scrollback's worth of survivors, made the way a flood makes them: in short turns of the
 * event loop. Every tenth object is kept, about 40 MB in all.
 */
async function keepMany(): Promise<number> {
  const kept: { n: number; s: string }[] = [];
  for (let i = 0; i < 3_000_000; i++) {
    const o = { n: i, s: `line ${i}` };
    if (i % 10 === 0) kept.push(o);
    if (i % 10_000 === 0) await turn();
  }
  return kept.length;
}

describe('holdYoungGeneration', () => {
  // The hold is for the whole process (each test file runs in a process of its own), so one
  // test. Without it the same survivors grow the young generation to its 32 MB maximum.
  it('lets the young generation grow to the size given, then no further', async () => {
    const start = youngBytes();
    expect(start).toBeLessThan(16 * 1024 * 1024);
    await holdYoungGeneration(2 * start);
    expect(await keepMany()).toBe(300_000);
    expect(youngBytes()).toBe(2 * start);
  });
});
