import type { ConnectionSnapshot } from '../connection/connection-types.js';
import { checkExhaustive } from '../../shared/check-exhaustive.js';
import { plural } from '../../shared/plural.js';
import { TCPCHAT_COMMANDS } from '../../protocol/tcpchat-commands.js';
import { isMention } from './chat-lines.js';
import { chatActive, initialChatView, type ChatView } from './chat-tracker.js';
import { complete } from './completion.js';
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
import { SECRET_MASK, secretInput } from './secret-input.js';
import { findMatch, openSearch, type SearchState } from './search.js';
import {
  noPrompt,
  promptAnswered,
  promptReceived,
  visiblePrompt,
  type PromptState,
} from '../connection/prompt.js';

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
  /** The chat you are in, as the server's notices tell it. */
  readonly chat: ChatView;
  /** Ring the terminal bell when a line mentions your nick (`--bell`). */
  readonly bell: boolean;
  /** The server's unfinished last line (a prompt), shown live at the bottom of the pane. */
  readonly prompt: PromptState;
  /** The output pane shows a hex dump of the bytes received (Ctrl+X), not the text. */
  readonly hex: boolean;
  /** In the hex view: rows scrolled up from the newest (0: following). */
  readonly hexScroll: number;
  /** The search prompt, while open (Ctrl+F): keys edit the query and jump between matches. */
  readonly search: SearchState | undefined;
}

export type TuiAction =
  | { readonly type: 'connection'; readonly batch: FeedBatch }
  | { readonly type: 'key'; readonly key: KeyAction };

export type TuiEffect =
  /** `secret`: a password (kept out of the log, shown masked). */
  | { readonly type: 'send'; readonly lines: readonly string[]; readonly secret: boolean }
  | { readonly type: 'retry' }
  | { readonly type: 'quit' }
  /** A line mentions you and `--bell` is on. */
  | { readonly type: 'bell' };

/** What the output pane draws: the transcript, as the state says to show it. */
export interface PaneContent {
  readonly transcript: Transcript;
  readonly timestamps: boolean;
  /** Messages the connection still holds: the newest this many sent are shown as queued. */
  readonly queued: number;
  /** Your nick while the chat is on: chat lines are styled, mentions of it highlighted. */
  readonly nick?: string | undefined;
  /** The server's unfinished last line (a prompt), drawn after the transcript; `''`: none. */
  readonly partial?: string;
  /** What the search looks for: its matches are highlighted. */
  readonly highlight?: string;
}

/** The pane's content in `state`. */
export function paneContent(state: TuiState): PaneContent {
  return {
    transcript: state.transcript,
    timestamps: state.timestamps,
    queued: state.snapshot.queued,
    nick: state.chat.nick,
    partial: visiblePrompt(state.prompt),
    highlight: state.search?.query,
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
  bell?: boolean;
}): TuiState {
  return {
    transcript: createTranscript(options.scrollback),
    scroll: initialScrollState,
    editor: initialEditorState,
    snapshot: options.snapshot,
    timestamps: options.timestamps,
    notice: undefined,
    quitArmed: false,
    chat: initialChatView,
    bell: options.bell ?? false,
    prompt: noPrompt,
    hex: false,
    hexScroll: 0,
    search: undefined,
  };
}

const KEYS = NAMED_KEYS;

/** Bytes waiting for a slow server beyond which a new message is held back. */
export const MAX_UNSENT = 8 * 1024 * 1024;

export const EMPTY_SEND_HINT = `Nothing to send: type a message (${KEYS.newline.label} adds a line), then ${KEYS.send.label}`;

export const RETRY_HINT = `${KEYS.retry.label} retries at once while waiting to reconnect (or after a certificate error)`;

/** Whether a batch holds a line that mentions you (for the bell). */
function mentioned(events: FeedBatch['events'], nick: string | undefined): boolean {
  if (nick === undefined) return false;
  for (const { event } of events) {
    if (event.type !== 'received') continue;
    for (const line of event.lines) if (isMention(line, nick)) return true;
  }
  return false;
}

