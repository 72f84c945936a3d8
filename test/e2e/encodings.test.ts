import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnection, type ClientConnection } from '../../src/client/transport/connection.js';
import { textEncoding, type TextEncoding } from '../../src/protocol/text-encoding.js';
import { recordEvents } from '../helpers/connection-events.js';
import { startGbkServer, type GbkServer } from '../helpers/gbk-server.js';
import { spawnTui, type PtyApp } from '../helpers/pty.js';
import { spawnCli } from '../helpers/spawn-cli.js';

const CTRL_D = '\x04';
const gbk = textEncoding('gbk') as TextEncoding;

let server: GbkServer;
let app: PtyApp | undefined;
let connection: ClientConnection | undefined;

beforeEach(async () => {
  server = await startGbkServer();
});
afterEach(async () => {
  app?.kill();
  await app?.exited;
  await connection?.close();
  app = connection = undefined;
  await server.close();
});

describe('a GBK server', { timeout: 60_000 }, () => {
  it('with --encoding gbk: its text reads right, even split a byte at a time, and ours goes out in GBK', async () => {
    connection = createConnection({
      target: { host: '127.0.0.1', port: server.port },
      encoding: gbk,
      connectTimeoutMs: 10_000,
      reconnect: false,
      crlf: false,
    });
    const log = recordEvents(connection);
    await log.next((e) => e.type === 'received' && e.partial === '请输入名字：');
    expect(log.received()).toEqual(['欢迎光临！']);
    connection.send(['张三']);
    expect(await log.receivedAtLeast(3)).toEqual([
      '欢迎光临！',
      '请输入名字：你好，张三！',
      '\ufffd ',
    ]);
    expect(server.bytes()).toEqual(Buffer.concat([iconv.encode('张三', 'gbk'), Buffer.from('\n')]));
    // Bytes sent are counted as they went on the wire: 2 per character in GBK.
    expect(connection.snapshot().stats.bytesSent).toBe(5);
  });

  it('piped', async () => {
    const r = await spawnCli(['connect', '--encoding', 'gbk', `127.0.0.1:${server.port}`], {
      input: '李四\n',
    }).result;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('欢迎光临！\n请输入名字：你好，李四！\n\ufffd \n');
  });

  it('TUI: Chinese in both directions, and the encoding in the side panel', async () => {
    app = spawnTui(['connect', '--encoding', 'gbk', `127.0.0.1:${server.port}`], {
      cols: 100,
      rows: 24,
    });
    await app.waitForText('请输入名字：');
    app.write('王五');
    app.write(CTRL_D);
    await app.waitForText('你好，王五！');
    expect(app.screenText()).toMatch(/^请输入名字：› 王五 *│/m);
    expect(app.screenText()).toMatch(/encoding gbk/);
  });
});

describe('hex view and --log-raw', { timeout: 60_000 }, () => {
  it('Ctrl+X shows the bytes received as hexdump -C does, and back; --log-raw has them all', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpchat-raw-'));
    const rawFile = path.join(dir, 'raw.bin');
    try {
      app = spawnTui(['connect', '--log-raw', rawFile, `127.0.0.1:${server.port}`], {
        cols: 110,
        rows: 24,
      });
      await app.waitForText(/(Ctrl\+|\^)X hex/);
      await app.waitForText(/\uFFFD/);
      app.write('\x18');
      // 欢迎 in GBK is bb b6 d3 ad: the bytes, not the text.
      await app.waitForText(/^00000000 {2}bb b6 d3 ad b9 e2 c1 d9 {2}a3 a1 0d 0a/m);
      expect(app.screenText()).not.toMatch(/\uFFFD/);
      app.write('\x18');
      await app.waitForText(/\uFFFD/);
      app.kill();
      await app.exited;
      app = undefined;
      const expected = Buffer.from(iconv.encode('欢迎光临！\r\n请输入名字：', 'gbk'));
      expect(fs.readFileSync(rawFile)).toEqual(expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
