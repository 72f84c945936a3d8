import React, { useImperativeHandle, useRef, useState } from 'react';
import { Text } from 'ink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { FRAME_MS, useTui, type Commit, type Reads } from '../../components/hooks/use-tui.js';
import { createConnection } from '../../src/client/transport/connection.js';
import { initialTuiState, type TuiAction, type TuiEnv } from '../../src/client/state/tui-state.js';

type Dispatch = (actions: readonly TuiAction[], commit?: Commit) => void;

/** Shows how many lines the state holds; hands its dispatch out through `api`. */
function Probe({ api, reads }: { api: React.Ref<Dispatch>; reads?: Reads }) {
  // A connection that is never started: only its first snapshot is used.
  const [connection] = useState(() =>
    createConnection({
      target: { host: '127.0.0.1', port: 9 },
      connectTimeoutMs: 1_000,
      reconnect: false,
      crlf: false,
    }),
  );
  const env = useRef<TuiEnv>({
    measure: () => {
      throw new Error('not measured here');
    },
  });
  const [state, dispatch] = useTui(
    () => initialTuiState({ snapshot: connection.snapshot(), scrollback: 100, timestamps: false }),
    env,
    () => {},
    reads,
  );
  useImperativeHandle(api, () => dispatch, [dispatch]);
  return <Text>lines: {state.transcript.endSeq}</Text>;
}

const received = (...lines: string[]): TuiAction => ({
  type: 'connection',
  batch: {
    skipped: 0,
    events: [{ time: 0, event: { type: 'received', lines, partial: '' } }],
    snapshot: undefined,
  },
});

/** A probe on fake timers whose reads record each deferReads call. */
function probeWithReads() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const calls: boolean[] = [];
  const api = React.createRef<Dispatch>();
  const reads = { deferReads: (defer: boolean) => void calls.push(defer) };
  const { lastFrame } = render(<Probe api={api} reads={reads} />);
  return { api, calls, lastFrame };
}

/** Lets everything already due (React's own scheduling) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('useTui: when the state is drawn', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('draws news from the server once per frame, however many batches came', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = React.createRef<Dispatch>();
    const { lastFrame } = render(<Probe api={api} />);
    expect(lastFrame()).toBe('lines: 0');
    api.current!([received('a', 'b')], 'frame');
    api.current!([received('c')], 'frame');
    await settle();
    expect(lastFrame()).toBe('lines: 0');
    vi.advanceTimersByTime(FRAME_MS - 1);
    await settle();
    expect(lastFrame()).toBe('lines: 0');
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(lastFrame()).toBe('lines: 3'));
  });

  it('draws a dispatch committed now at once, with the news waiting for the frame', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const api = React.createRef<Dispatch>();
    const { lastFrame } = render(<Probe api={api} />);
    api.current!([received('a', 'b')], 'frame');
    api.current!([received('c')]);
    await vi.waitFor(() => expect(lastFrame()).toBe('lines: 3'));
    // The frame's timer was dropped with the commit: nothing is left to draw.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('defers reads while news waits for its frame, and reads before drawing it', async () => {
    const { api, calls, lastFrame } = probeWithReads();
    api.current!([received('a')], 'frame');
    api.current!([received('b')], 'frame');
    expect(calls).toEqual([true]);
    vi.advanceTimersByTime(FRAME_MS);
    // Due: reading resumes first, and the frame is drawn a turn later, after the reads.
    expect(calls).toEqual([true, false]);
    expect(lastFrame()).toBe('lines: 0');
    // What that read brings joins the frame, which is not put off again.
    api.current!([received('c')], 'frame');
    expect(calls).toEqual([true, false]);
    await vi.waitFor(() => expect(lastFrame()).toBe('lines: 3'));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads on at once when a key draws the news that was waiting', async () => {
    const { api, calls, lastFrame } = probeWithReads();
    api.current!([received('a')], 'frame');
    api.current!([received('b')]);
    expect(calls).toEqual([true, false]);
    await vi.waitFor(() => expect(lastFrame()).toBe('lines: 2'));
    expect(vi.getTimerCount()).toBe(0);
  });
});