function applyBatch(
  state: TuiState,
  { skipped, events, snapshot: latest, chat }: FeedBatch,
): TuiState {
  const inputs: TranscriptInput[] = skipped > 0 ? [{ type: 'skipped', count: skipped }] : [];
  const snapshot = latest ?? state.snapshot;
  let prompt = state.prompt;
  for (const { time, event } of events) {
    switch (event.type) {
      case 'received': {
        const merged = promptReceived(prompt, event.lines, event.partial);
        prompt = merged.state;
        if (merged.lines.length > 0) inputs.push({ type: 'received', time, lines: merged.lines });
        break;
      }
      case 'sent': {
        // A telnet server that echoes shows what was sent itself, on the prompt's line, as a
        // terminal would: nothing of ours goes in the pane (a password it does not echo back
        // shows nothing at all, as in telnet).
        if (event.secret === true && snapshot.telnet?.serverEcho === true && !event.queued) break;
        // Sent now (not queued): it answers the prompt on show, on the prompt's row.
        const answered = event.queued ? { state: prompt, prompt: '' } : promptAnswered(prompt);
        prompt = answered.state;
        // A password shows as a mask, whatever its length.
        const lines = event.secret === true ? event.lines.map(() => SECRET_MASK) : event.lines;
        inputs.push({ type: 'sent', time, lines, prompt: answered.prompt });
        break;
      }
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
    prompt,
    quitArmed: state.quitArmed && snapshot.queued > 0,
    chat: chat ?? state.chat,
    scroll: noteAppended(state.scroll, transcript.endSeq - state.transcript.endSeq),
  };
}

function withScroll(
  state: TuiState,
  action: Extract<KeyAction, { type: 'scroll' }>['action'],
  env: TuiEnv,
): TuiState {
  const view = env.measure(paneContent(state));
  if (state.hex) return { ...state, hexScroll: hexScrolled(state.hexScroll, action, view.height) };
  return { ...state, scroll: scrollReducer(state.scroll, action, view) };
}

/** The hex view scrolls by rows from the newest; the view clamps it to what is kept. */
function hexScrolled(
  rows: number,
  action: Extract<KeyAction, { type: 'scroll' }>['action'],
  page: number,
): number {
  switch (action.type) {
    case 'page-up':
      return rows + Math.max(1, page - 1);
    case 'page-down':
      return Math.max(0, rows - Math.max(1, page - 1));
    case 'line-up':
      return rows + 1;
    case 'line-down':
      return Math.max(0, rows - 1);
    case 'top':
      return Number.MAX_SAFE_INTEGER;
    case 'bottom':
      return 0;
    default:
      return checkExhaustive(action);
  }
}

/** Shows the match at `seq`: pinned with a few entries of context above it. */
function showMatch(state: TuiState, search: SearchState, env: TuiEnv): TuiState {
  if (search.match === undefined) return { ...state, search };
  const view = env.measure(paneContent({ ...state, search }));
  const top = Math.max(view.firstSeq, search.match - Math.floor(view.height / 3));
  return {
    ...state,
    search,
    hex: false,
    scroll: { mode: 'pinned', top: { seq: top, row: 0 }, newLines: 0 },
  };
}

/** Keys while the search prompt is open: they edit the query and move between matches. */
function searchKey(
  state: TuiState,
  search: SearchState,
  key: KeyAction,
  env: TuiEnv,
): [TuiState, TuiEffect[]] | undefined {
  const t = state.transcript;
  const jump = (direction: 'older' | 'newer', from: number | undefined, query = search.query) => {
    const match = findMatch(t, query, from, direction);
    const next: SearchState =
      match === undefined
        ? { query, match: search.match, failed: query !== '' }
        : { query, match, failed: false };
    return showMatch(state, next, env);
  };
  if (key.type === 'escape') return [{ ...state, search: undefined }, []];
  if (key.type === 'search' || key.type === 'send') return [jump('older', search.match), []];
  if (key.type !== 'edit') return undefined;
  const action = key.action;
  switch (action.type) {
    case 'insert': {
      // Typing narrows the search from the newest line back.
      const query = search.query + action.text.replace(/[\r\n]+/g, ' ');
      return [jump('older', undefined, query), []];
    }
    case 'backspace': {
      const query = [...search.query].slice(0, -1).join('');
      return [jump('older', undefined, query), []];
    }
    case 'newline':
    case 'up':
      return [jump('older', search.match), []];
    case 'down':
      return [jump('newer', search.match), []];
    default:
      return [state, []];
  }
}

function applyKey(state: TuiState, key: KeyAction, env: TuiEnv): [TuiState, TuiEffect[]] {
  // Any key but a second Ctrl+C disarms the quit and clears the last notice.
  const base: TuiState =
    key.type === 'quit' ? state : { ...state, notice: undefined, quitArmed: false };
  if (base.search !== undefined) {
    const handled = searchKey(base, base.search, key, env);
    if (handled !== undefined) return handled;
  }
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
    case 'send': {
      if (isEmpty(base.editor))
        return [{ ...base, notice: { level: 'info', text: EMPTY_SEND_HINT } }, []];
      if (base.snapshot.unsent > MAX_UNSENT) {
        // The server is not taking what was sent: hold this one (kept in the input), so
        // memory stays bounded however much is pasted into a server that stopped reading.
        const mib = Math.ceil(base.snapshot.unsent / (1024 * 1024));
        const text = `The server is not keeping up (${mib} MiB still to send): ${KEYS.send.label} again once it has`;
        return [{ ...base, notice: { level: 'warn', text } }, []];
      }
      const secret = secretInput(base.prompt) || base.snapshot.telnet?.serverEcho === true;
      return [
        {
          ...base,
          editor: editorReducer(base.editor, { type: 'submitted', secret }),
          // Show the reply: sending returns to the bottom.
          scroll: initialScrollState,
        },
        [{ type: 'send', lines: editorText(base.editor), secret }],
      ];
    }
    case 'quit': {
      const queued = state.snapshot.queued;
      if (queued === 0 || state.quitArmed) return [state, [{ type: 'quit' }]];
      const text = `${plural(queued, 'queued message')} not delivered yet: ${KEYS.quit.label} again drops ${queued === 1 ? 'it' : 'them'} and quits`;
      return [{ ...state, quitArmed: true, notice: { level: 'warn', text } }, []];
    }
    case 'toggle-timestamps':
      return [{ ...base, timestamps: !base.timestamps }, []];
    case 'complete':
      return [completeWord(base), []];
    case 'toggle-hex':
      return [{ ...base, hex: !base.hex, hexScroll: 0 }, []];
    case 'search':
      return [{ ...base, search: openSearch }, []];
    case 'escape':
      return [base, []];
    case 'retry': {
      const status = base.snapshot.status;
      const canRetry =
        status.type === 'reconnecting' || (status.type === 'error' && status.canRetry === true);
      if (!canRetry) {
        return [{ ...base, notice: { level: 'info', text: RETRY_HINT } }, []];
      }
      return [base, [{ type: 'retry' }]];
    }
    default:
      return checkExhaustive(key);
  }
}

