import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { describe, it } from 'vitest';
import { freePort } from './free-port.js';

/** Where `redis-server` is, if this machine has one. */
export const REDIS_SERVER: string | undefined = (() => {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
})();

/**
 * `describe` for tests that need a real redis-server: skipped with one line where there is
 * none, but failing under CI, where .ci/run installs it.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (REDIS_SERVER !== undefined) {
    describe(name, body);
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs redis-server', () => {
        throw new Error(
          'redis-server is missing: .ci/run installs it (apt-get install redis-server)',
        );
      });
    });
  } else {
    console.warn(
      `note: no redis-server on this machine: skipping "${name}" (apt-get install redis-server)`,
    );
    describe.skip(name, body);
  }
}

/** A redis-server of our own: loopback, a free port, nothing written to disk. */
export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, as a crash (data gone: nothing persists). */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(extra: readonly string[] = []): Promise<RedisProcess> {
  if (REDIS_SERVER === undefined) throw new Error('no redis-server');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const run = async () => {
    const started = spawn(
      REDIS_SERVER!,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        '/tmp',
        ...extra,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start: ${out}`)),
        10_000,
      );
      started.stdout!.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
    started.stdout!.resume();
  };
  const end = async (signal: NodeJS.Signals) => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill(signal);
    await exited;
  };
  await run();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: () => end('SIGKILL'),
    restart: run,
    stop: () => end('SIGKILL'),
  };
}
