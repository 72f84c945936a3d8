// A local server for the client rows: on every connection it sends `--banner` lines (the
// tcpchat greeting) and then `--lines` numbered flood lines as fast as the socket takes them,
// and stays open. With --room-rate R it plays a busy chat room instead: the tcpchat greeting and
// a join, then R coloured-nick chat lines a second for --room-seconds S.
// Usage: node bench/lib/flood-server.mjs --lines N [--banner] [--room-rate R --room-seconds S]
import net from 'node:net';
import { parseArgs } from 'node:util';
import { floodBytes } from './flood-data.mjs';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '0' },
    banner: { type: 'boolean', default: false },
    'room-rate': { type: 'string', default: '0' },
    'room-seconds': { type: 'string', default: '30' },
  },
});
const banner = Buffer.from(values.banner ? 'Welcome!\nType "help" for commands.\n' : '');
// Joined once: copying 31 MB per connection took this process 80 ms of CPU just as the client
// connected, on a machine whose two cores the client and the harness also need.
const greeting = Buffer.concat([banner, floodBytes(Number(values.lines))]);

const roomRate = Number(values['room-rate']);
const NICKS = ['ada', '张伟', 'bob', 'lovelace', 'li_lei', 'grace', 'linus', 'wei'];

/** The busy room: every 10 ms, as many lines as keep the rate (a fixed rate, not a burst). */
function playRoom(socket) {
  const members = NICKS.join(', ');
  socket.write(
    `*** you are now me\n*** me joined #busy\n*** #busy: ${NICKS.length + 1} here: ${members}, me\n`,
  );
  const start = performance.now();
  const end = start + Number(values['room-seconds']) * 1000;
  let sent = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const due = Math.min(
      Math.floor(((now - start) * roomRate) / 1000),
      ((end - start) * roomRate) / 1000,
    );
    let text = '';
    for (; sent < due; sent++) {
      const nick = NICKS[sent % NICKS.length];
      const words =
        sent % 5 === 0
          ? '你好，今天的作业是 TCP 服务器'
          : `line ${sent}: sure, the select loop handles that`;
      text += sent % 13 === 0 ? `* ${nick} waves\n` : `<${nick}> ${words}\n`;
    }
    if (text !== '') socket.write(text);
    if (now >= end) {
      clearInterval(timer);
      socket.write('*** room done\n');
    }
  }, 10);
  socket.on('close', () => clearInterval(timer));
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.on('data', () => {});
  socket.write(greeting);
  if (roomRate > 0) playRoom(socket);
});
server.listen(0, '127.0.0.1', () => {
  const { address, port } = server.address();
  process.stdout.write(`listening on ${address}:${port}\n`);
});
