import { escapeControls } from '../../protocol/sanitize.js';
import { plural } from '../../shared/plural.js';
import type { ConnectionEvent } from '../connection/connection-types.js';

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

/** The log entries for one connection event (none for snapshot changes). */
export function logEntriesFor(event: ConnectionEvent, time: string): string {
  switch (event.type) {
    case 'received':
      return formatLogEntries(time, '<', event.lines);
    case 'sent':
      return formatLogEntries(time, event.queued ? '+' : '>', event.lines);
    case 'flushed':
      return formatLogEntries(time, '*', [`delivered ${plural(event.messages, 'queued message')}`]);
    case 'system':
      return formatLogEntries(time, '*', [event.text]);
    case 'state':
      return '';
    default:
      return event satisfies never;
  }
}
