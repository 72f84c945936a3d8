import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built binary, as `npm test` leaves it (the build runs before the tests). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A running `tcpchat` with pipes on all three streams (piped mode: no terminal). */
export interface PipedCli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout satisfies `done`, with all of it; rejects if the process exits first. */
  waitForStdout(done: (text: string) => boolean): Promise<string>;
  /** Resolves with the exit code and everything printed, once the process has exited. */
  readonly result: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `node dist/cli.js ARGS`, writing `input` to its stdin and ending it unless `keepOpen`. */
export function spawnCli(
  args: readonly string[],
  { input = '', keepOpen = false, cwd }: { input?: string; keepOpen?: boolean; cwd?: string } = {},
): PipedCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'pipe' });
  let out = '';
  let err = '';
  let exited = false;
  const waiters = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    for (const w of [...waiters]) w();
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  // The child may exit before reading all input (an error): that is for the test to judge.
  child.stdin.on('error', () => {});
  const result = new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        exited = true;
        for (const w of [...waiters]) w();
        resolve({ code, stdout: out, stderr: err });
      });
    },
  );
  if (input !== '') child.stdin.write(input);
  if (!keepOpen) child.stdin.end();
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStdout: (done) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (done(out)) {
            waiters.delete(check);
            resolve(out);
          } else if (exited) {
            waiters.delete(check);
            reject(new Error(`tcpchat exited first; stdout: ${out}; stderr: ${err}`));
          }
        };
        waiters.add(check);
        check();
      }),
    result,
  };
}
