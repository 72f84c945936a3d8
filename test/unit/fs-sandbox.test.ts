import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox, refusePath, type Sandbox } from '../../src/server/fs-sandbox.js';
import { ServerError } from '../../src/server/core/server-error.js';

// Real directories on disk:  <base>/outside/secret.txt  and the root  <base>/root/...
let base: string;
let root: string;
let sandbox: Sandbox;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'tcpchat-sandbox-')));
  root = join(base, 'root');
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'secret.txt'), 'secret');
  await mkdir(join(root, 'docs', 'deep'), { recursive: true });
  await writeFile(join(root, 'README.md'), '');
  await writeFile(join(root, 'docs', 'guide.md'), '');
  await mkdir(join(root, 'empty'));
  await symlink('docs', join(root, 'docs-link'));
  await symlink(join(base, 'outside'), join(root, 'escape'));
  await symlink('../../outside/secret.txt', join(root, 'docs', 'sneaky'));
  await symlink('nowhere', join(root, 'dangling'));
  sandbox = await openSandbox(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const names = async (path: string) => {
  const listing = await sandbox.list(path);
  if (listing.type !== 'entries') throw new Error(`expected entries, got ${listing.message}`);
  return listing.entries.map((e) => `${e.name}:${e.kind}`);
};

describe('refusePath', () => {
  it('allows relative paths inside the root', () => {
    for (const path of ['', '.', 'docs', 'docs/deep', './docs', 'docs/', 'a..b', '...']) {
      expect(refusePath(path), path).toBeUndefined();
    }
  });

  it('refuses absolute paths, .. anywhere and control bytes', () => {
    expect(refusePath('/etc')).toBe('absolute paths are not allowed: /etc');
    expect(refusePath('..')).toBe('paths may not contain "..": ..');
    expect(refusePath('docs/../..')).toBe('paths may not contain "..": docs/../..');
    expect(refusePath('docs/..')).toBe('paths may not contain "..": docs/..');
    expect(refusePath('a\x00b')).toBe('invalid path');
    expect(refusePath('a\nb')).toBe('invalid path');
  });
});

describe('openSandbox', () => {
  it('resolves the root and lists it, sorted, with kinds', async () => {
    expect(await names('')).toEqual([
      'README.md:other',
      'dangling:symlink',
      'docs:directory',
      'docs-link:symlink',
      'empty:directory',
      'escape:symlink',
    ]);
    expect(await names('.')).toEqual(await names(''));
  });

  it('lists a path inside the root, also through a symlink that stays inside', async () => {
    expect(await names('docs')).toEqual(['deep:directory', 'guide.md:other', 'sneaky:symlink']);
    expect(await names('docs-link/')).toEqual(await names('docs'));
    expect(await names('empty')).toEqual([]);
  });

  it('refuses a symlink that leads outside, without showing what is there', async () => {
    const escape = await sandbox.list('escape');
    expect(escape).toEqual({ type: 'error', message: 'outside the root: escape' });
    expect(await sandbox.list('docs/sneaky')).toEqual({
      type: 'error',
      message: 'outside the root: docs/sneaky',
    });
  });

  it('refuses .. and absolute paths before touching the disk', async () => {
    expect(await sandbox.list('..')).toEqual({
      type: 'error',
      message: 'paths may not contain "..": ..',
    });
    expect(await sandbox.list(join(base, 'outside'))).toEqual({
      type: 'error',
      message: `absolute paths are not allowed: ${join(base, 'outside')}`,
    });
  });

  it('reports missing paths, files and dangling links as errors', async () => {
    expect(await sandbox.list('nope')).toEqual({
      type: 'error',
      message: 'no such directory: nope',
    });
    expect(await sandbox.list('README.md')).toEqual({
      type: 'error',
      message: 'not a directory: README.md',
    });
    expect(await sandbox.list('dangling')).toEqual({
      type: 'error',
      message: 'no such directory: dangling',
    });
  });

  it('caps a long listing and counts the rest', async () => {
    const big = join(root, 'big');
    await mkdir(big);
    await Promise.all(
      Array.from({ length: 450 }, (_, i) =>
        writeFile(join(big, `f${String(i).padStart(3, '0')}`), ''),
      ),
    );
    const listing = await sandbox.list('big');
    expect(listing.type === 'entries' && listing.entries.length).toBe(200);
    expect(listing.type === 'entries' && listing.entries.at(-1)?.name).toBe('f199');
    expect(listing.type === 'entries' && listing.more).toBe(250);
  });

  it('rejects a root that is missing or not a directory with a coded one-line error', async () => {
    await expect(openSandbox(join(base, 'missing'))).rejects.toMatchObject({
      code: 'ENOENT',
      message: `root ${join(base, 'missing')}: no such directory`,
    });
    const file = join(root, 'README.md');
    const error = await openSandbox(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'ENOTDIR', message: `root ${file}: not a directory` });
  });
});
