import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerHarness } from '../helpers/server-harness.js';
import { ask, type SocketClient } from '../helpers/socket-client.js';

// <base>/outside/{secret.txt,private/}   <base>/root/{README.md,docs/,src/,escape@,...}
let base: string;
let root: string;
let harness: ServerHarness;
let client: SocketClient;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'tcpchat-ls-')));
  root = join(base, 'root');
  await mkdir(join(base, 'outside', 'private'), { recursive: true });
  await writeFile(join(base, 'outside', 'secret.txt'), 'secret');
  await mkdir(join(root, 'docs'), { recursive: true });
  await mkdir(join(root, 'src', 'server'), { recursive: true });
  await writeFile(join(root, 'README.md'), '');
  await writeFile(join(root, 'docs', 'guide.md'), '');
  await writeFile(join(root, 'evil\x1b[2J\nname'), '');
  await symlink(join(base, 'outside'), join(root, 'escape'));
  await symlink('../..', join(root, 'docs', 'up'));
  await symlink('docs', join(root, 'docs-link'));
  await mkdir(join(root, 'many'));
  await Promise.all(
    Array.from({ length: 205 }, (_, i) => writeFile(join(root, 'many', `n${1000 + i}`), '')),
  );
  harness = await startServer({ root });
});

afterAll(async () => {
  await harness.stop();
  await rm(base, { recursive: true, force: true });
});

afterEach(() => {
  client.socket.destroy();
});

/** Sends `command` then a marker line; returns the reply lines in between. */
async function list(command: string): Promise<string[]> {
  client = await harness.connectGreeted();
  client.send(`${command}\nEND\n`);
  await client.waitFor((t) => t.endsWith('Hello, END!\n'), `reply to ${JSON.stringify(command)}`);
  return client.lines().slice(2, -1);
}

describe('ls over a real socket, confined to --root', () => {
  it('lists the root, sorted, directories with /, symlinks with @', async () => {
    expect(await list('ls')).toEqual([
      'README.md',
      'docs/',
      'docs-link@',
      'escape@',
      'evil\\x1b[2J\\x0aname',
      'many/',
      'src/',
    ]);
    expect(await list('/ls')).toEqual(await list('ls'));
    expect(await list('ls .')).toEqual(await list('ls'));
  });

  it('lists a path inside the root, and a symlink that stays inside', async () => {
    expect(await list('ls docs')).toEqual(['guide.md', 'up@']);
    expect(await list('ls src/')).toEqual(['server/']);
    expect(await list('ls src/server')).toEqual(['(empty)']);
    expect(await list('ls docs-link')).toEqual(['guide.md', 'up@']);
  });

  it('caps a long listing with a … N more line', async () => {
    const lines = await list('ls many');
    expect(lines).toHaveLength(201);
    expect(lines[0]).toBe('n1000');
    expect(lines[199]).toBe('n1199');
    expect(lines[200]).toBe('… 5 more');
  });

  it('refuses a symlink escaping the root and shows nothing outside', async () => {
    expect(await list('ls escape')).toEqual(['ERR outside the root: escape']);
    expect(await list('ls escape/private')).toEqual(['ERR outside the root: escape/private']);
    expect(await list('ls docs/up')).toEqual(['ERR outside the root: docs/up']);
    expect(client.text()).not.toContain('secret');
  });

  it('refuses .. and absolute paths', async () => {
    expect(await list('ls ..')).toEqual(['ERR paths may not contain "..": ..']);
    expect(await list('ls docs/../..')).toEqual(['ERR paths may not contain "..": docs/../..']);
    expect(await list(`ls ${base}`)).toEqual([`ERR absolute paths are not allowed: ${base}`]);
    expect(await list('ls /')).toEqual(['ERR absolute paths are not allowed: /']);
  });

  it('reports missing paths and files with ERR', async () => {
    expect(await list('ls nope')).toEqual(['ERR no such directory: nope']);
    expect(await list('ls README.md')).toEqual(['ERR not a directory: README.md']);
  });

  it('keeps replies in order around an ls in the same read', async () => {
    client = await harness.connectGreeted();
    const lines = await ask(client, 'Ann\nls docs\nBob\nls src\n/echo done\n', 6);
    expect(lines).toEqual(['Hello, Ann!', 'guide.md', 'up@', 'Hello, Bob!', 'server/', 'done']);
  });

  it('answers an ls sent just before a half-close', async () => {
    client = await harness.connectGreeted();
    client.send('ls docs\nls many');
    client.socket.end();
    await client.ended;
    const lines = client.lines().slice(2);
    expect(lines.slice(0, 2)).toEqual(['guide.md', 'up@']);
    expect(lines.at(-1)).toBe('… 5 more');
    expect(lines).toHaveLength(2 + 201);
  });
});
