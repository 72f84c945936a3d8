import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ConnectionSnapshot } from '../../src/client/connection/connection-types.js';
import {
  createFeedQueue,
  type FeedBatch,
  type TimedEvent,
} from '../../src/client/state/feed-queue.js';

const received = (...lines: string[]): TimedEvent => ({
  time: 1,
  event: { type: 'received', lines, partial: '' },
});
const system = (text: string): TimedEvent => ({
  time: 1,
  event: { type: 'system', level: 'info', text },
});
const snapshot = { queued: 7 } as unknown as ConnectionSnapshot;

function lines(batch: FeedBatch | undefined): string[] {
  return (batch?.events ?? []).flatMap((e) =>
    e.event.type === 'received' ? e.event.lines : [`[${e.event.type}]`],
  );
}

describe('feed queue', () => {
  it('is empty until something arrives', () => {
    expect(createFeedQueue(100, 10).take()).toBeUndefined();
  });

  it('hands out events in order, at most `budget` lines a frame, splitting an event', () => {
    const q = createFeedQueue(100, 3);
    q.push(received('a', 'b'));
    q.push(system('s'));
    q.push(received('c', 'd', 'e'));
    expect(lines(q.take())).toEqual(['a', 'b', '[system]', 'c']);
    expect(q.lines).toBe(2);
    expect(lines(q.take())).toEqual(['d', 'e']);
    expect(q.take()).toBeUndefined();
  });

  it('keeps only the latest snapshot, outside the line order', () => {
    const q = createFeedQueue(100, 10);
    q.push({ time: 1, event: { type: 'state', snapshot: { queued: 1 } as ConnectionSnapshot } });
    q.push(received('x'));
    q.push({ time: 2, event: { type: 'state', snapshot } });
    const batch = q.take()!;
    expect(batch.snapshot).toBe(snapshot);
    expect(lines(batch)).toEqual(['x']);
    expect(q.take()).toBeUndefined();
  });

  it('hands out a snapshot with the events before it, not ahead of them', () => {
    const q = createFeedQueue(100, 2);
    const first = { queued: 0 } as unknown as ConnectionSnapshot;
    q.push(received('a', 'b'));
    q.push({ time: 1, event: { type: 'state', snapshot: first } });
    q.push(received('c'));
    q.push({ time: 2, event: { type: 'state', snapshot } });
    const one = q.take()!;
    expect(lines(one)).toEqual(['a', 'b']);
    // Not yet `snapshot`: the line it counts is still waiting.
    expect(one.snapshot).toBe(first);
    const two = q.take()!;
    expect(lines(two)).toEqual(['c']);
    expect(two.snapshot).toBe(snapshot);
    expect(q.take()).toBeUndefined();
  });

  it('keeps a snapshot that came before lines the scrollback dropped', () => {
    const q = createFeedQueue(2, 100);
    q.push(received('1', '2'));
    q.push({ time: 1, event: { type: 'state', snapshot } });
    q.push(received('3', '4'));
    const batch = q.take()!;
    expect(batch.skipped).toBe(2);
    expect(batch.snapshot).toBe(snapshot);
    expect(lines(batch)).toEqual(['3', '4']);
  });

  it('never loses a chat notice to the trimming: the member list is tracked on the way in', () => {
    const q = createFeedQueue(2, 100);
    q.push(received('*** you are now me', '*** me joined #a', '*** #a: 1 here: me'));
    q.push(received('*** bob joined #a', 'x'));
    q.push(received('y', 'z'));
    const batch = q.take()!;
    expect(batch.skipped).toBe(5);
    expect(batch.chat).toMatchObject({ nick: 'me', room: '#a', members: ['me', 'bob'] });
    expect(lines(batch)).toEqual(['y', 'z']);
  });

  it('a new connection is a new chat session: the old nick, room and members are forgotten', () => {
    const q = createFeedQueue(100, 100);
    const up = (since: number): TimedEvent => ({
      time: since,
      event: {
        type: 'state',
        snapshot: {
          queued: 0,
          status: { type: 'connected', since },
        } as unknown as ConnectionSnapshot,
      },
    });
    q.push(up(1));
    q.push(received('*** you are now me', '*** me joined #a', '*** #a: 1 here: me'));
    expect(q.take()!.chat).toMatchObject({ nick: 'me', room: '#a' });
    q.push(up(1)); // the same connection, other news
    expect(q.take()!.chat).toBeUndefined();
    q.push(up(2)); // reconnected (another server behind a load balancer, say)
    q.push(received('Welcome!'));
    expect(q.take()!.chat).toMatchObject({ nick: undefined, room: undefined, members: [] });
  });

  it('drops what the scrollback would drop, and says how many lines', () => {
    const q = createFeedQueue(4, 100);
    q.push(received('1', '2'));
    q.push(received('3', '4'));
    q.push(received('5', '6'));
    q.push(received('7'));
    expect(q.lines).toBe(5);
    const batch = q.take()!;
    expect(batch.skipped).toBe(2);
    expect(lines(batch)).toEqual(['3', '4', '5', '6', '7']);
  });

  it('never drops a non-line event', () => {
    const q = createFeedQueue(2, 100);
    q.push(system('keep'));
    q.push(received('1', '2', '3'));
    q.push(received('4', '5'));
    expect(lines(q.take())).toEqual(['[system]', '1', '2', '3', '4', '5']);
  });

  it('property: lines come out in order, skipped ones only ever the oldest, never too many held', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.boolean(), { maxLength: 40 }),
        (sizes, capacity, budget, takes) => {
          const q = createFeedQueue(capacity, budget);
          const pushed: string[] = [];
          let next = 0;
          let largest = 1;
          const drain = (batch: FeedBatch | undefined) => {
            if (!batch) return;
            next += batch.skipped;
            for (const line of lines(batch)) expect(line).toBe(pushed[next++]);
            expect(lines(batch).length).toBeLessThanOrEqual(budget);
          };
          sizes.forEach((n, i) => {
            const event = Array.from({ length: n }, (_, k) => `${i}.${k}`);
            pushed.push(...event);
            q.push(received(...event));
            largest = Math.max(largest, n);
            // Whole events are dropped: at most one more than the scrollback can show.
            expect(q.lines).toBeLessThan(capacity + largest);
            if (takes[i]) drain(q.take());
          });
          for (let batch = q.take(); batch; batch = q.take()) drain(batch);
          expect(next).toBe(pushed.length);
        },
      ),
    );
  });
});
