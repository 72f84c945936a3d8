import { type } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { startServer, type ServerHarness } from '../helpers/server-harness.js';
import { ask } from '../helpers/socket-client.js';

const BANNER = 'Welcome!\nType "help" for commands.\n';
const IAC = 0xff;

let harness: ServerHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

async function start(options: Parameters<typeof startServer>[0] = {}) {
  harness = await startServer(options);
  return harness;
}

describe('server protocol over a real socket', () => {
  it('greets with the banner in one write', async () => {
    const h = await start();
    const client = await h.connect();
    await client.waitForLines(2);
    expect(client.chunks[0]?.toString()).toBe(BANNER);
    expect(client.text()).toBe(BANNER);
  });

  it('says hello to a name', async () => {
    const client = await (await start()).connectGreeted();
    expect(await ask(client, 'Michael\n')).toEqual(['Hello, Michael!']);
    expect(await ask(client, 'José 😀 中文\n')).toEqual(['Hello, José 😀 中文!']);
  });

  it('answers each command', async () => {
    const client = await (await start()).connectGreeted();
    const help = await ask(client, 'help\n', 10);
    expect(help[0]).toBe('Commands (each also works with a leading /, e.g. /date):');
    expect(help.join('\n')).toMatch(/^ {2}ls \[PATH\] +\S/m);
    expect(help.at(-1)).toContain('Hello, NAME!');

    const [date] = await ask(client, 'date\n');
    expect(date).toMatch(/^\w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d \(.+\)$/);
    const [os] = await ask(client, '/os\n');
    expect(os).toMatch(
      new RegExp(`^${type()} \\S+ ${process.arch} \\(node ${process.version}\\)$`),
    );
    expect(await ask(client, '/version\n')).toEqual([`tcpchat ${pkg.version}`]);
    expect(await ask(client, 'version\n')).toEqual([`tcpchat ${pkg.version}`]);
    expect(await ask(client, '/echo  spaced  out \n')).toEqual(['spaced  out']);
    expect(await ask(client, '/foo\n')).toEqual(['ERR unknown command /foo']);
    expect(await ask(client, 'date please\n')).toEqual(['ERR date takes no arguments']);
    // An empty line gets nothing: the next reply is the next line's.
    expect(await ask(client, '\n\r\n   \nAnn\n')).toEqual(['Hello, Ann!']);
  });

  it.each(['exit', 'quit', '/exit', '/quit'])(
    '%s says Goodbye! and the server closes',
    async (command) => {
      const h = await start();
      const client = await h.connectGreeted();
      client.send(`${command}\nBob\n`);
      await client.ended;
      expect(client.lines().slice(2)).toEqual(['Goodbye!']);
      const event = await h.waitForEvent('disconnect');
      expect(event).toMatchObject({ reason: 'client quit', linesIn: 1, linesOut: 3 });
    },
  );

  it('sends nothing after Goodbye!, even a telnet answer from the same chunk', async () => {
    const h = await start();
    const client = await h.connectGreeted();
    client.send(Buffer.concat([Buffer.from('exit\n'), Buffer.from([IAC, 0xf4, IAC, 0xfd, 0x06])]));
    await client.ended;
    expect(Buffer.concat(client.chunks).toString('latin1')).toBe(`${BANNER}Goodbye!\n`);
    expect(await h.waitForEvent('disconnect')).toMatchObject({ reason: 'client quit' });
  });

  it('answers several lines from one read in one write, in order', async () => {
    const client = await (await start()).connectGreeted();
    const before = client.chunks.length;
    expect(await ask(client, 'a\nb\n/version\nc\n', 4)).toEqual([
      'Hello, a!',
      'Hello, b!',
      `tcpchat ${pkg.version}`,
      'Hello, c!',
    ]);
    expect(client.chunks.length).toBe(before + 1);
  });

  it('serves a CRLF client and answers with bare LF', async () => {
    const client = await (await start()).connectGreeted();
    expect(await ask(client, 'Michael\r\n/echo x\r\n', 2)).toEqual(['Hello, Michael!', 'x']);
    expect(client.text()).not.toContain('\r');
  });

  it('answers a tutorial client that never sends a newline (partial flush)', async () => {
    const client = await (await start({ partialFlushMs: 150 })).connectGreeted();
    expect(await ask(client, 'Michael')).toEqual(['Hello, Michael!']);
    expect(await ask(client, 'date')).toEqual([expect.stringMatching(/^\w{3} \d{4}-/)]);
  });

  it('never splits a UTF-8 character when flushing a partial line', async () => {
    const client = await (await start({ partialFlushMs: 100 })).connectGreeted();
    const e = Buffer.from('é');
    expect(await ask(client, Buffer.concat([Buffer.from('Jos'), e.subarray(0, 1)]))).toEqual([
      'Hello, Jos!',
    ]);
    expect(await ask(client, Buffer.concat([e.subarray(1), Buffer.from('\n')]))).toEqual([
      'Hello, é!',
    ]);
  });

  it('waits for the rest of a line that arrives in pieces', async () => {
    const client = await (await start({ partialFlushMs: 5000 })).connectGreeted();
    client.send('Mic');
    client.send('hael\n');
    expect(await client.waitForLines(3)).toEqual([
      'Welcome!',
      expect.any(String),
      'Hello, Michael!',
    ]);
  });

  it('replaces invalid UTF-8 with U+FFFD', async () => {
    const client = await (await start()).connectGreeted();
    // (0xFF is left out: it is telnet's IAC, dropped with the byte after it.)
    const line = Buffer.from([0x61, 0xfe, 0x62, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x0a]);
    expect(await ask(client, line)).toEqual(['Hello, a\ufffdb\ufffd(\ufffd\ufffd\ufffd!']);
  });

  it('never sends control bytes back raw', async () => {
    const client = await (await start()).connectGreeted();
    const evil = 'x\x1b[2J\x1b]0;owned\x07y\x00z\x7f\u009b1m\x08\n';
    expect(await ask(client, evil)).toEqual([
      'Hello, x\\x1b[2J\\x1b]0;owned\\x07y\\x00z\\x7f\\x9b1m\\x08!',
    ]);
    expect(await ask(client, `/echo ${evil}`)).toEqual([
      'x\\x1b[2J\\x1b]0;owned\\x07y\\x00z\\x7f\\x9b1m\\x08',
    ]);
    const received = Buffer.concat(client.chunks);
    for (const byte of received) {
      expect(byte === 0x0a || (byte >= 0x20 && byte !== 0x7f)).toBe(true);
    }
    expect(received.toString()).not.toMatch(/[\u0080-\u009f]/);
  });

  it('drops telnet IAC negotiation', async () => {
    const client = await (await start()).connectGreeted();
    const bytes = Buffer.concat([
      Buffer.from([IAC, 0xfd, 0x01, IAC, 0xfb, 0x18]),
      Buffer.from('Bo'),
      Buffer.from([IAC, 0xfa, 0x18, 0x00, 0x41, 0x4e, 0x53, 0x49, IAC, 0xf0]),
      Buffer.from('b'),
      Buffer.from([IAC, 0xf4]),
      Buffer.from('\r\n'),
    ]);
    expect(await ask(client, bytes)).toEqual(['Hello, Bob!']);
  });

  it('answers the timing mark telnet sends with Ctrl+C, after the earlier replies', async () => {
    const client = await (await start()).connectGreeted();
    client.send(Buffer.concat([Buffer.from('Ann\n'), Buffer.from([IAC, 0xf4, IAC, 0xfd, 0x06])]));
    const received = () => Buffer.concat(client.chunks).subarray(BANNER.length);
    await client.waitFor(() => received().length >= 'Hello, Ann!\n'.length + 3, 'the answer');
    expect(received()).toEqual(
      Buffer.concat([Buffer.from('Hello, Ann!\n'), Buffer.from([IAC, 0xfb, 0x06])]),
    );
    // (The text decoder shows those 3 bytes as the start of the next line.)
    expect(await ask(client, 'Bob\r\n')).toEqual(['\ufffd\ufffd\x06Hello, Bob!']);
  });

  it('rejects an over-long line with ERR and keeps the connection', async () => {
    const client = await (await start({ maxLine: 64 })).connectGreeted();
    expect(await ask(client, `${'x'.repeat(64)}\n`)).toEqual([`Hello, ${'x'.repeat(64)}!`]);
    expect(await ask(client, `${'x'.repeat(65)}\nok\n`, 2)).toEqual([
      'ERR line too long (max 64 bytes)',
      'Hello, ok!',
    ]);
  });

  it('discards a huge line sent in many chunks, answering once', async () => {
    const client = await (await start({ maxLine: 8192 })).connectGreeted();
    const chunk = 'y'.repeat(64 * 1024);
    for (let i = 0; i < 32; i++) client.send(chunk);
    expect(await ask(client, '\nstill here\n', 2)).toEqual([
      'ERR line too long (max 8192 bytes)',
      'Hello, still here!',
    ]);
  });

  it('answers everything, then closes, after a client half-closes', async () => {
    const h = await start();
    const client = await h.connectGreeted();
    client.send('Bob\n/version\nls\nAnn');
    client.socket.end();
    await client.ended;
    const lines = client.lines().slice(2);
    expect(lines[0]).toBe('Hello, Bob!');
    expect(lines[1]).toBe(`tcpchat ${pkg.version}`);
    expect(lines).toContain('package.json');
    expect(lines.at(-1)).toBe('Hello, Ann!');
    expect(await h.waitForEvent('disconnect')).toMatchObject({ reason: 'client closed' });
  });

  it('survives clients that reset or vanish mid-reply', async () => {
    const h = await start();
    for (let i = 0; i < 20; i++) {
      const client = await h.connect();
      client.send('help\n'.repeat(2000));
      if (i % 2 === 0) client.socket.resetAndDestroy();
      else client.socket.destroy();
    }
    await h.waitForEvent(
      'disconnect',
      () => h.events.filter((e) => e.type === 'disconnect').length === 20,
    );
    const client = await h.connectGreeted();
    expect(await ask(client, 'still alive?\n')).toEqual(['Hello, still alive?!']);
    expect(h.server.clients).toBe(1);
  });
});
