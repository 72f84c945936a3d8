import type { ServerOptions } from './core/server-options.js';
import type { ExitStatus } from '../shared/exit-status.js';
import { createServer, formatServerEvent } from './server.js';

/** Runs `tcpchat serve` until SIGINT/SIGTERM; resolves with how the process should end. */
export async function runServe(options: ServerOptions): Promise<ExitStatus> {
  // A log reader that went away (`tcpchat serve | head -1`) must not take the server down.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const listening: string[] = [];
  const server = createServer({
    ...options,
    onEvent: (event) => {
      // `listening` goes to stdout, once per transport, with the real port.
      const line = `${formatServerEvent(event)}\n`;
      if (event.type === 'listening') listening.push(line);
      else process.stderr.write(line);
    },
  });
  // Errors from listen() (port in use, bad root) carry a code: cli.ts prints them as one line.
  await server.listen();
  process.stdout.write(listening.join(''));

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(received);
    };
    // Once handled, a second Ctrl+C gets Node's default: immediate exit.
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write(`${signal}: shutting down\n`);
  await server.close();
  // A socket closing late must not hold the shutdown up.
  return { code: 0, end: 'force' };
}
