// A local server for the client rows: on every connection it sends `--banner` lines (the
// tcpchat greeting) and then `--lines` numbered flood lines as fast as the socket takes them,
// and stays open. Usage: node bench/lib/flood-server.mjs --lines N [--banner]
import net from 'node:net';
import { parseArgs } from 'node:util';
import { floodBytes } from './flood-data.mjs';

const { values } = parseArgs({
  options: { lines: { type: 'string', default: '0' }, banner: { type: 'boolean', default: false } },
});
const banner = Buffer.from(values.banner ? 'Welcome!\nType "help" for commands.\n' : '');
const flood = floodBytes(Number(values.lines));

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.on('data', () => {});
  socket.write(Buffer.concat([banner, flood]));
});
server.listen(0, '127.0.0.1', () => {
  const { address, port } = server.address();
  process.stdout.write(`listening on ${address}:${port}\n`);
});
