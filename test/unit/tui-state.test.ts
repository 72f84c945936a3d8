import { describe, expect, it } from 'vitest';
import { initialSnapshot } from '../../src/client/connection/connection-machine.js';
import type {
  ConnectionEvent,
  ConnectionSnapshot,
} from '../../src/client/connection/connection-types.js';
import type { KeyAction } from '../../src/client/state/keymap.js';
import { createPaneRenderer } from '../../src/client/view/pane-rows.js';
import { entryAt } from '../../src/client/state/transcript.js';
import {
  EMPTY_SEND_HINT,
  RETRY_HINT,
  initialTuiState,
  paneContent,
  MAX_UNSENT,
  tuiReducer,
  type TuiEffect,
  type TuiEnv,
  type TuiState,
} from '../../src/client/state/tui-state.js';

const snapshot: ConnectionSnapshot = {
  ...initialSnapshot({ host: 'localhost', port: 9999 }, false),
  status: { type: 'connected', since: 0 },
};

const renderer = createPaneRenderer();
const env: TuiEnv = { measure: (content) => renderer.view(content, { width: 40, height: 5 }) };

function start(overrides: Partial<ConnectionSnapshot> = {}): TuiState {
  return initialTuiState({
    snapshot: { ...snapshot, ...overrides },
    scrollback: 100,
    timestamps: false,
  });
}

function keys(state: TuiState, ...list: KeyAction[]): [TuiState, TuiEffect[]] {
  const effects: TuiEffect[] = [];
  for (const key of list) {
    const [next, e] = tuiReducer(state, { type: 'key', key }, env);
    state = next;
    effects.push(...e);
  }
  return [state, effects];
}

const type = (text: string): KeyAction => ({ type: 'edit', action: { type: 'insert', text } });
const newline: KeyAction = { type: 'edit', action: { type: 'newline' } };

function events(state: TuiState, ...list: ConnectionEvent[]): TuiState {
  const batch = {
    skipped: 0,
    events: list.flatMap((event) => (event.type === 'state' ? [] : [{ time: 0, event }])),
    snapshot: list.findLast((event) => event.type === 'state')?.snapshot,
  };
  return tuiReducer(state, { type: 'connection', batch }, env)[0];
}

describe('TUI state: chat', () => {
  const inRoom = (bell = false) => {
    const state = { ...start(), bell };
    const batch = {
      skipped: 0,
      events: [],
      snapshot: undefined,
      chat: { nick: 'Ada', room: '#a', members: ['Ada', 'Bob'], tcpchat: true },
    };
    return tuiReducer(state, { type: 'connection', batch }, env)[0];
  };
  const hear = (state: TuiState, ...lines: string[]) =>
    tuiReducer(
      state,
      {
        type: 'connection',
        batch: {
          skipped: 0,
          events: [{ time: 0, event: { type: 'received', lines, partial: '' } }],
          snapshot: undefined,
        },
      },
      env,
    );

  it('Tab completes a member nick and a command; a tab where there is nothing to complete', () => {
    let [state] = keys(inRoom(), type('hi b'), { type: 'complete' });
    expect(state.editor.lines).toEqual(['hi Bob ']);
    [state] = keys(inRoom(), type('/jo'), { type: 'complete' });
    expect(state.editor.lines).toEqual(['/join ']);
    [state] = keys(start(), type('/jo'), { type: 'complete' });
    expect(state.editor.lines).toEqual(['/jo\t']);
  });

  it('--bell rings when a line mentions you, and only then', () => {
    expect(hear(inRoom(true), '<Bob> ada, look')[1]).toEqual([{ type: 'bell' }]);
    expect(hear(inRoom(true), '<Bob> nothing for you')[1]).toEqual([]);
    expect(hear(inRoom(false), '<Bob> ada, look')[1]).toEqual([]);
  });
});

