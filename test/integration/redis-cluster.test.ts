import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWithRedis, startRedis, type RedisProcess } from '../helpers/redis-server.js';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';
import { ask, type SocketClient } from '../helpers/socket-client.js';
import { startProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { spawnServe, type ServeProcess } from '../helpers/server-process.js';
import { connectGreeted } from '../helpers/socket-client.js';
import { INTERRUPTED, RESTORED } from '../../src/server/redis-cluster.js';

let redis: RedisProcess;
let nodes: ServerHarness[] = [];
let proxy: TcpProxy | undefined;

/** A tcpchat server sharing its chat through `url` (our Redis by default). */
async function node(url = redis.url): Promise<ServerHarness> {
  const h = await startServer({ redis: url, maxRate: 0 });
  nodes.push(h);
  return h;
}

function waitLine(client: SocketClient, line: string, timeoutMs?: number): Promise<string> {
  return client.waitFor((t) => t.split('\n').includes(line), JSON.stringify(line), timeoutMs);
}

/** A greeted client with nickname `nick`, in `room` if given. */
async function member(on: ServerHarness, nick: string, room?: string): Promise<SocketClient> {
  const client = await on.connectGreeted();
  expect(await ask(client, `/nick ${nick}\n`)).toEqual([`*** you are now ${nick}`]);
  if (room !== undefined) {
    client.send(`/join ${room}\n`);
    await client.waitFor((t) => new RegExp(`\\*\\*\\* #${room}: \\d+ here:`).test(t), 'roster');
  }
  return client;
}

/** What members said, as `client` received it (no notices). */
function chatLines(client: SocketClient): string[] {
  return client.lines().filter((l) => l.startsWith('<'));
}

let servers: ServeProcess[] = [];
let clients: SocketClient[] = [];

afterEach(async () => {
  for (const c of clients) c.socket.destroy();
  clients = [];
  for (const s of servers) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  servers = [];
});

async function processMember(
  server: ServeProcess,
  nick: string,
  room: string,
): Promise<SocketClient> {
  const client = await connectGreeted(server.port);
  clients.push(client);
  expect(await ask(client, `/nick ${nick}\n`)).toEqual([`*** you are now ${nick}`]);
  client.send(`/join ${room}\n`);
  await client.waitFor((t) => t.includes(`*** ${room}: `), 'the roster');
  return client;
}

beforeEach(async () => {
  redis = await startRedis();
});

afterEach(async () => {
  await Promise.all(nodes.map((h) => h.stop()));
  nodes = [];
  await proxy?.close();
  proxy = undefined;
  await redis.stop();
});

describeWithRedis('chat across servers on Redis', () => {
  describe('servers in this process', () => {
    it('two servers are one chat: rooms, /who, /rooms, /msg, notices, history', async () => {
      const [one, two] = [await node(), await node()];
      const ada = await member(one, 'ada', 'class');
      const wei = await member(two, '张伟', 'class');
      await waitLine(ada, '*** 张伟 joined #class');
      expect(wei.lines().slice(-2)).toEqual([
        '*** 张伟 joined #class',
        '*** #class: 2 here: ada, 张伟',
      ]);

      ada.send('hello from one\n');
      await waitLine(wei, '<ada> hello from one');
      wei.send('/me waves\n');
      await waitLine(ada, '* 张伟 waves');
      expect(await ask(wei, '/who\n')).toEqual(['*** #class: 2 here: ada, 张伟']);
      expect(await ask(ada, '/rooms\n')).toEqual(['*** rooms: #class (2)']);

      const outsider = await two.connectGreeted();
      outsider.send('/msg ADA psst\n');
      await ada.waitFor((t) => /\[pm\] <guest\d+> psst/.test(t), 'the pm');
      expect(await ask(outsider, '/msg nobody hi\n')).toEqual(['ERR no such nickname: nobody']);
      expect((await ask(outsider, '/who\n'))[0]).toMatch(/^\*\*\* 3 online: /);

      // A joiner on either server sees what was said, marked as history, then the room live.
      const late = await member(one, 'late', 'class');
      expect(late.lines()).toContain('[history] <ada> hello from one');
      expect(late.lines()).toContain('[history] * 张伟 waves');
      expect(late.lines().indexOf('[history] <ada> hello from one')).toBeLessThan(
        late.lines().indexOf('*** late joined #class'),
      );

      ada.send('/nick lovelace\n');
      await waitLine(wei, '*** ada is now known as lovelace');
      await waitLine(late, '*** ada is now known as lovelace');
      wei.send('/part\n');
      await waitLine(ada, '*** 张伟 left #class');
      late.send('exit\n');
      await waitLine(ada, '*** late quit (client quit)');
    });

    it('a nickname taken on one server is refused on another, and free again once its owner goes', async () => {
      const [one, two] = [await node(), await node()];
      const first = await member(one, 'Ada');
      const second = await two.connectGreeted();
      expect(await ask(second, '/nick ada\n')).toEqual(['ERR nickname ada is taken']);
      expect(await ask(second, '/nick ＡＤＡ\n')).toEqual(['ERR nickname ＡＤＡ is taken']);
      first.socket.end();
      await first.ended;
      await second.waitFor(() => true, 'nothing');
      // The release is asynchronous: ask until it has landed.
      for (let i = 0; ; i++) {
        const [reply] = await ask(second, '/nick ada\n');
        if (reply === '*** you are now ada') break;
        expect(reply).toBe('ERR nickname ada is taken');
        if (i > 50) throw new Error('the nickname was never released');
      }
    });

    it('several senders on three servers: everyone sees every line once, all in one order', async () => {
      const servers = [await node(), await node(), await node()];
      const listeners = await Promise.all(servers.map((s, i) => member(s, `ear${i}`, 'r')));
      const senders = await Promise.all(servers.map((s, i) => member(s, `mouth${i}`, 'r')));
      for (const l of listeners)
        await l.waitFor((t) => t.includes('*** mouth2 joined #r'), 'joins');
      const perSender = 100;
      senders.forEach((s, i) => {
        let text = '';
        for (let n = 0; n < perSender; n++) text += `${i}:${n}\n`;
        s.send(text);
      });
      const total = perSender * senders.length;
      for (const l of listeners) {
        await l.waitFor(() => chatLines(l).length >= total, `${total} lines`, 10_000);
      }
      const orders = listeners.map(chatLines);
      expect(orders[0]).toHaveLength(total);
      expect(new Set(orders[0]).size).toBe(total);
      expect(orders[1]).toEqual(orders[0]);
      expect(orders[2]).toEqual(orders[0]);
      // Each sender's own lines keep their order.
      for (let i = 0; i < senders.length; i++) {
        const mine = orders[0]!.filter((l) => l.startsWith(`<mouth${i}> `));
        expect(mine).toEqual(Array.from({ length: perSender }, (_, n) => `<mouth${i}> ${i}:${n}`));
      }
    });

    it('a partition between a server and Redis loses nothing and repeats nothing', async () => {
      proxy = await startProxy(redis.port);
      const one = await node();
      const two = await node(`redis://127.0.0.1:${proxy.port}`);
      const ada = await member(one, 'ada', 'class');
      const wei = await member(two, 'wei', 'class');
      const bo = await member(two, 'bo', 'class');
      await waitLine(ada, '*** bo joined #class');
      ada.send('before\n');
      await waitLine(wei, '<ada> before');

      proxy.cut();
      await waitLine(wei, INTERRUPTED.trimEnd());
      await waitLine(bo, INTERRUPTED.trimEnd());
      let text = '';
      for (let n = 0; n < 50; n++) text += `during ${n}\n`;
      ada.send(text);
      // The cut-off server's own room keeps working.
      wei.send('local while cut\n');
      await waitLine(bo, '<wei> local while cut');
      proxy.restore();
      await waitLine(wei, RESTORED.trimEnd(), 10_000);
      await wei.waitFor(
        () => chatLines(wei).includes('<ada> during 49'),
        'the lines from the cut',
        10_000,
      );
      await waitLine(ada, '<wei> local while cut', 10_000);
      ada.send('after\n');
      await waitLine(wei, '<ada> after');
      await waitLine(bo, '<ada> after');

      const expected = [
        '<ada> before',
        ...Array.from({ length: 50 }, (_, n) => `<ada> during ${n}`),
      ];
      expect(chatLines(wei).filter((l) => l.startsWith('<ada>'))).toEqual([
        ...expected,
        '<ada> after',
      ]);
      expect(chatLines(bo)).toEqual([
        ...expected.slice(0, 1),
        '<wei> local while cut',
        ...expected.slice(1),
        '<ada> after',
      ]);
      expect(chatLines(ada).filter((l) => l === '<wei> local while cut')).toHaveLength(1);
      expect(wei.lines().filter((l) => l === INTERRUPTED.trimEnd())).toHaveLength(1);
    });

    it('Redis killed and restarted: each server keeps its room, then they are one chat again', async () => {
      const [one, two] = [await node(), await node()];
      const ada = await member(one, 'ada', 'class');
      const wei = await member(two, 'wei', 'class');
      await waitLine(ada, '*** wei joined #class');
      await redis.kill();
      await waitLine(ada, INTERRUPTED.trimEnd());
      await waitLine(wei, INTERRUPTED.trimEnd());
      ada.send('said while Redis was down\n');
      await redis.restart();
      await waitLine(ada, RESTORED.trimEnd(), 10_000);
      await waitLine(wei, RESTORED.trimEnd(), 10_000);
      await waitLine(wei, '<ada> said while Redis was down', 10_000);
      wei.send('and after\n');
      await waitLine(ada, '<wei> and after');
      // The new Redis knows both members again: nicknames and /who span the servers.
      const third = await two.connectGreeted();
      expect(await ask(third, '/nick ada\n')).toEqual(['ERR nickname ada is taken']);
      expect(await ask(wei, '/who\n')).toEqual(['*** #class: 2 here: ada, wei']);
      // Nobody was told anyone quit, so nobody is announced as back.
      expect(ada.lines().filter((l) => l === '*** wei joined #class')).toHaveLength(1);
      expect(wei.lines()).not.toContain('*** ada joined #class');
    });

    it('starting: an unreachable Redis or a wrong password is one line; --redis-optional starts anyway', async () => {
      const refused = `redis://127.0.0.1:${redis.port + 1 === 65536 ? 1 : redis.port + 1}`;
      await expect(startServer({ redis: refused })).rejects.toThrow(
        /^cannot use Redis at redis:\/\/127\.0\.0\.1:\d+: connection refused/,
      );
      await expect(startServer({ redis: 'http://x' })).rejects.toThrow(
        'invalid --redis "http://x": http:// is not redis:// or rediss://',
      );
      const locked = await startRedis(['--requirepass', 'sesame']);
      try {
        await expect(startServer({ redis: locked.url })).rejects.toThrow(/needs a password/);
        await expect(
          startServer({ redis: `redis://:wrong@127.0.0.1:${locked.port}` }),
        ).rejects.toThrow(/wrong password/);
        const ok = await node(`redis://:sesame@127.0.0.1:${locked.port}`);
        expect(ok.events.some((e) => e.type === 'redis' && e.state === 'up')).toBe(true);
      } finally {
        await locked.stop();
      }

      const later = await startRedis();
      const port = later.port;
      await later.stop();
      const alone = await startServer({ redis: `redis://127.0.0.1:${port}`, redisOptional: true });
      nodes.push(alone);
      const solo = await member(alone, 'solo', 'r');
      const pal = await member(alone, 'pal', 'r');
      solo.send('works alone\n');
      await waitLine(pal, '<solo> works alone');
      await later.restart();
      await waitLine(pal, RESTORED.trimEnd(), 10_000);
      await later.stop();
    });
  });

  describe('a long partition', () => {
    it('other servers give the cut-off one up, and take it back whole: nothing lost, nothing twice', async () => {
      proxy = await startProxy(redis.port);
      const fast = { redisLostAfterMs: 300, maxRate: 0 };
      const one = await startServer({ redis: redis.url, ...fast });
      const two = await startServer({ redis: `redis://127.0.0.1:${proxy.port}`, ...fast });
      nodes.push(one, two);
      const ada = await member(one, 'ada', 'class');
      const wei = await member(two, 'wei', 'class');
      await waitLine(ada, '*** wei joined #class');

      proxy.cut();
      await waitLine(wei, INTERRUPTED.trimEnd());
      // Given up for lost: its members quit, their nicknames are free...
      await waitLine(ada, '*** wei quit (server lost)');
      expect(await ask(ada, '/who\n')).toEqual(['*** #class: 1 here: ada']);
      const thief = await member(one, 'wei');
      ada.send('while you were away\n');
      wei.send('said while cut off\n');
      proxy.restore();

      // ...and when it is back, its members are again, the one who lost a name as a guest.
      await waitLine(wei, RESTORED.trimEnd(), 10_000);
      await wei.waitFor(
        (t) => /\*\*\* wei was taken on another server meanwhile: you are now guest\d+/.test(t),
        'the rename',
      );
      await waitLine(wei, '<ada> while you were away');
      await waitLine(ada, '<wei> said while cut off');
      await ada.waitFor((t) => /\*\*\* wei is now known as guest\d+/.test(t), 'the rename notice');
      // What ada saw: wei back first, then what wei said meanwhile, then the rename.
      expect(ada.lines().slice(-4)).toEqual([
        '*** #class: 1 here: ada',
        '*** wei joined #class',
        '<wei> said while cut off',
        expect.stringMatching(/^\*\*\* wei is now known as guest\d+$/),
      ]);
      expect(chatLines(wei)).toEqual(['<ada> while you were away']);
      expect(wei.lines()).not.toContain('*** wei quit (server lost)');
      expect(thief.lines().at(-1)).toBe('*** you are now wei');
    });
  });

  describe('tcpchat serve processes', () => {
    it('a server killed with SIGKILL: its members quit (server lost) everywhere within 15 s', async () => {
      const args = ['--redis', redis.url, '--max-rate', '0'];
      servers = await Promise.all([spawnServe(args), spawnServe(args), spawnServe(args)]);
      const [one, two, doomed] = servers as [ServeProcess, ServeProcess, ServeProcess];
      const ada = await processMember(one, 'ada', '#class');
      const wei = await processMember(two, 'wei', '#class');
      await processMember(doomed, 'bo', '#class');
      await processMember(doomed, 'li', '#class');
      // Both must have heard the last join before asking (else the notice is the answer read).
      for (const c of [ada, wei]) await c.waitFor((t) => t.includes('*** li joined #class'), 'li');
      expect(await ask(wei, '/who\n')).toEqual(['*** #class: 4 here: ada, wei, bo, li']);

      const killedAt = Date.now();
      doomed.child.kill('SIGKILL');
      for (const c of [ada, wei]) {
        await c.waitFor(
          (t) => t.includes('*** bo quit (server lost)') && t.includes('*** li quit (server lost)'),
          'the quits',
          15_000,
        );
      }
      expect(Date.now() - killedAt).toBeLessThan(15_000);
      expect(await ask(ada, '/who\n')).toEqual(['*** #class: 2 here: ada, wei']);
      // Their names are free again, on any server.
      const newcomer = await connectGreeted(one.port);
      clients.push(newcomer);
      expect(await ask(newcomer, '/nick bo\n')).toEqual(['*** you are now bo']);
      // The quits were said once, by one of the servers left.
      expect(ada.lines().filter((l) => l === '*** bo quit (server lost)')).toHaveLength(1);
      expect(one.stderr() + two.stderr()).toMatch(/redis: server \S+ lost: its 2 members quit/);
    });

    it('a server stopped with SIGTERM says goodbye for its members', async () => {
      const args = ['--redis', redis.url];
      servers = await Promise.all([spawnServe(args), spawnServe(args)]);
      const [one, two] = servers as [ServeProcess, ServeProcess];
      const ada = await processMember(one, 'ada', '#class');
      await processMember(two, 'wei', '#class');
      await ada.waitFor((t) => t.includes('*** wei joined #class'), 'wei');
      two.child.kill('SIGTERM');
      await two.exited;
      await ada.waitFor((t) => t.includes('*** wei quit (server shutdown)'), 'the quit');
      expect(await ask(ada, '/who\n')).toEqual(['*** #class: 1 here: ada']);
    });
  });
});
