import { once } from 'node:events';
import net from 'node:net';

/**
 * A server that prompts, as login services, shells and REPLs do: `login: `, `Password: ` and
 * `$ ` each end without a newline and wait for an answer line.
 */
export interface PromptServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startPromptServer(): Promise<PromptServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    let step = 0;
    let user = '';
    socket.write('Welcome to the box\r\nlogin: ');
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        if (step === 0) {
          user = line;
          socket.write('Password: ');
        } else if (step === 1) {
          socket.write(`Hello ${user}\r\n$ `);
        } else if (line === 'exit') {
          socket.end('bye\r\n');
        } else {
          socket.write(`you said ${line}\r\n$ `);
        }
        step++;
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
