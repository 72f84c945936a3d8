import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnTui, type PtyApp } from '../helpers/pty.js';
import { spawnServe, type ServeProcess } from '../helpers/server-process.js';

const CTRL_D = '\x04';
const HAS_NC = spawnSync('sh', ['-c', 'command -v nc']).status === 0;

/** `nc` in the same room, as a classroom's plain-terminal user would be. */
function netcat(port: number): ChildProcessWithoutNullStreams & { output(): string } {
  const child = spawn('nc', ['127.0.0.1', String(port)]);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
  return Object.assign(child, { output: () => output });
}

describe('chat between two TUIs and nc', { timeout: 90_000 }, () => {
  let server: ServeProcess | undefined;
  const apps: PtyApp[] = [];

  afterEach(async () => {
    for (const app of apps.splice(0)) {
      app.kill();
      await app.exited;
    }
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  it.skipIf(!HAS_NC)(
    'they chat through one server; the member lists follow joins and quits',
    async () => {
      server = await spawnServe(['--room', 'class']);
      const port = String(server.port);
      const wei = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 110, rows: 30 });
      apps.push(wei);
      await wei.waitForText('*** #class: 1 here: guest1');
      wei.write(`/nick 张伟${CTRL_D}`);
      await wei.waitForText(/nick\s+张伟/);

      const ada = spawnTui(['connect', `127.0.0.1:${port}`], { cols: 110, rows: 30 });
      apps.push(ada);
      await ada.waitForText('*** #class: 2 here: 张伟, guest2');
      ada.write(`/nick Ada${CTRL_D}`);
      await wei.waitForText('*** guest2 is now known as Ada');

      const nc = netcat(server.port);
      nc.stdin.write('/nick netcat\n');
      await wei.waitForText(/members\s+3/);
      await ada.waitForText(/members\s+3/);
      for (const name of ['张伟', 'Ada', 'netcat']) expect(ada.screenText()).toContain(`  ${name}`);

      wei.write(`你好，Ada！${CTRL_D}`);
      await ada.waitForText('<张伟> 你好，Ada！');
      ada.write(`/me waves${CTRL_D}`);
      await wei.waitForText('* Ada waves');
      nc.stdin.write('hello from nc\n');
      await wei.waitForText('<netcat> hello from nc');
      await ada.waitForText('<netcat> hello from nc');
      expect(nc.output()).toContain('<张伟> 你好，Ada！');
      expect(nc.output()).toContain('* Ada waves');

      nc.stdin.end('exit\n');
      await wei.waitForText('*** netcat quit (client quit)');
      await wei.waitForText(/members\s+2/);
      await ada.waitForText(/members\s+2/);
      expect(ada.screenText()).not.toContain('  netcat');
    },
  );
});
