import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/server.js';
import { spawnCli } from '../helpers/spawn-cli.js';

// The real tcpchat server, in this process, serving a known directory.
let server: ReturnType<typeof createServer>;
let target: string;
let root: string;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-piped-'));
  fs.writeFileSync(path.join(root, 'notes.txt'), 'hi\n');
  fs.mkdirSync(path.join(root, 'docs'));
  server = createServer({ host: '127.0.0.1', port: 0, root });
  const { port } = await server.listen();
  target = `127.0.0.1:${port}`;
});

afterEach(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('piped mode against the tcpchat server', () => {
  it("printf 'date\\nls\\n' | tcpchat connect HOST:PORT prints the replies and exits 0", async () => {
    const r = await spawnCli(['connect', target], { input: 'date\nls\n' }).result;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['Welcome!', 'Type "help" for commands.']);
    expect(lines[2]).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(r.stdout).toContain('notes.txt');
    expect(r.stdout).toContain('docs/');
    expect(r.stdout.indexOf('notes.txt')).toBeGreaterThan(r.stdout.indexOf(lines[2]!));
    expect(r.stdout.endsWith('\n')).toBe(true);
  });

  it('exits 0 as soon as the server closes after exit', async () => {
    const cli = spawnCli(['connect', target], { input: 'exit\n', keepOpen: true });
    // stdin stays open: only the server's close can end the session.
    const r = await cli.result;
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('Goodbye!');
  });

  it('sends each input line as it arrives, in order', async () => {
    const cli = spawnCli(['connect', target], { keepOpen: true });
    await cli.waitForStdout((t) => t.includes('Type "help"'));
    cli.child.stdin.write('echo one\n');
    await cli.waitForStdout((t) => t.includes('one\n'));
    cli.child.stdin.write('echo two\necho three');
    await cli.waitForStdout((t) => t.includes('two\n'));
    // The last line has no newline: it still goes out, as a line, when input ends.
    cli.child.stdin.end();
    const r = await cli.result;
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.indexOf('one')).toBeLessThan(out.indexOf('two'));
    expect(out.indexOf('two')).toBeLessThan(out.indexOf('three'));
  });

  it('--log appends the transcript with directions', async () => {
    const log = path.join(root, 'session.log');
    const r = await spawnCli(['connect', target, '--log', log], { input: 'date\n' }).result;
    expect(r.code).toBe(0);
    const text = fs.readFileSync(log, 'utf8');
    const iso = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
    expect(text).toMatch(new RegExp(`^${iso} \\* connecting to ${target}$`, 'm'));
    expect(text).toMatch(new RegExp(`^${iso} < Welcome!$`, 'm'));
    expect(text).toMatch(new RegExp(`^${iso} [>+] date$`, 'm'));
  });

  it('bare tcpchat starts the bundled server and talks to it', async () => {
    const r = await spawnCli([], { input: 'version\n', cwd: root }).result;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Welcome!\nType "help" for commands.\ntcpchat \d+\.\d+\.\d+\n$/);
  });
});
