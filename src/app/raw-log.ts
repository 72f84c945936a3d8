import fs from 'node:fs';
import type { ConnectionEvent } from '../client/connection/connection-types.js';
import { fileErrorText } from '../shared/file-error.js';

/** `--log-raw FILE` cannot be opened: one line for the user. */
export class RawLogError extends Error {
  readonly code = 'ELOGFILE';
}

/** Appends every byte the server sends, as it came off the wire, to a file (`--log-raw`). */
export interface RawLog {
  record(event: ConnectionEvent): void;
  /** Why writing stopped, if it did. */
  readonly failure: string | undefined;
  close(): void;
}

export function openRawLog(path: string): RawLog {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'a');
  } catch (error) {
    throw new RawLogError(`cannot open --log-raw file ${path}: ${fileErrorText(error)}`);
  }
  let failure: string | undefined;
  const close = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    try {
      fs.closeSync(open);
    } catch {
      // What was written stays.
    }
  };
  return {
    record(event) {
      if (event.type !== 'received' || event.raw === undefined || fd === undefined) return;
      try {
        // Synchronous: in order, and memory stays flat however fast the server sends.
        fs.writeSync(fd, event.raw);
      } catch (error) {
        failure = `--log-raw file ${path}: ${fileErrorText(error)}; raw logging stopped`;
        close();
      }
    },
    get failure() {
      return failure;
    },
    close,
  };
}
