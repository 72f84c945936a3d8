import type { ConnectionEvent } from '../client/connection/connection-types.js';
import { formatLogEntries, logEntriesFor } from '../client/view/log-entries.js';
import { openAppendFile } from './append-file.js';
import { noPrompt } from '../client/connection/prompt.js';

export { LogFileError } from './append-file.js';

export interface TranscriptLog {
  /** Appends the entries for one connection event. */
  record(event: ConnectionEvent): void;
  /** Appends a system line (an embedded server event). */
  note(text: string): void;
  /** Why writing stopped, if it did (disk full...); the session goes on without the log. */
  readonly failure: string | undefined;
  close(): void;
}

/**
 * Opens `path` for appending the transcript. Throws LogFileError with one clear line when
 * the path is unusable, before anything else starts.
 */
export function openTranscriptLog(path: string, clock: () => number = Date.now): TranscriptLog {
  const file = openAppendFile(path, 'log file');
  let prompt = noPrompt;
  return {
    record(event) {
      if (event.type === 'state') return;
      const entries = logEntriesFor(event, new Date(clock()).toISOString(), prompt);
      prompt = entries.prompt;
      file.append(entries.text);
    },
    note(text) {
      file.append(formatLogEntries(new Date(clock()).toISOString(), '*', [text]));
    },
    get failure() {
      return file.failure;
    },
    close: () => file.close(),
  };
}
