import type { ConnectionSnapshot } from '../connection/connection-types.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { plural } from '../../shared/plural.js';
import type { FeedBatch } from './feed-queue.js';
import {
  editorReducer,
  editorText,
  initialEditorState,
  isEmpty,
  type EditorState,
} from './input-editor.js';
import { NAMED_KEYS, type KeyAction } from './keymap.js';
import {
  initialScrollState,
  noteAppended,
  scrollReducer,
  type ScrollState,
  type ScrollView,
} from './scroll.js';
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

export type TuiAction =
  | { readonly type: 'connection'; readonly batch: FeedBatch }
  | { readonly type: 'key'; readonly key: KeyAction };

export type TuiEffect =
  | { readonly type: 'send'; readonly lines: readonly string[] }
  | { readonly type: 'retry' }
  | { readonly type: 'quit' };

/** What the output pane draws: the transcript, as the state says to show it. */
export interface PaneContent {
  readonly transcript: Transcript;
  readonly timestamps: boolean;
  /** Messages the connection still holds: the newest this many sent are shown as queued. */
  readonly queued: number;
}

/** The pane's content in `state`. */
export function paneContent(state: TuiState): PaneContent {
  return {
    transcript: state.transcript,
    timestamps: state.timestamps,
    queued: state.snapshot.queued,
  };
}

/** What the reducer needs from outside: the output pane measured as it is laid out now. */
export interface TuiEnv {
  readonly measure: (content: PaneContent) => ScrollView;
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

const KEYS = NAMED_KEYS;

export const EMPTY_SEND_HINT = `Nothing to send: type a message (${KEYS.newline.label} adds a line), then ${KEYS.send.label}`;

export const RETRY_HINT = `${KEYS.retry.label} retries at once while waiting to reconnect`;

function applyBatch(state: TuiState, { skipped, events, snapshot: latest }: FeedBatch): TuiState {
  const inputs: TranscriptInput[] = skipped > 0 ? [{ type: 'skipped', count: skipped }] : [];
  const snapshot = latest ?? state.snapshot;
  for (const { time, event } of events) {
    switch (event.type) {
      case 'received':
        inputs.push({ type: 'received', time, lines: event.lines });
        break;
      case 'sent':
        inputs.push({ type: 'sent', time, lines: event.lines });
        break;
      case 'flushed':
        inputs.push({ type: 'flushed', time, messages: event.messages });
        break;
      case 'system':
        inputs.push({ type: 'system', time, level: event.level, text: event.text });
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
  return { ...state, scroll: scrollReducer(state.scroll, action, env.measure(paneContent(state))) };
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
      const text = `${plural(queued, 'queued message')} not delivered yet: ${KEYS.quit.label} again drops ${queued === 1 ? 'it' : 'them'} and quits`;
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
