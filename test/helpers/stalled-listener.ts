import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';

/**
 * A port where connecting hangs: a child process listens with a backlog of 1 and then blocks
 * its event loop, so it never accepts; two filler connections fill the accept queue and the
 * kernel drops every further SYN. (Unroutable addresses are no good for this: sandboxes and
 * proxies answer them.)
 */
export interface StalledListener {
  readonly port: number;
  close(): Promise<void>;
}

const child = `
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(server.address().port + '\\n', () => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
});`;

async function connectOrHang(port: number): Promise<net.Socket | undefined> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  const connected = once(socket, 'connect').then(() => true);
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000));
  if (await Promise.race([connected, timeout])) return socket;
  socket.destroy();
  return undefined;
}

/** Starts the stalled listener; resolves once a connection to it is known to hang. */
export async function startStalledListener(): Promise<StalledListener> {
  const proc: ChildProcess = spawn(process.execPath, ['-e', child], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [first] = (await once(proc.stdout!, 'data')) as [Buffer];
  const port = Number(first.toString().trim());
  const fillers: net.Socket[] = [];
  // Fill the accept queue until one connect hangs (two on Linux with backlog 1).
  for (let i = 0; i < 16; i++) {
    const socket = await connectOrHang(port);
    if (socket === undefined) break;
    fillers.push(socket);
  }
  return {
    port,
    async close() {
      for (const s of fillers) s.destroy();
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = once(proc, 'exit');
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
