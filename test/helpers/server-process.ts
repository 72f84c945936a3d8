import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI } from './run-cli.js';
import { WAIT_MS } from './socket-client.js';

/** The real `tcpchat serve` running as a child process (built binary, as users run it). */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal that killed it). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident memory of the process in bytes, from /proc. */
  rss(): number;
  /** CPU time the process has used so far, in clock ticks, from /proc. */
  cpuTicks(): number;
  /** Waits until stderr contains `text`. */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
}

/** Starts `tcpchat serve --port 0 ARGS` and waits for `listening on HOST:PORT`. */
export function spawnServe(args: readonly string[] = []): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const watchers = new Set<() => void>();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.once('exit', (code, signal) => r({ code, signal })),
    );
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      for (const w of [...watchers]) w();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start; stderr: ${stderr}`));
    }, WAIT_MS);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening; stderr: ${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const match = /^listening on (?:127\.0\.0\.1|\[::1\]|[^\s:]+):(\d+)(?: \(tls\))?$/m.exec(
        stdout,
      );
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        child,
        port: Number(match[1]),
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        rss: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) * 1024;
        },
        cpuTicks: () => {
          // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
          const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return Number(fields[11]) + Number(fields[12]);
        },
        waitForStderr: (text, timeoutMs = WAIT_MS) =>
          new Promise<void>((res, rej) => {
            const check = () => {
              if (!stderr.includes(text)) return;
              clearTimeout(t);
              watchers.delete(check);
              res();
            };
            const t = setTimeout(() => {
              watchers.delete(check);
              rej(new Error(`stderr never showed ${JSON.stringify(text)}: ${stderr}`));
            }, timeoutMs);
            watchers.add(check);
            check();
          }),
      });
    });
  });
}
