// What the machine has: commands on the PATH, a free loopback port.
import { execFileSync } from 'node:child_process';
import net from 'node:net';

/** Whether `command` is on the PATH. */
export function has(command) {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A loopback port nothing listens on (just released by the OS). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