describe('TUI state', () => {
  it('Ctrl+D sends every line of the buffer and clears it', () => {
    const [state, effects] = keys(start(), type('GET / HTTP/1.0'), newline, type('Host: x'), {
      type: 'send',
    });
    expect(effects).toEqual([
      { type: 'send', lines: ['GET / HTTP/1.0', 'Host: x'], secret: false },
    ]);
    expect(state.editor.lines).toEqual(['']);
    expect(state.editor.history).toEqual([['GET / HTTP/1.0', 'Host: x']]);
  });

  it('Ctrl+D on an empty buffer only shows a hint, cleared by the next key', () => {
    const [state, effects] = keys(start(), { type: 'send' });
    expect(effects).toEqual([]);
    expect(state.notice).toEqual({ level: 'info', text: EMPTY_SEND_HINT });
    expect(keys(state, type('a'))[0].notice).toBeUndefined();
  });

  it('Ctrl+C quits at once when nothing is queued', () => {
    expect(keys(start(), { type: 'quit' })[1]).toEqual([{ type: 'quit' }]);
  });

  it('Ctrl+C with queued messages warns, and quits on a second Ctrl+C', () => {
    const [warned, none] = keys(start({ queued: 2 }), { type: 'quit' });
    expect(none).toEqual([]);
    expect(warned.notice).toEqual({
      level: 'warn',
      text: '2 queued messages not delivered yet: Ctrl+C again drops them and quits',
    });
    expect(keys(warned, { type: 'quit' })[1]).toEqual([{ type: 'quit' }]);
    // Any other key in between disarms it.
    expect(keys(warned, type('x'), { type: 'quit' })[1]).toEqual([]);
  });

  it('the guard is dropped once the queue is delivered', () => {
    const [warned] = keys(start({ queued: 1 }), { type: 'quit' });
    const delivered = events(warned, { type: 'state', snapshot: { ...snapshot, queued: 0 } });
    expect(delivered.quitArmed).toBe(false);
    expect(keys(delivered, { type: 'quit' })[1]).toEqual([{ type: 'quit' }]);
  });

  it('Home/End scroll the output when the input is empty and edit otherwise', () => {
    let state = events(start(), {
      type: 'received',
      lines: Array.from({ length: 20 }, (_, i) => `l${i}`),
      partial: '',
    });
    state = keys(state, { type: 'home' })[0];
    expect(state.scroll).toEqual({ mode: 'pinned', top: { seq: 0, row: 0 }, newLines: 0 });
    state = keys(state, { type: 'end' })[0];
    expect(state.scroll).toEqual({ mode: 'follow' });
    state = keys(state, type('abc'), { type: 'home' })[0];
    expect([state.editor.col, state.scroll.mode]).toEqual([0, 'follow']);
  });

  it('sending returns to the bottom; lines arriving while scrolled up are counted', () => {
    let state = events(start(), {
      type: 'received',
      lines: Array.from({ length: 20 }, (_, i) => `l${i}`),
      partial: '',
    });
    state = keys(state, { type: 'scroll', action: { type: 'page-up' } })[0];
    state = events(
      state,
      { type: 'received', lines: ['a', 'b'], partial: '' },
      {
        type: 'system',
        level: 'info',
        text: 'c',
      },
    );
    expect(state.scroll).toMatchObject({ mode: 'pinned', newLines: 3 });
    state = keys(state, type('hi'), { type: 'send' })[0];
    expect(state.scroll).toEqual({ mode: 'follow' });
  });

  it('Ctrl+R retries only while waiting to reconnect', () => {
    expect(keys(start(), { type: 'retry' })[0].notice?.text).toBe(RETRY_HINT);
    const waiting = start({
      status: { type: 'reconnecting', attempt: 1, retryAt: 0, reason: 'refused' },
    });
    expect(keys(waiting, { type: 'retry' })[1]).toEqual([{ type: 'retry' }]);
  });

  it('lines skipped by the feed count as arrived and drop everything before them', () => {
    let state = events(start(), { type: 'received', lines: ['old'], partial: '' });
    state = keys(state, { type: 'scroll', action: { type: 'line-up' } })[0];
    const batch = {
      skipped: 500,
      events: [{ time: 0, event: { type: 'received' as const, lines: ['new'], partial: '' } }],
      snapshot: { ...snapshot, queued: 4 },
    };
    state = tuiReducer(state, { type: 'connection', batch }, env)[0];
    expect([state.transcript.firstSeq, state.transcript.endSeq]).toEqual([501, 502]);
    expect(state.snapshot.queued).toBe(4);
  });

  it('Ctrl+T toggles timestamps; a batch of events is one transcript update', () => {
    expect(keys(start(), { type: 'toggle-timestamps' })[0].timestamps).toBe(true);
    const state = events(
      start(),
      { type: 'received', lines: ['a'], partial: '' },
      { type: 'sent', lines: ['b'], queued: true },
      { type: 'state', snapshot: { ...snapshot, queued: 1 } },
      { type: 'flushed', messages: 1 },
    );
    expect(state.transcript.endSeq).toBe(3);
    expect(state.snapshot.queued).toBe(1);
  });
});

