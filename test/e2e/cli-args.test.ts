import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import pkg from '../../package.json' with { type: 'json' };

describe('tcpchat command line', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('serve --help lists every option with its default', async () => {
    const r = await runCli(['serve', '--help']);
    expect(r.code).toBe(0);
    for (const [option, fallback] of [
      ['--host', '"127.0.0.1"'],
      ['--port', '9999'],
      ['--root', '"."'],
      ['--max-clients', '1024'],
      ['--max-line', '8192'],
      ['--idle-timeout', '300'],
      ['--partial-flush', '150'],
    ]) {
      expect(r.stdout).toMatch(new RegExp(`${option}[^]*?default: ${fallback}`));
    }
  });

  it('connect --help lists the client options', async () => {
    const r = await runCli(['connect', '--help']);
    expect(r.code).toBe(0);
    for (const option of [
      '--crlf',
      '--connect-timeout',
      '--reconnect',
      '--timestamps',
      '--scrollback',
      '--log',
    ]) {
      expect(r.stdout).toContain(option);
    }
  });

  it.each([
    [['serve', '--port', '70000'], '--port must be an integer from 0 to 65535, got 70000'],
    [['serve', '--port', 'abc'], '--port must be an integer from 0 to 65535, got abc'],
    [
      ['serve', '--max-clients', '-1'],
      '--max-clients must be an integer from 1 to 1000000, got -1',
    ],
    [['serve', '--idle-timeout', '1.5'], '--idle-timeout must be an integer'],
    [['serve', '--bogus'], 'Unknown argument: bogus'],
    [['connect', 'localhost'], 'invalid target "localhost": expected HOST:PORT'],
    [['connect', 'localhost:0'], 'invalid port in "localhost:0": must be 1-65535'],
    [['connect', 'a:b:c'], 'invalid target "a:b:c"'],
    [['connect', '--connect-timeout', '0', 'h:1'], '--connect-timeout must be an integer from 1'],
  ])('rejects %j with one line, usage and exit code 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toContain(`tcpchat: ${message}`);
    expect(r.stderr).toContain('Options:');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
