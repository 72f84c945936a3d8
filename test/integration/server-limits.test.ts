import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';
import { ask, connectClient, type SocketClient } from '../helpers/socket-client.js';

let harness: ServerHarness | undefined;
const extra: SocketClient[] = [];
afterEach(async () => {
  for (const c of extra.splice(0)) c.socket.destroy();
  await harness?.stop();
  harness = undefined;
});

describe('server limits', () => {
  it('serves 200 concurrent clients without cross-talk', async () => {
    harness = await startServer();
    const h = harness;
    const clients = await Promise.all(Array.from({ length: 200 }, () => h.connectGreeted()));
    expect(h.server.clients).toBe(200);
    const rounds = 5;
    // Interleave: every client sends round r before any sends round r+1.
    for (let r = 0; r < rounds; r++) {
      clients.forEach((c, i) => c.send(`client-${i}-round-${r}\n`));
    }
    await Promise.all(clients.map((c) => c.waitForLines(2 + rounds)));
    clients.forEach((c, i) => {
      expect(c.lines().slice(2)).toEqual(
        Array.from({ length: rounds }, (_, r) => `Hello, client-${i}-round-${r}!`),
      );
    });
    const connects = h.events.filter((e) => e.type === 'connect');
    expect(connects).toHaveLength(200);
    expect(connects.at(-1)).toMatchObject({ clients: 200 });
  });

  it('turns away clients over --max-clients with ERR server full, then admits again', async () => {
    harness = await startServer({ maxClients: 3 });
    const h = harness;
    const admitted = await Promise.all([
      h.connectGreeted(),
      h.connectGreeted(),
      h.connectGreeted(),
    ]);
    const refused = await connectClient(h.port);
    extra.push(refused);
    await refused.ended;
    expect(refused.text()).toBe('ERR server full (3 clients)\n');
    expect(await h.waitForEvent('rejected')).toMatchObject({ reason: 'full' });
    expect(h.server.clients).toBe(3);

    // The admitted ones are unaffected; once one leaves, there is room again.
    expect(await ask(admitted[0]!, 'Ann\n')).toEqual(['Hello, Ann!']);
    admitted[1]!.send('exit\n');
    await h.waitForEvent('disconnect');
    const next = await h.connectGreeted();
    expect(await ask(next, 'Bob\n')).toEqual(['Hello, Bob!']);
  });

  it('words the refusal for a limit of one', async () => {
    harness = await startServer({ maxClients: 1 });
    await harness.connectGreeted();
    const refused = await connectClient(harness.port);
    extra.push(refused);
    await refused.ended;
    expect(refused.text()).toBe('ERR server full (1 client)\n');
  });

  it('closes a client idle past --idle-timeout with a notice', async () => {
    harness = await startServer({ idleTimeoutMs: 300 });
    const h = harness;
    const client = await h.connectGreeted();
    expect(await ask(client, 'Ann\n')).toEqual(['Hello, Ann!']);
    await client.ended;
    expect(client.lines().slice(3)).toEqual(['Closing idle connection (no input for 0.3 s)']);
    expect(await h.waitForEvent('disconnect')).toMatchObject({
      reason: 'idle timeout',
      linesIn: 1,
      linesOut: 4,
    });
  });

  it('never closes idle clients when --idle-timeout is 0', async () => {
    harness = await startServer({ idleTimeoutMs: 0, partialFlushMs: 50 });
    const h = harness;
    const client = await h.connectGreeted();
    // Partial flush timers fire meanwhile; the connection must outlive several of them.
    for (let i = 0; i < 5; i++) expect(await ask(client, `n${i}`)).toEqual([`Hello, n${i}!`]);
    expect(h.server.clients).toBe(1);
  });
});
