import { afterEach, expect, it } from 'vitest';
import { describeWithRedis, startRedis, type RedisProcess } from '../helpers/redis-server.js';
import { spawnServe, type ServeProcess } from '../helpers/server-process.js';
import { ask, connectGreeted, type SocketClient } from '../helpers/socket-client.js';

let redis: RedisProcess | undefined;
let servers: ServeProcess[] = [];
let clients: SocketClient[] = [];

afterEach(async () => {
  for (const c of clients) c.socket.destroy();
  clients = [];
  for (const s of servers) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => s.exited));
  servers = [];
  await redis?.stop();
});

async function member(server: ServeProcess, nick: string, room: string): Promise<SocketClient> {
  const client = await connectGreeted(server.port);
  clients.push(client);
  expect(await ask(client, `/nick ${nick}\n`)).toEqual([`*** you are now ${nick}`]);
  client.send(`/join ${room}\n`);
  await client.waitFor((t) => t.includes(`*** ${room}: `), 'the roster');
  return client;
}

describeWithRedis('tcpchat serve processes on one Redis', () => {
  it('a server killed with SIGKILL: its members quit (server lost) everywhere within 15 s', async () => {
    redis = await startRedis();
    const args = ['--redis', redis.url, '--max-rate', '0'];
    servers = await Promise.all([spawnServe(args), spawnServe(args), spawnServe(args)]);
    const [one, two, doomed] = servers as [ServeProcess, ServeProcess, ServeProcess];
    const ada = await member(one, 'ada', '#class');
    const wei = await member(two, 'wei', '#class');
    await member(doomed, 'bo', '#class');
    await member(doomed, 'li', '#class');
    await ada.waitFor((t) => t.includes('*** li joined #class'), 'li');
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
    redis = await startRedis();
    const args = ['--redis', redis.url];
    servers = await Promise.all([spawnServe(args), spawnServe(args)]);
    const [one, two] = servers as [ServeProcess, ServeProcess];
    const ada = await member(one, 'ada', '#class');
    await member(two, 'wei', '#class');
    await ada.waitFor((t) => t.includes('*** wei joined #class'), 'wei');
    two.child.kill('SIGTERM');
    await two.exited;
    await ada.waitFor((t) => t.includes('*** wei quit (server shutdown)'), 'the quit');
    expect(await ask(ada, '/who\n')).toEqual(['*** #class: 1 here: ada']);
  });
});
