import type { EditorAction } from './input-editor.js';
import type { ScrollAction } from './scroll.js';

/**
 * Turns terminal input into what the TUI does. Input comes as Ink's input parser splits it
 * (one escape sequence per event, text between them as one event), so Backspace (DEL) and the
 * Delete key (`ESC [3~`) stay apart, which Ink's `useInput` cannot tell. Bracketed paste is
 * collected across events and inserted as one piece, newlines included, never sent.
 */

export type KeyAction =
  | { readonly type: 'edit'; readonly action: EditorAction }
  | { readonly type: 'scroll'; readonly action: ScrollAction }
  /** Home/End: the input's line start/end, or the top/bottom of the output when it is empty. */
  | { readonly type: 'home' }
  | { readonly type: 'end' }
  /** Ctrl+D. */
  | { readonly type: 'send' }
  /** Ctrl+C. */
  | { readonly type: 'quit' }
  /** Ctrl+T. */
  | { readonly type: 'toggle-timestamps' }
  /** Ctrl+R. */
  | { readonly type: 'retry' }
  /** Ctrl+X: the output as text, or as a hex dump of the bytes received. */
  | { readonly type: 'toggle-hex' }
  /** Ctrl+F: search the scrollback. */
  | { readonly type: 'search' }
  /** Esc (closes the search). */
  | { readonly type: 'escape' }
  /** Tab: complete a command or a nick (a tab where there is nothing to complete). */
  | { readonly type: 'complete' };

export interface Keymap {
  /** Feeds one input event; returns what it means, in order. */
  push(input: string): KeyAction[];
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

const edit = (action: EditorAction): KeyAction => ({ type: 'edit', action });
const scroll = (type: ScrollAction['type']): KeyAction => ({ type: 'scroll', action: { type } });

/** A key the UI names to the user (footer, placeholder, notices), as it is spelt there. */
export interface NamedKey {
  readonly label: string;
  /** For a narrow footer. */
  readonly short: string;
  /** What the terminal sends for it, and what that does. */
  readonly inputs: Readonly<Record<string, KeyAction>>;
}

/** The keys the UI tells people about: hints and notices are spelt from this table alone. */
export const NAMED_KEYS = {
  send: { label: 'Ctrl+D', short: '^D', inputs: { '\x04': { type: 'send' } } },
  newline: {
    label: 'Enter',
    short: '⏎',
    inputs: { '\r': edit({ type: 'newline' }), '\n': edit({ type: 'newline' }) },
  },
  quit: { label: 'Ctrl+C', short: '^C', inputs: { '\x03': { type: 'quit' } } },
  scroll: {
    label: 'PgUp/PgDn',
    short: 'PgUp/Dn',
    inputs: { '\x1b[5~': scroll('page-up'), '\x1b[6~': scroll('page-down') },
  },
  timestamps: { label: 'Ctrl+T', short: '^T', inputs: { '\x14': { type: 'toggle-timestamps' } } },
  retry: { label: 'Ctrl+R', short: '^R', inputs: { '\x12': { type: 'retry' } } },
  hex: { label: 'Ctrl+X', short: '^X', inputs: { '\x18': { type: 'toggle-hex' } } },
  search: { label: 'Ctrl+F', short: '^F', inputs: { '\x06': { type: 'search' } } },
} as const satisfies Readonly<Record<string, NamedKey>>;

/** The inputs of the named keys that are escape sequences (the rest are control characters). */
function namedInputs(sequences: boolean): Record<string, KeyAction> {
  const inputs: Record<string, KeyAction> = {};
  for (const key of Object.values(NAMED_KEYS) as readonly NamedKey[]) {
    for (const [input, action] of Object.entries(key.inputs)) {
      if (input.startsWith('\x1b') === sequences) inputs[input] = action;
    }
  }
  return inputs;
}

/** Escape sequences we act on (xterm, rxvt and VT220 spellings). */
const SEQUENCES: Readonly<Record<string, KeyAction>> = {
  '\x1b': { type: 'escape' },
  '\x1b[A': edit({ type: 'up' }),
  '\x1bOA': edit({ type: 'up' }),
  '\x1b[B': edit({ type: 'down' }),
  '\x1bOB': edit({ type: 'down' }),
  '\x1b[C': edit({ type: 'right' }),
  '\x1bOC': edit({ type: 'right' }),
  '\x1b[D': edit({ type: 'left' }),
  '\x1bOD': edit({ type: 'left' }),
  '\x1b[H': { type: 'home' },
  '\x1bOH': { type: 'home' },
  '\x1b[1~': { type: 'home' },
  '\x1b[7~': { type: 'home' },
  '\x1b[F': { type: 'end' },
  '\x1bOF': { type: 'end' },
  '\x1b[4~': { type: 'end' },
  '\x1b[8~': { type: 'end' },
  '\x1b[3~': edit({ type: 'delete' }),
  ...namedInputs(true),
  // Ctrl+Home / Ctrl+End always scroll; Shift+Up / Shift+Down scroll a line.
  '\x1b[1;5H': scroll('top'),
  '\x1b[1;5F': scroll('bottom'),
  '\x1b[7^': scroll('top'),
  '\x1b[8^': scroll('bottom'),
  '\x1b[1;2A': scroll('line-up'),
  '\x1b[1;2B': scroll('line-down'),
  '\x1b[a': scroll('line-up'),
  '\x1b[b': scroll('line-down'),
  // Alt+Backspace deletes a word, like Ctrl+W.
  '\x1b\x7f': edit({ type: 'delete-word' }),
  '\x1b\b': edit({ type: 'delete-word' }),
};

/** Control characters we act on; the rest are ignored. */
const CONTROLS: Readonly<Record<string, KeyAction>> = {
  ...namedInputs(false),
  '\t': { type: 'complete' },
  '\x7f': edit({ type: 'backspace' }),
  '\b': edit({ type: 'backspace' }),
  '\x01': edit({ type: 'home' }),
  '\x05': edit({ type: 'end' }),
  '\x02': edit({ type: 'left' }),

  '\x10': edit({ type: 'up' }),
  '\x0e': edit({ type: 'down' }),
  '\x15': edit({ type: 'kill-before' }),
  '\x0b': edit({ type: 'kill-after' }),
  '\x17': edit({ type: 'delete-word' }),
};

// C0 controls, DEL and C1 controls: never inserted as text.
const CONTROL_RUN = /[\x00-\x1f\x7f-\x9f]/;

/** Pasted text as the editor takes it: newlines kept (CR and CRLF become LF), tabs kept. */
export function cleanPaste(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '');
}

