import type { Target } from '../shared/target.js';
import type { ExitStatus } from '../shared/exit-status.js';
import type { TextEncoding } from '../protocol/text-encoding.js';
import type { ClientOptions } from './client-options.js';
import { createConnection, type ClientConnection } from '../client/transport/connection.js';
import type { EmbeddedServer } from './embedded-server.js';
import { openTranscriptLog, type TranscriptLog } from './transcript-log.js';
import { loadTransport } from './client-transport.js';
import { openRawLog, type RawLog } from './raw-log.js';

/** A legacy encoding's decoder and encoder; UTF-8 needs neither (iconv-lite loads only here). */
async function loadEncoding(name: string): Promise<TextEncoding | undefined> {
  if (name === 'utf-8') return undefined;
  const { textEncoding } = await import('../protocol/text-encoding.js');
  const encoding = textEncoding(name);
  if ('error' in encoding) throw new ClientSetupError(`--encoding: ${encoding.error}`);
  return encoding;
}

/** A client option that cannot be carried out: one line, exit 1. */
class ClientSetupError extends Error {
  readonly code = 'ESETUP';
}

/** Whether the client gets the full-screen UI: only with a terminal on both ends. */
function interactive(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/**
 * Runs the client: the TUI with a terminal, piped mode without; with no target, the bundled
 * server first, in-process. Resolves with the exit code once everything is closed.
 */
export async function runClient(options: ClientOptions): Promise<ExitStatus> {
  // A bad --ca or --log path is a one-line error before anything starts.
  const transport = loadTransport(options.transport);
  const encoding = await loadEncoding(options.encoding);
  const log: TranscriptLog | undefined =
    options.logFile === undefined ? undefined : openTranscriptLog(options.logFile);
  let rawLog: RawLog | undefined;
  try {
    rawLog = options.rawLogFile === undefined ? undefined : openRawLog(options.rawLogFile);
  } catch (error) {
    log?.close();
    throw error;
  }
  let server: EmbeddedServer | undefined;
  let connection: ClientConnection | undefined;
  try {
    let target: Target | undefined = options.target;
    if (target === undefined) {
      // Loaded only when needed: `tcpchat connect` never pays for the server.
      const { startEmbeddedServer } = await import('./embedded-server.js');
      server = await startEmbeddedServer();
      target = server.address;
      if (log !== undefined) server.serverLog((line) => log.note(`server: ${line}`));
    }
    const tty = interactive();
    // Import the UI before connecting so connecting is not delayed by it and never raced.
    const tui = tty ? await import('../tui/load-tui.js') : undefined;
    connection = createConnection({
      target,
      transport,
      encoding,
      telnet: options.telnet,
      connectTimeoutMs: options.connectTimeoutMs,
      // Piped mode ends with the connection: nobody is there to wait for a reconnect.
      reconnect: tty && options.reconnect,
      crlf: options.crlf,
      embedded: server !== undefined,
      observer:
        log === undefined && rawLog === undefined
          ? undefined
          : (event) => {
              log?.record(event);
              rawLog?.record(event);
            },
    });
    if (tui !== undefined) {
      return await tui.runTui({
        connection,
        serverLog: server?.serverLog,
        scrollback: options.scrollback,
        timestamps: options.timestamps,
        bell: options.bell,
      });
    }
    const { runPiped } = await import('../client/piped/run-piped.js');
    const code = await runPiped({
      connection,
      input: process.stdin,
      output: process.stdout,
      errors: process.stderr,
      verbose: options.verbose,
    });
    // Output may still be on its way down a pipe: let it drain.
    return { code, end: 'drain' };
  } finally {
    await connection?.close();
    await server?.close();
    log?.close();
    rawLog?.close();
    if (log?.failure !== undefined) process.stderr.write(`tcpchat: ${log.failure}\n`);
    if (rawLog?.failure !== undefined) process.stderr.write(`tcpchat: ${rawLog.failure}\n`);
  }
}
