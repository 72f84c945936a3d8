import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServe, type ServeProcess } from '../helpers/server-process.js';
import { ask, connectGreeted } from '../helpers/socket-client.js';

const LINES = 1_500_000;
const LINE_BYTES = 8; // 7 base-36 digits + LF
const INPUT_BYTES = LINES * LINE_BYTES; // 12 MB in, 24 MB of replies

let serve: ServeProcess | undefined;
let sockets: Socket[] = [];
let tempRoot: string | undefined;
afterEach(async () => {
  if (tempRoot !== undefined) await rm(tempRoot, { recursive: true, force: true });
  tempRoot = undefined;
  for (const s of sockets) s.destroy();
  sockets = [];
  serve?.child.kill('SIGKILL');
  await serve?.exited;
  serve = undefined;
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `value()` has not changed for `samples` readings in a row; returns it. */
async function settle(value: () => number, samples = 5, everyMs = 200, maxMs = 30_000) {
  const deadline = Date.now() + maxMs;
  let last = value();
  let same = 0;
  while (same < samples) {
    if (Date.now() > deadline) throw new Error(`never settled (last ${last})`);
    await delay(everyMs);
    const now = value();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

describe('a client that writes without reading', () => {
  it('is stopped at a bounded buffer; others are served; nothing is lost', async () => {
    serve = await spawnServe();
    const { port } = serve;
    const baseline = serve.rss();

    const slow = connect({ port, host: '127.0.0.1' });
    sockets.push(slow);
    await new Promise((r) => slow.once('connect', r));
    slow.pause(); // never reads, for now
    const input = Buffer.alloc(INPUT_BYTES);
    for (let i = 0; i < LINES; i++) {
      input.write(i.toString(36).padStart(7, '0'), i * LINE_BYTES, 'latin1');
      input[i * LINE_BYTES + 7] = 0x0a;
    }
    // Many moderate writes, so writableLength shows how much the server has taken.
    for (let at = 0; at < INPUT_BYTES; at += 64 * 1024) slow.write(input.subarray(at, at + 65536));

    // The server must stop reading once its replies back up: input stalls with most unsent.
    const unsent = await settle(() => slow.writableLength);
    expect(unsent).toBeGreaterThan(INPUT_BYTES / 3);
    // Replies to what it did read sit in kernel buffers plus a bounded user-space buffer;
    // had it kept reading, 24 MB of replies would be queued in its heap.
    expect(serve.rss() - baseline).toBeLessThan(40 * 1024 * 1024);

    // Meanwhile another client is served normally.
    const other = await connectGreeted(port);
    sockets.push(other.socket);
    expect(await ask(other, 'Ann\n')).toEqual(['Hello, Ann!']);

    // Once the slow client reads, every reply arrives, in order.
    let expected = 0;
    let tail = '';
    let wrong: string | undefined;
    const done = new Promise<void>((resolve) => {
      slow.on('data', (chunk: Buffer) => {
        const parts = (tail + chunk.toString('latin1')).split('\n');
        tail = parts.pop()!;
        for (const line of parts) {
          if (expected === 0 && (line === 'Welcome!' || line.startsWith('Type '))) continue;
          const want = `Hello, ${expected.toString(36).padStart(7, '0')}!`;
          if (line !== want) wrong ??= `reply ${expected}: ${JSON.stringify(line)} != ${want}`;
          expected++;
        }
        if (expected >= LINES) resolve();
      });
    });
    slow.resume();
    await done;
    expect(wrong).toBeUndefined();
    expect(expected).toBe(LINES);
    expect(await ask(other, 'still fine\n')).toEqual(['Hello, still fine!']);
  }, 90_000);

  it('stops a flood of ls at a bounded buffer too (listings do not pile up)', async () => {
    // 200 entries of 100 bytes: each ls answers ~20 KB; 3,000 of them would be 60 MB.
    tempRoot = await mkdtemp(join(tmpdir(), 'tcpchat-lsflood-'));
    const root = tempRoot;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => writeFile(join(root, `${i}`.padStart(100, 'f')), '')),
    );
    serve = await spawnServe(['--root', root]);
    const { port } = serve;
    const baseline = serve.rss();
    const slow = connect({ port, host: '127.0.0.1' });
    sockets.push(slow);
    await new Promise((r) => slow.once('connect', r));
    slow.pause();
    const requests = 3000;
    slow.write('ls\n'.repeat(requests));

    // Once blocked, the server stops working on this client: its CPU time stops growing.
    const s = serve;
    await settle(() => s.cpuTicks());
    expect(serve.rss() - baseline).toBeLessThan(40 * 1024 * 1024);

    const other = await connectGreeted(port);
    sockets.push(other.socket);
    expect(await ask(other, 'Ann\n')).toEqual(['Hello, Ann!']);

    let lines = 0;
    const done = new Promise<void>((resolve) => {
      slow.on('data', (chunk: Buffer) => {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
        if (lines >= 2 + requests * 200) resolve();
      });
    });
    slow.resume();
    await done;
    expect(lines).toBe(2 + requests * 200);
  }, 90_000);
});
