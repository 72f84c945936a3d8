import type { ClientOptions } from '../options.js';

/** Runs the client (TUI, or piped mode without a terminal); resolves with the exit code. */
export async function runClient(options: ClientOptions): Promise<number> {
  process.stderr.write(`client: not implemented yet (${JSON.stringify(options.target)})\n`);
  return 1;
}
