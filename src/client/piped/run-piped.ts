import type { Readable, Writable } from 'node:stream';
import { createLineFramer } from '../../protocol/line-framer.js';
import { pipedText } from './piped-text.js';
import type { ClientConnection } from '../transport/connection.js';
import type { ConnectionStatus } from '../connection/connection-types.js';

export interface PipedArgs {
  /** A connection made with reconnect off: piped mode ends when the connection does. */
  readonly connection: ClientConnection;
  readonly input: Readable;
  readonly output: Writable;
  readonly errors: Writable;
  /** Once input has ended and is delivered, exit after this long without a byte from the server. */
  readonly quietMs?: number;
  /** Tell `errors` how the connection goes (connecting, connected, the TLS session). */
  readonly verbose?: boolean;
}

/** Longest input line sent whole; longer ones go out in pieces rather than being held. */
const MAX_INPUT_LINE = 1 << 20;
/** Stop reading input while this much sits unsent in the socket (a server slower than the pipe). */
const HIGH_WATER = 1 << 20;

/** What a final status means for the exit code; undefined while the connection lives. */
export function pipedOutcome(
  status: ConnectionStatus,
): { readonly code: number; readonly message?: string } | undefined {
  switch (status.type) {
    case 'connecting':
    case 'connected':
    case 'reconnecting':
      return undefined;
    case 'disconnected':
      return { code: 0 };
    case 'error':
      return { code: 1, message: status.reason };
    default:
      return status satisfies never;
  }
}

/**
 * Piped mode (no terminal): sends input lines as they arrive, prints sanitised server lines,
 * and resolves with the exit code once input has ended and the server closed or went quiet.
 */
export function runPiped({
  connection,
  input,
  output,
  errors,
  quietMs = 750,
  verbose = false,
}: PipedArgs): Promise<number> {
  return new Promise((resolve) => {
    const framer = createLineFramer({ maxLine: MAX_INPUT_LINE, overflow: 'split' });
    let inputEnded = false;
    let finished = false;
    let lastActivity = Date.now();
    let quietTimer: NodeJS.Timeout | undefined;
    // The part of the server's unfinished line (a prompt) already printed.
    let printed = '';

    function finish(code: number, message?: string): void {
      if (finished) return;
      finished = true;
      clearTimeout(quietTimer);
      unsubscribe();
      input.off('data', onData);
      input.off('end', onEnd);
      // The server is gone: input still coming has nowhere to go.
      if (!inputEnded) input.destroy();
      if (message !== undefined) errors.write(`tcpchat: ${message}\n`);
      resolve(code);
    }

    function checkQuiet(): void {
      quietTimer = undefined;
      if (finished) return;
      const idle = Date.now() - lastActivity;
      if (idle >= quietMs && connection.buffered === 0) {
        // Quiet because nothing is there (a UDP port nobody listens on): say so, and fail.
        const trouble = connection.snapshot().trouble;
        if (trouble === undefined) finish(0);
        else finish(1, trouble);
      } else quietTimer = setTimeout(checkQuiet, Math.max(10, quietMs - idle));
    }

    // Input over and connected: once the last bytes are handed to the OS, start the quiet clock.
    function settle(): void {
      if (!inputEnded || connection.snapshot().status.type !== 'connected') return;
      void connection.drained().then(() => {
        if (finished) return;
        lastActivity = Math.max(lastActivity, Date.now());
        if (quietTimer === undefined) quietTimer = setTimeout(checkQuiet, quietMs);
      });
    }

    function send(lines: string[]): void {
      if (lines.length === 0) return;
      connection.send(lines);
      if (connection.buffered > HIGH_WATER) {
        input.pause();
        void connection.drained().then(() => {
          if (!finished) input.resume();
        });
      }
    }

    function linesOf(events: ReturnType<typeof framer.push>): string[] {
      const lines: string[] = [];
      for (const e of events) if (e.type === 'line') lines.push(e.text);
      return lines;
    }

    function onData(chunk: Buffer | string): void {
      send(linesOf(framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
    }

    function onEnd(): void {
      // A last line without newline still goes, as a line.
      if (framer.pending > 0) send(linesOf(framer.push(Buffer.from('\n'))));
      inputEnded = true;
      settle();
    }

    const unsubscribe = connection.subscribe((event) => {
      switch (event.type) {
        case 'received': {
          const out = pipedText(printed, event.lines, event.partial);
          printed = out.printed;
          if (out.text !== '') output.write(out.text);
          lastActivity = Date.now();
          return;
        }
        case 'state': {
          const outcome = pipedOutcome(event.snapshot.status);
          if (outcome !== undefined) finish(outcome.code, outcome.message);
          else if (event.snapshot.status.type === 'connected') settle();
          return;
        }
        case 'system':
          // The last error comes with the exit; the rest only when asked (-v).
          if (verbose && event.level !== 'error') errors.write(`tcpchat: ${event.text}\n`);
          return;
        case 'sent':
        case 'flushed':
          return;
        default:
          event satisfies never;
      }
    });

    output.on('error', (error: NodeJS.ErrnoException) => {
      // The reader went away (`| head`): nothing left to do, and not a failure of ours.
      if (error.code === 'EPIPE') finish(0);
      else finish(1, `cannot write output: ${error.message}`);
    });
    input.on('error', (error) => finish(1, `cannot read input: ${error.message}`));
    input.on('data', onData);
    input.on('end', onEnd);
  });
}