/** A new keymap (it remembers whether a bracketed paste is open). */
export function createKeymap(): Keymap {
  let paste: string[] | undefined;

  function typed(input: string, out: KeyAction[]): void {
    // Text typed faster than it is read arrives in one event, control keys included.
    let start = 0;
    for (let i = 0; i < input.length; i++) {
      if (!CONTROL_RUN.test(input[i]!)) continue;
      if (i > start) out.push(edit({ type: 'insert', text: input.slice(start, i) }));
      // CRLF from a terminal that sends both is one Enter.
      if (input[i] === '\r' && input[i + 1] === '\n') i++;
      const action = CONTROLS[input[i]!];
      if (action) out.push(action);
      start = i + 1;
    }
    if (start < input.length) out.push(edit({ type: 'insert', text: input.slice(start) }));
  }

  return {
    push(input) {
      const out: KeyAction[] = [];
      if (paste) {
        // A Ctrl+C on its own is a key, not pasted text: the way out of a paste that never ends.
        if (input === '\x03') {
          paste = undefined;
          return [{ type: 'quit' }];
        }
        if (input === PASTE_END) {
          const text = cleanPaste(paste.join(''));
          paste = undefined;
          if (text !== '') out.push(edit({ type: 'insert', text }));
        } else {
          paste.push(input);
        }
        return out;
      }
      if (input === PASTE_START) {
        paste = [];
        return out;
      }
      if (input.startsWith('\x1b')) {
        const action = SEQUENCES[input];
        if (action) out.push(action);
        return out;
      }
      typed(input, out);
      return out;
    },
  };
}
