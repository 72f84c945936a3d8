import type { Target } from '../shared/target.js';
import type { TelnetMode } from '../protocol/telnet-client.js';

/** Settings of the terminal client (times in milliseconds). */
/** The transport as the command line names it (the CA still a file name). */
export type TransportChoice =
  | { readonly type: 'tcp' }
  | {
      readonly type: 'tls';
      readonly caFile: string | undefined;
      readonly servername: string | undefined;
      readonly insecure: boolean;
    }
  | { readonly type: 'udp' };

export interface ClientOptions {
  /** Where to connect; absent means "start the bundled server and connect to it". */
  readonly target: Target | undefined;
  readonly transport: TransportChoice;
  /** Piped mode: tell stderr about the connection (the TLS session). */
  readonly verbose: boolean;
  /** The server's character encoding (`--encoding`), by its canonical name (`gbk`). */
  readonly encoding: string;
  /** Telnet: when the server negotiates, always (`--telnet`) or never (`--raw`). */
  readonly telnet: TelnetMode;
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
  /** Append the raw received bytes here. */
  readonly rawLogFile: string | undefined;
}