describe('tui state: a password prompt', () => {
  it('sends what is typed after it as a secret, shown as a mask on the prompt row', () => {
    let state = events(start(), { type: 'received', lines: ['Welcome'], partial: 'Password: ' });
    state = keys(state, type('hunter2'))[0];
    const [sent, effects] = keys(state, { type: 'send' });
    expect(effects).toEqual([{ type: 'send', lines: ['hunter2'], secret: true }]);
    expect(sent.editor.history).toEqual([]);
    const shown = events(sent, { type: 'sent', lines: ['hunter2'], queued: false, secret: true });
    expect(entryAt(shown.transcript, 1)).toMatchObject({
      type: 'sent',
      prompt: 'Password: ',
      text: '••••••••',
    });
  });
});

describe('tui state: the hex view', () => {
  it('Ctrl+X toggles it; scrolling in it moves by rows from the newest, never below 0', () => {
    let state = keys(start(), { type: 'toggle-hex' })[0];
    expect(state.hex).toBe(true);
    state = keys(state, { type: 'scroll', action: { type: 'page-up' } })[0];
    expect(state.hexScroll).toBeGreaterThan(0);
    expect(state.scroll).toEqual(start().scroll);
    state = keys(state, { type: 'scroll', action: { type: 'bottom' } })[0];
    expect(state.hexScroll).toBe(0);
    state = keys(state, { type: 'scroll', action: { type: 'line-down' } })[0];
    expect(state.hexScroll).toBe(0);
    expect(keys(state, { type: 'toggle-hex' })[0].hex).toBe(false);
  });
});

describe('tui state: search', () => {
  const filled = () =>
    events(start(), {
      type: 'received',
      lines: ['Needle one', ...Array.from({ length: 50 }, (_, i) => `l${i}`), 'needle two', 'end'],
      partial: '',
    });

  it('typing finds the newest match and pins the view on it; Enter goes older, ↓ newer', () => {
    let state = keys(filled(), { type: 'search' }, type('NEEDLE'))[0];
    expect(state.search).toMatchObject({ query: 'NEEDLE', match: 51, failed: false });
    expect(state.scroll.mode).toBe('pinned');
    state = keys(state, { type: 'edit', action: { type: 'newline' } })[0];
    expect(state.search?.match).toBe(0);
    // Nothing older: it stays, and says so.
    state = keys(state, { type: 'edit', action: { type: 'newline' } })[0];
    expect(state.search).toMatchObject({ match: 0, failed: true });
    state = keys(state, { type: 'edit', action: { type: 'down' } })[0];
    expect(state.search).toMatchObject({ match: 51, failed: false });
    // The editor never saw the keys.
    expect(state.editor.lines).toEqual(['']);
  });

  it('Esc closes it and keeps the view where it is', () => {
    const open = keys(filled(), { type: 'search' }, type('needle'), {
      type: 'edit',
      action: { type: 'newline' },
    })[0];
    const closed = keys(open, { type: 'escape' })[0];
    expect(closed.search).toBeUndefined();
    expect(closed.scroll).toEqual(open.scroll);
    expect(paneContent(closed).highlight).toBeUndefined();
  });

  it('says when nothing matches', () => {
    const state = keys(filled(), { type: 'search' }, type('zzz'))[0];
    expect(state.search).toMatchObject({ failed: true, match: undefined });
  });
});

describe('tui state: a server that is not keeping up', () => {
  it('holds a new message back (kept in the input) while over 8 MiB wait to go', () => {
    const typed = keys(start(), type('more'))[0];
    const slow = { ...typed, snapshot: { ...typed.snapshot, unsent: MAX_UNSENT + 1 } };
    const [held, effects] = keys(slow, { type: 'send' });
    expect(effects).toEqual([]);
    expect(held.editor.lines).toEqual(['more']);
    expect(held.notice?.text).toMatch(/^The server is not keeping up \(9 MiB still to send\)/);
    const caughtUp = { ...held, snapshot: { ...held.snapshot, unsent: 0 } };
    expect(keys(caughtUp, { type: 'send' })[1]).toEqual([
      { type: 'send', lines: ['more'], secret: false },
    ]);
  });
});

describe('tui state: a telnet server that echoes', () => {
  it('shows nothing of ours for what it echoes itself: its echo completes the prompt line', () => {
    const echoing = { ...start(), snapshot: { ...start().snapshot, telnet: { serverEcho: true } } };
    let state = events(echoing, { type: 'received', lines: [], partial: 'vm login: ' });
    state = events(state, { type: 'sent', lines: ['nobody'], queued: false, secret: true });
    expect(state.transcript.endSeq).toBe(0);
    state = events(state, { type: 'received', lines: ['vm login: nobody'], partial: 'Password: ' });
    expect(entryAt(state.transcript, 0)).toMatchObject({
      type: 'received',
      text: 'vm login: nobody',
    });
  });
});
