// Not a server anyone would ship: the least a Node `net` server can do per request. Every read
// is answered with one write of one constant `Hello, bench!` per LF it contains, without
// decoding or looking at the bytes. Whatever any Node server pays per message on top of the
// kernel, this pays too: it separates the cost of Node's socket layer from tcpchat's own.
// Usage: node bench/baselines/floor-server.mjs [PORT]
import net from 'node:net';

const BANNER = Buffer.from('Welcome!\nType "help" for commands.\n');
const REPLY = Buffer.from('Hello, bench!\n');
const LF = 0x0a;

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on('error', () => {});
  socket.write(BANNER);
  socket.on('data', (chunk) => {
    let lines = 0;
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) lines++;
    if (lines === 1) socket.write(REPLY);
    else if (lines > 1) socket.write(Buffer.concat(Array(lines).fill(REPLY)));
  });
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { address, port } = server.address();
  process.stdout.write(`listening on ${address}:${port}\n`);
});
