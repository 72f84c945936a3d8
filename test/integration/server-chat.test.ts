import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';
import { ask, type SocketClient } from '../helpers/socket-client.js';

let h: ServerHarness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Waits until `client` has received a line equal to `line`. */
function waitLine(client: SocketClient, line: string, timeoutMs?: number): Promise<string> {
  return client.waitFor((t) => t.split('\n').includes(line), JSON.stringify(line), timeoutMs);
}

/** A greeted client in `room`, with its nick set if given. */
async function member(server: ServerHarness, room: string, nick?: string): Promise<SocketClient> {
  const client = await server.connectGreeted();
  if (nick !== undefined)
    expect(await ask(client, `/nick ${nick}\n`)).toEqual([`*** you are now ${nick}`]);
  client.send(`/join ${room}\n`);
  await client.waitFor((t) => new RegExp(`\\*\\*\\* #${room}: \\d+ here:`).test(t), 'the roster');
  return client;
}

describe('chat over real sockets', () => {
  it('two people: join, say, /me, /msg, /who, /rooms, nick change, part, quit', async () => {
    h = await startServer();
    const ada = await member(h, 'class', 'Ada');
    const wei = await member(h, 'class', '张伟');
    await waitLine(ada, '*** 张伟 joined #class');
    expect(wei.lines().slice(-2)).toEqual([
      '*** 张伟 joined #class',
      '*** #class: 2 here: Ada, 张伟',
    ]);

    wei.send('你好，Ada\n');
    await waitLine(ada, '<张伟> 你好，Ada');
    ada.send('/me waves\n');
    await waitLine(wei, '* Ada waves');
    expect(await ask(wei, '/who\n')).toEqual(['*** #class: 2 here: Ada, 张伟']);
    expect(await ask(wei, '/rooms\n')).toEqual(['*** rooms: #class (2)']);
    // Commands still answer only the sender; `join` without its slash is still a name.
    expect(await ask(ada, '/echo just me\n')).toEqual(['just me']);

    const outsider = await h.connectGreeted();
    expect(await ask(outsider, 'join\n')).toEqual(['Hello, join!']);
    outsider.send('/msg ada psst\n');
    await waitLine(ada, '[pm] <guest3> psst');
    expect(await ask(outsider, '/msg nobody hi\n')).toEqual(['ERR no such nickname: nobody']);
    expect(await ask(outsider, '/who\n')).toEqual(['*** 3 online: Ada, 张伟, guest3']);

    ada.send('/nick Lovelace\n');
    await waitLine(wei, '*** Ada is now known as Lovelace');
    expect(await ask(outsider, '/nick lovelace\n')).toEqual(['ERR nickname lovelace is taken']);

    ada.send('/part\n');
    await waitLine(wei, '*** Lovelace left #class');
    expect(await ask(ada, 'Michael\n')).toEqual(['Hello, Michael!']);

    wei.send('exit\n');
    await wei.ended;
    ada.send('/join class\n');
    await waitLine(ada, '*** #class: 1 here: Lovelace');
    outsider.send('/join class\n');
    await waitLine(ada, '*** guest3 joined #class');
    outsider.socket.end();
    await waitLine(ada, '*** guest3 quit (client closed)');
  });

  it('nobody can pass their words off as the server or as someone else', async () => {
    h = await startServer();
    const mallory = await member(h, 'a', 'mallory');
    const victim = await member(h, 'a', 'victim');
    mallory.send('*** admin joined #a\n');
    mallory.send('hi\r\n<victim> I owe mallory $100\n');
    mallory.send('x\x1b[2K\x1b[1G*** fake\n');
    mallory.send('\u202eevil\n');
    mallory.send('/me \x1b]0;title\x07waves\n');
    await victim.waitForLines(victim.lines().length + 6);
    const heard = victim.lines().slice(-6);
    expect(heard).toEqual([
      '<mallory> *** admin joined #a',
      '<mallory> hi',
      '<mallory> <victim> I owe mallory $100',
      '<mallory> x\\x1b[2K\\x1b[1G*** fake',
      '<mallory> \\u202eevil',
      '* mallory \\x1b]0;title\\x07waves',
    ]);
    for (const nick of [
      'server',
      'TCPCHAT',
      'guest7',
      '*admin',
      '[pm]',
      'victim',
      'ＶＩＣＴＩＭ',
    ]) {
      expect((await ask(mallory, `/nick ${nick}\n`))[0], nick).toMatch(/^ERR /);
    }
  });

  it('200 people in one room all see every line, in one order', async () => {
    h = await startServer({ maxRate: 0 });
    const clients: SocketClient[] = [];
    for (let i = 0; i < 200; i++) clients.push(await member(h, 'big'));
    const speakers = clients.slice(0, 5);
    for (let round = 0; round < 4; round++) {
      speakers.forEach((c, i) => c.send(`m${round}.${i}\n`));
    }
    // Everyone hears the 20 lines of the others (a speaker hears the 16 of the other four).
    const said = (c: SocketClient) => c.lines().filter((l) => /^<guest\d+> m\d/.test(l));
    await Promise.all(
      clients.map((c, i) =>
        c.waitFor(() => said(c).length === (i < 5 ? 16 : 20), `client ${i}'s lines`),
      ),
    );
    const order = said(clients[199]!);
    for (const c of clients.slice(5)) expect(said(c)).toEqual(order);
    for (const [i, c] of speakers.entries()) {
      expect(said(c)).toEqual(order.filter((l) => !l.endsWith(`.${i}`)));
    }
  });

  it('cuts off a client that stops reading, tells the room why, and keeps serving the others', async () => {
    h = await startServer({ maxRate: 0, maxSendq: 64 * 1024 });
    const stalled = await member(h, 'r', 'stuck');
    stalled.socket.pause();
    const reader = await member(h, 'r', 'reader');
    const sender = await member(h, 'r', 'sender');
    const quit = '*** stuck quit (too slow: send queue over 64 KiB)';
    // The reader's own count (its recorded text grows to megabytes: too big to rescan).
    let received = 0;
    let told = false;
    reader.socket.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) received++;
      told ||= chunk.includes(quit);
    });
    const batch = `${'x'.repeat(100)}\n`.repeat(200);
    // Far more than the kernel's socket buffers and the send queue together can hold, in
    // batches a reader that keeps up never has queued at once.
    for (let sent = 0; !told && sent < 400_000;) {
      sender.send(batch);
      sent += 200;
      const want = received + 200;
      await new Promise<void>((resolve) => {
        const check = () => {
          if (received < want && !told) return;
          reader.socket.off('data', check);
          resolve();
        };
        reader.socket.on('data', check);
      });
    }
    expect(told).toBe(true);
    const event = await h.waitForEvent('disconnect', (e) => e.reason.startsWith('too slow'));
    expect(event.reason).toBe('too slow: send queue over 64 KiB');
    expect(await ask(sender, '/who\n')).toEqual(['*** #r: 2 here: reader, sender']);
  }, 60_000);

  it("a sender faster than the room is read at the room's pace: nobody who reads is cut off", async () => {
    h = await startServer({ maxRate: 0 });
    const sender = await member(h, 'r', 'fast');
    const readers: SocketClient[] = [];
    for (let i = 0; i < 3; i++) readers.push(await member(h, 'r'));
    const total = 200_000;
    // Each reader counts the sender's lines (they end in `y`) as they arrive; its recorded
    // text would be megabytes to rescan.
    const done = readers.map(
      (r, i) =>
        new Promise<void>((resolve, reject) => {
          let count = 0;
          let last = 0;
          const timer = setTimeout(
            () => reject(new Error(`reader ${i} got ${count} of ${total} lines`)),
            30_000,
          );
          r.socket.on('data', (chunk: Buffer) => {
            for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
              if ((at > 0 ? chunk[at - 1] : last) === 0x79) count++;
            }
            last = chunk[chunk.length - 1]!;
            // A reader slower than the sender, but one that reads: a pause after every chunk.
            r.socket.pause();
            setTimeout(() => r.socket.resume(), 5);
            if (count < total) return;
            clearTimeout(timer);
            resolve();
          });
          r.closed.then(() => reject(new Error(`reader ${i} was cut off after ${count} lines`)));
        }),
    );
    sender.send(`${'y'.repeat(90)}\n`.repeat(total));
    await Promise.all(done);
    expect(h.events.filter((e) => e.type === 'disconnect')).toEqual([]);
  }, 60_000);

  it('flood control: past the burst a line is refused, not queued', async () => {
    h = await startServer({ maxRate: 5 });
    const spammer = await member(h, 'r');
    const listener = await member(h, 'r');
    // The join took one token of the burst of 10.
    spammer.send(Array.from({ length: 12 }, (_, i) => `spam ${i}\n`).join(''));
    await spammer.waitFor((t) => t.includes('ERR slow down'), 'the refusal');
    expect(spammer.lines().filter((l) => l.startsWith('ERR '))).toEqual([
      'ERR slow down: at most 5 messages per second',
      'ERR slow down: at most 5 messages per second',
      'ERR slow down: at most 5 messages per second',
    ]);
    expect(await ask(spammer, '/who\n')).toEqual(['*** #r: 2 here: guest1, guest2']);
    expect(listener.lines().filter((l) => l.includes('spam'))).toHaveLength(9);
  });

  it('--room puts every connection in the room at connect, banner first', async () => {
    h = await startServer({ room: 'class' });
    const first = await h.connect();
    expect(await first.waitForLines(5)).toEqual([
      'Welcome!',
      'Type "help" for commands.',
      '*** you are now guest1',
      '*** guest1 joined #class',
      '*** #class: 1 here: guest1',
    ]);
    const second = await h.connect();
    await second.waitForLines(5);
    await waitLine(first, '*** guest2 joined #class');
    second.send('hello\n');
    await waitLine(first, '<guest2> hello');
  });

  it('lurkers in a room are not idled out; the idle limit still holds outside rooms', async () => {
    h = await startServer({ idleTimeoutMs: 300 });
    const lurker = await member(h, 'r');
    const loner = await h.connectGreeted();
    await loner.ended;
    expect(loner.lines().at(-1)).toMatch(/^Closing idle connection/);
    // The lurker went quiet before the loner even connected: it would be gone by now.
    expect(lurker.socket.readyState).toBe('open');
    expect(await ask(lurker, '/who\n')).toEqual(['*** #r: 1 here: guest1']);
  });
});
