import { escapeControls } from '../../protocol/sanitize.js';
import { plural } from '../../shared/plural.js';
import type { ConnectionEvent } from '../connection/connection-types.js';
import {
  noPrompt,
  promptAnswered,
  promptReceived,
  type PromptState,
} from '../connection/prompt.js';
import { SECRET_MASK } from '../state/secret-input.js';

/** The `--log` transcript's lines: `TIME DIR TEXT`, one per line of the session. */

/**
 * Direction marks: `<` received, `>` sent, `+` typed while disconnected (goes out once
 * connected), `*` a system line (connection news, embedded server events).
 */
export type LogDirection = '<' | '>' | '+' | '*';

/** Formats lines as log entries `TIME DIR TEXT`, controls made visible so each stays one line. */
export function formatLogEntries(
  time: string,
  direction: LogDirection,
  lines: readonly string[],
): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    out += `${time} ${direction} ${escapeControls(lines[i]!)}\n`;
  }
  return out;
}

/**
 * The log entries for one connection event (none for snapshot changes), given the prompt on
 * show: a prompt is logged once, as a line when it is complete, or just before the answer
 * (`< login: ` then `> ada`) when you answer it.
 */
export function logEntriesFor(
  event: ConnectionEvent,
  time: string,
  prompt: PromptState = noPrompt,
): { readonly text: string; readonly prompt: PromptState } {
  const same = (text: string) => ({ text, prompt });
  switch (event.type) {
    case 'received': {
      const merged = promptReceived(prompt, event.lines, event.partial);
      return { text: formatLogEntries(time, '<', merged.lines), prompt: merged.state };
    }
    case 'sent': {
      // A password never reaches the log: a mask stands for each line.
      const lines = event.secret === true ? event.lines.map(() => SECRET_MASK) : event.lines;
      if (event.queued) return same(formatLogEntries(time, '+', lines));
      const answered = promptAnswered(prompt);
      const before = answered.prompt === '' ? '' : formatLogEntries(time, '<', [answered.prompt]);
      return { text: before + formatLogEntries(time, '>', lines), prompt: answered.state };
    }
    case 'flushed':
      return same(
        formatLogEntries(time, '*', [`delivered ${plural(event.messages, 'queued message')}`]),
      );
    case 'system':
      return same(formatLogEntries(time, '*', [event.text]));
    case 'state':
      return same('');
    default:
      return event satisfies never;
  }
}