/** Tab: completes a command or member nick; a plain tab where there is nothing to complete. */
function completeWord(state: TuiState): TuiState {
  const { editor, chat } = state;
  const line = editor.lines[editor.row] ?? '';
  const commands = chat.tcpchat || chatActive(chat) ? TCPCHAT_COMMANDS : [];
  const result = complete(line, editor.col, commands, chat.members);
  switch (result.type) {
    case 'none':
      return { ...state, editor: editorReducer(editor, { type: 'insert', text: '\t' }) };
    case 'complete':
      return {
        ...state,
        editor: editorReducer(editor, { type: 'replace', start: result.start, text: result.text }),
      };
    case 'choices':
      return {
        ...state,
        editor: editorReducer(editor, { type: 'replace', start: result.start, text: result.text }),
        notice: { level: 'info', text: result.choices.join('  ') },
      };
    default:
      return checkExhaustive(result);
  }
}

/** Applies one action; returns the new state and what to do outside. */
export function tuiReducer(
  state: TuiState,
  action: TuiAction,
  env: TuiEnv,
): [TuiState, TuiEffect[]] {
  switch (action.type) {
    case 'connection': {
      const next = applyBatch(state, action.batch);
      const ring = state.bell && mentioned(action.batch.events, next.chat.nick);
      return [next, ring ? [{ type: 'bell' }] : []];
    }
    case 'key':
      return applyKey(state, action.key, env);
    default:
      return checkExhaustive(action);
  }
}
