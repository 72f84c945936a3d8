// Starts a server under test with a raised open-files limit and waits for its
// `listening on HOST:PORT` line.
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { openFilesLimit } from './proc.mjs';

const live = new Set();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Runs `argv` through `sh` so that the soft open-files limit is raised first (to 65536 if
 * allowed, else to the hard limit); the pid is the server's own, thanks to `exec`.
 */
export function spawnLimited(argv, options = {}) {
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"';
  const child = spawn('sh', ['-c', script, 'sh', ...argv], options);
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Starts a server; resolves once it prints where it listens. `logPath` receives its stderr. */
export async function startServer({ name, argv, logPath, env }) {
  const log = openSync(logPath, 'a');
  const child = spawnLimited(argv, {
    stdio: ['ignore', 'pipe', log],
    env: env ?? process.env,
  });
  closeSync(log);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const address = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${name}: no "listening on" line within 15 s`)),
      15_000,
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      out += text;
      const match = /listening on (\S+):(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ host: match[1], port: Number(match[2]) });
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited (${signal ?? code}) before listening; see ${logPath}`));
    });
  });
  // Keep draining stdout so a chatty server never blocks on a full pipe.
  child.stdout.resume();
  return {
    name,
    pid: child.pid,
    ...address,
    fdLimit: openFilesLimit(child.pid),
    exited,
    stop: stopper(child, exited),
  };
}

/** Stops `child` with SIGTERM (SIGKILL after 5 s); resolves with how it exited. */
export function stopper(child, exited) {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
}
