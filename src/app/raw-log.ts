import type { ConnectionEvent } from '../client/connection/connection-types.js';
import { openAppendFile } from './append-file.js';

/** Appends every byte the server sends, as it came off the wire, to a file (`--log-raw`). */
export interface RawLog {
  record(event: ConnectionEvent): void;
  /** Why writing stopped, if it did. */
  readonly failure: string | undefined;
  close(): void;
}

/** Opens `--log-raw FILE`; a path that cannot be used is one line (LogFileError). */
export function openRawLog(path: string): RawLog {
  const file = openAppendFile(path, '--log-raw file');
  return {
    record(event) {
      // A copy: the bytes are the link's read buffer, reused by its next read.
      if (event.type === 'received' && event.raw !== undefined) file.append(Buffer.from(event.raw));
    },
    get failure() {
      return file.failure;
    },
    close: () => file.close(),
  };
}
