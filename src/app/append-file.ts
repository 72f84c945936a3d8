import fs from 'node:fs';
import { fileErrorText } from '../shared/file-error.js';

/** A log file cannot be opened: one line for the user. */
export class LogFileError extends Error {
  readonly code = 'ELOGFILE';
}

/** A file written to synchronously, in order, that stops (and says why) at its first failure. */
export interface AppendFile {
  append(data: string | Uint8Array): void;
  /** Why writing stopped, if it did (disk full...); the session goes on without it. */
  readonly failure: string | undefined;
  close(): void;
}

/**
 * Opens `path` for appending; throws LogFileError (`cannot open NAME PATH: why`) when it
 * cannot be used, before anything else starts. `name` says which log in messages.
 */
export function openAppendFile(path: string, name: string): AppendFile {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'a');
  } catch (error) {
    throw new LogFileError(`cannot open ${name} ${path}: ${fileErrorText(error)}`);
  }
  let failure: string | undefined;
  const close = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    try {
      fs.closeSync(open);
    } catch {
      // Nothing more to write to it; what was written stays.
    }
  };
  return {
    append(data) {
      if (fd === undefined || data.length === 0) return;
      try {
        // Synchronous: entries stay in order and memory flat during a flood.
        if (typeof data === 'string') fs.writeSync(fd, data);
        else fs.writeSync(fd, data);
      } catch (error) {
        failure = `${name} ${path}: ${fileErrorText(error)}; logging stopped`;
        close();
      }
    },
    get failure() {
      return failure;
    },
    close,
  };
}
