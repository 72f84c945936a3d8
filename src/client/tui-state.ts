import type { ConnectionEvent, ConnectionSnapshot } from './connection-types.js';
import {
  editorReducer,
  editorText,
  initialEditorState,
  isEmpty,
  type EditorState,
} from './input-editor.js';
import type { FeedBatch } from './feed-queue.js';
import type { KeyAction } from './keymap.js';
import type { PaneLayout, PaneRenderer } from './pane-rows.js';
import { initialScrollState, noteAppended, scrollReducer, type ScrollState } from './scroll.js';
import {
  appendToTranscript,
  createTranscript,
  type Transcript,
  type TranscriptInput,
} from './transcript.js';

/**
 * Everything the TUI shows, as one pure reducer: connection news and key presses in, new state
 * and effects (send, retry, quit) out. One state object, so a batch of news or a burst of keys
 * is one React update.
 */

/** A line at the bottom telling the user something about their last key. */
export interface Notice {
  readonly level: 'info' | 'warn';
  readonly text: string;
}

export interface TuiState {
  readonly transcript: Transcript;
  readonly scroll: ScrollState;
  readonly editor: EditorState;
  readonly snapshot: ConnectionSnapshot;
  readonly timestamps: boolean;
  readonly notice: Notice | undefined;
  /** Ctrl+C was pressed with messages queued; another one quits. */
  readonly quitArmed: boolean;
}

/** A connection event stamped with when it arrived. */
export interface TimedEvent {
  readonly time: number;
  readonly event: ConnectionEvent;
}

export type TuiAction =
  | { readonly type: 'connection'; readonly batch: FeedBatch }
  | { readonly type: 'key'; readonly key: KeyAction };

export type TuiEffect =
  | { readonly type: 'send'; readonly lines: readonly string[] }
  | { readonly type: 'retry' }
  | { readonly type: 'quit' };

/** What the reducer needs to measure the output pane (for scrolling). */
export interface TuiEnv {
  readonly renderer: PaneRenderer;
  readonly layout: PaneLayout;
}

export function initialTuiState(options: {
  snapshot: ConnectionSnapshot;
  scrollback: number;
  timestamps: boolean;
}): TuiState {
  return {
    transcript: createTranscript(options.scrollback),
    scroll: initialScrollState,
    editor: initialEditorState,
    snapshot: options.snapshot,
    timestamps: options.timestamps,
    notice: undefined,
    quitArmed: false,
  };
}

export const EMPTY_SEND_HINT = 'Nothing to send: type a message (Enter adds a line), then Ctrl+D';

export const RETRY_HINT = 'Ctrl+R retries at once while waiting to reconnect';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function applyBatch(state: TuiState, { skipped, events, snapshot: latest }: FeedBatch): TuiState {
  const inputs: TranscriptInput[] = skipped > 0 ? [{ type: 'skipped', count: skipped }] : [];
  let snapshot = latest ?? state.snapshot;
  for (const { time, event } of events) {
    switch (event.type) {
      case 'received':
        inputs.push({ type: 'received', time, lines: event.lines });
        break;
      case 'sent':
        inputs.push({ type: 'sent', time, lines: event.lines, queued: event.queued });
        break;
      case 'flushed':
        inputs.push({ type: 'flushed', time, messages: event.messages });
        break;
      case 'system':
        inputs.push({ type: 'system', time, level: event.level, text: event.text });
        break;
      case 'state':
        snapshot = event.snapshot;
        break;
      default:
        checkExhaustive(event);
    }
  }
  const transcript =
    inputs.length > 0 ? appendToTranscript(state.transcript, inputs) : state.transcript;
  return {
    ...state,
    transcript,
    snapshot,
    quitArmed: state.quitArmed && snapshot.queued > 0,
    scroll: noteAppended(state.scroll, transcript.endSeq - state.transcript.endSeq),
  };
}

function withScroll(
  state: TuiState,
  action: Extract<KeyAction, { type: 'scroll' }>['action'],
  env: TuiEnv,
): TuiState {
  const view = env.renderer.view(state.transcript, { ...env.layout, timestamps: state.timestamps });
  return { ...state, scroll: scrollReducer(state.scroll, action, view) };
}

function applyKey(state: TuiState, key: KeyAction, env: TuiEnv): [TuiState, TuiEffect[]] {
  // Any key but a second Ctrl+C disarms the quit and clears the last notice.
  const base: TuiState =
    key.type === 'quit' ? state : { ...state, notice: undefined, quitArmed: false };
  switch (key.type) {
    case 'edit':
      return [{ ...base, editor: editorReducer(base.editor, key.action) }, []];
    case 'scroll':
      return [withScroll(base, key.action, env), []];
    case 'home':
    case 'end':
      if (isEmpty(base.editor)) {
        return [withScroll(base, { type: key.type === 'home' ? 'top' : 'bottom' }, env), []];
      }
      return [{ ...base, editor: editorReducer(base.editor, { type: key.type }) }, []];
    case 'send':
      if (isEmpty(base.editor))
        return [{ ...base, notice: { level: 'info', text: EMPTY_SEND_HINT } }, []];
      return [
        {
          ...base,
          editor: editorReducer(base.editor, { type: 'submitted' }),
          // Show the reply: sending returns to the bottom.
          scroll: initialScrollState,
        },
        [{ type: 'send', lines: editorText(base.editor) }],
      ];
    case 'quit': {
      const queued = state.snapshot.queued;
      if (queued === 0 || state.quitArmed) return [state, [{ type: 'quit' }]];
      const text = `${plural(queued, 'queued message')} not delivered yet: Ctrl+C again drops ${queued === 1 ? 'it' : 'them'} and quits`;
      return [{ ...state, quitArmed: true, notice: { level: 'warn', text } }, []];
    }
    case 'toggle-timestamps':
      return [{ ...base, timestamps: !base.timestamps }, []];
    case 'retry':
      if (base.snapshot.status.type !== 'reconnecting') {
        return [{ ...base, notice: { level: 'info', text: RETRY_HINT } }, []];
      }
      return [base, [{ type: 'retry' }]];
    default:
      return checkExhaustive(key);
  }
}

/** Applies one action; returns the new state and what to do outside. */
export function tuiReducer(
  state: TuiState,
  action: TuiAction,
  env: TuiEnv,
): [TuiState, TuiEffect[]] {
  switch (action.type) {
    case 'connection':
      return [applyBatch(state, action.batch), []];
    case 'key':
      return applyKey(state, action.key, env);
    default:
      return checkExhaustive(action);
  }
}

function checkExhaustive(value: never): never {
  throw new Error(`unhandled TUI action: ${JSON.stringify(value)}`);
}
