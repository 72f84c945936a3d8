import { once } from 'node:events';
import net from 'node:net';
import iconv from 'iconv-lite';

/**
 * A server as classic Chinese tutorials on Windows write them: GBK on the wire. It prompts
 * for a name and greets in GBK; `bytes()` is what it received, to check what was sent.
 */
export interface GbkServer {
  readonly port: number;
  bytes(): Buffer;
  close(): Promise<void>;
}

export async function startGbkServer(): Promise<GbkServer> {
  const sockets = new Set<net.Socket>();
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // Written a byte at a time: characters arrive split across reads.
    for (const byte of iconv.encode('欢迎光临！\r\n请输入名字：', 'gbk'))
      socket.write(Buffer.of(byte));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      for (let nl = buffered.indexOf(0x0a); nl !== -1; nl = buffered.indexOf(0x0a)) {
        const name = iconv.decode(buffered.subarray(0, nl), 'gbk').trim();
        buffered = buffered.subarray(nl + 1);
        socket.write(iconv.encode(`你好，${name}！\r\n`, 'gbk'));
        // And a byte that is not GBK at all.
        socket.write(Buffer.from([0x81, 0x20, 0x0d, 0x0a]));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes: () => Buffer.concat(received),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
