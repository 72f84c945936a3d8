import { once } from 'node:events';
import net from 'node:net';

const IAC = 255;
const [SE, SB, WILL, WONT, DO] = [240, 250, 251, 252, 253];
const [ECHO, SGA, TTYPE, NAWS] = [1, 3, 24, 31];

/**
 * A telnet login service, as telnetd speaks it: it asks for the window size and terminal type,
 * prompts `login: `, turns echo off (WILL ECHO) for `Password: ` and on again, then greets.
 * It records what the client answered.
 */
export interface TelnetServer {
  readonly port: number;
  /** The window size the client reported (NAWS), latest first seen. */
  sizes(): { cols: number; rows: number }[];
  /** The terminal type the client gave (TTYPE IS). */
  terminalType(): string | undefined;
  /** Lines received (telnet commands removed), in order. */
  lines(): string[];
  close(): Promise<void>;
}

export async function startTelnetServer(): Promise<TelnetServer> {
  const sockets = new Set<net.Socket>();
  const sizes: { cols: number; rows: number }[] = [];
  const lines: string[] = [];
  let terminalType: string | undefined;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.write(Buffer.from([IAC, DO, NAWS, IAC, DO, TTYPE, IAC, WILL, SGA]));
    socket.write('Debian GNU/Linux 12\r\nlogin: ');
    let text = '';
    let pending: number[] = [];
    socket.on('data', (chunk: Buffer) => {
      pending.push(...chunk);
      // Commands first: IAC WILL TTYPE → ask for it; SB NAWS / SB TTYPE IS → record.
      const data: number[] = [];
      let i = 0;
      for (; i < pending.length; i++) {
        const b = pending[i]!;
        if (b !== IAC) {
          data.push(b);
          continue;
        }
        if (i + 1 >= pending.length) break;
        const verb = pending[i + 1]!;
        if (verb === SB) {
          const end = pending.indexOf(SE, i);
          if (end === -1) break;
          const sub = pending.slice(i + 2, end - 1);
          if (sub[0] === NAWS)
            sizes.push({ cols: sub[1]! * 256 + sub[2]!, rows: sub[3]! * 256 + sub[4]! });
          if (sub[0] === TTYPE && sub[1] === 0)
            terminalType = Buffer.from(sub.slice(2)).toString('ascii');
          i = end;
        } else if (verb >= WILL && verb <= 254) {
          if (i + 2 >= pending.length) break;
          if (verb === WILL && pending[i + 2] === TTYPE)
            socket.write(Buffer.from([IAC, SB, TTYPE, 1, IAC, SE]));
          i += 2;
        } else if (verb === IAC) {
          data.push(IAC);
          i += 1;
        } else {
          i += 1;
        }
      }
      pending = pending.slice(i);
      text += Buffer.from(data).toString('utf8');
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n')) {
        const line = text.slice(0, nl).replace(/\r$/, '');
        text = text.slice(nl + 1);
        lines.push(line);
        if (lines.length === 1) {
          socket.write(Buffer.from([IAC, WILL, ECHO]));
          socket.write('Password: ');
        } else if (lines.length === 2) {
          socket.write(Buffer.from([IAC, WONT, ECHO]));
          socket.write(`\r\nWelcome, ${lines[0]}\r\n$ `);
        } else {
          socket.write(`ran ${line}\r\n$ `);
        }
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    sizes: () => sizes,
    terminalType: () => terminalType,
    lines: () => lines,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
