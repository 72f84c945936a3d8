// The straightforward Node port of the tutorial server, as most people would write it:
// `net` + `readline`, no limits, no sanitising, no back-pressure. Same subset of the protocol
// as the benchmark uses: the banner on connect and `Hello, NAME!` for every non-empty line.
// Usage: node bench/baselines/naive-server.mjs [PORT]
import net from 'node:net';
import readline from 'node:readline';

const server = net.createServer((socket) => {
  socket.on('error', () => {});
  socket.write('Welcome!\nType "help" for commands.\n');
  const lines = readline.createInterface({ input: socket, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line !== '') socket.write(`Hello, ${line}!\n`);
  });
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const { address, port } = server.address();
  process.stdout.write(`listening on ${address}:${port}\n`);
});
