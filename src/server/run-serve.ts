import type { ServerOptions } from '../options.js';

/** Runs `tcpchat serve` until SIGINT/SIGTERM; resolves with the exit code. */
export async function runServe(options: ServerOptions): Promise<number> {
  process.stderr.write(`serve: not implemented yet (${options.host}:${options.port})\n`);
  return 1;
}
