import type { Target } from '../shared/target.js';

/** Settings of the terminal client (times in milliseconds). */
export interface ClientOptions {
  /** Where to connect; absent means "start the bundled server and connect to it". */
  readonly target: Target | undefined;
  readonly crlf: boolean;
  readonly connectTimeoutMs: number;
  readonly reconnect: boolean;
  readonly timestamps: boolean;
  /** Lines of output kept in memory. */
  readonly scrollback: number;
  /** Ring the bell when a chat line mentions your nick. */
  readonly bell: boolean;
  /** Append the transcript here. */
  readonly logFile: string | undefined;
}
