import fs from 'node:fs';
import type { ConnectionEvent } from '../client/connection/connection-types.js';
import { formatLogEntries, logEntriesFor } from '../client/view/log-entries.js';
import { fileErrorText } from '../shared/file-error.js';
import { noPrompt } from '../client/connection/prompt.js';

/** The log file cannot be opened or written: one line for the user. */
export class LogFileError extends Error {
  readonly code = 'ELOGFILE';
}

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
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'a');
  } catch (error) {
    throw new LogFileError(`cannot open log file ${path}: ${fileErrorText(error)}`);
  }
  let failure: string | undefined;

  // Synchronous appends keep entries in order and memory flat during a flood; one write
  // per event (a socket read's worth of lines), not per line.
  function append(text: string): void {
    if (fd === undefined || text === '') return;
    try {
      fs.writeSync(fd, text);
    } catch (error) {
      failure = `log file ${path}: ${fileErrorText(error)}; logging stopped`;
      close();
    }
  }

  function close(): void {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    try {
      fs.closeSync(open);
    } catch {
      // Nothing more to write to it; the entries already written stay.
    }
  }

  let prompt = noPrompt;
  return {
    record(event) {
      if (event.type === 'state') return;
      const entries = logEntriesFor(event, new Date(clock()).toISOString(), prompt);
      prompt = entries.prompt;
      append(entries.text);
    },
    note(text) {
      append(formatLogEntries(new Date(clock()).toISOString(), '*', [text]));
    },
    get failure() {
      return failure;
    },
    close,
  };
}
