import { spawnCli } from './spawn-cli.js';

export { CLI } from './spawn-cli.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tcpchat ARGS` to completion with empty input and returns what it printed. */
export function runCli(args: readonly string[]): Promise<CliResult> {
  return spawnCli(args).result;
}
