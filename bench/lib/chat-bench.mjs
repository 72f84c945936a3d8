// The chat rows: tcpchat, `ncat --chat` and ngircd (an IRC server; stock flood control and
// none) driven by the native chat load generator (bench/c/chatgen.c) through four scenarios.
// Each server is started afresh for each scenario, so memory growth is that scenario's own.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { buildDir } from './native.mjs';
import { has, freePort } from './machine.mjs';
import { cpuMs, memoryMb } from './proc.mjs';
import { spawnLimited, startServer, stopper } from './spawn-server.mjs';

/** The scenarios, full size and smoke size. */
export function chatScenarios(smoke) {
  const s = (full, small) => (smoke ? small : full);
  return [
    {
      id: 'classroom',
      label: `classroom: ${s(200, 20)} clients, ${s(20, 2)} send 5 msg/s for ${s(10, 0.5)} s`,
      args: { clients: s(200, 20), senders: s(20, 2), rate: 5, duration: s(10, 0.5) },
    },
    {
      id: 'saturate',
      label: `saturate: ${s(100, 10)} clients, 1 sender flat out, ${s('20,000', '1,000')} messages`,
      args: { clients: s(100, 10), senders: 1, rate: 0, messages: s(20_000, 1_000) },
    },
    {
      id: 'stalled',
      label: 'stalled reader: classroom plus one client that never reads',
      args: { clients: s(201, 21), senders: s(20, 2), stalled: 1, rate: 5, duration: s(10, 0.5) },
    },
    {
      id: 'flood-stalled',
      label: `flood past a stalled reader: ${s(21, 5)} clients, 1 flat out, ${s('200,000', '2,000')} messages, 1 never reads`,
      args: { clients: s(21, 5), senders: 1, stalled: 1, rate: 0, messages: s(200_000, 2_000) },
    },
    {
      id: 'members-1000',
      label: `${s('1,000', '50')} members in one room (server RSS)`,
      args: { clients: s(1000, 50), senders: 1, rate: 1, duration: 1 },
    },
  ];
}

/** Resolves once something accepts connections on `port` (servers that print no address). */
async function waitForPort(port, child, name) {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode})`);
    const ok = await new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} never listened on ${port}`);
}

/** A server that prints nothing useful: started with a port we chose, then polled. */
async function startQuiet(name, argv, port) {
  const child = spawnLimited(argv, { stdio: 'ignore' });
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await waitForPort(port, child, name);
  return {
    name,
    pid: child.pid,
    port,
    stop: stopper(child, exited),
  };
}

function ngircdConfig(port, penalty) {
  const path = `${buildDir}/ngircd-${penalty ? 'stock' : 'nopenalty'}-${port}.conf`;
  writeFileSync(
    path,
    [
      '[Global]',
      'Name = bench.tcpchat.test',
      'Info = tcpchat chat benchmark',
      'Listen = 127.0.0.1',
      `Ports = ${port}`,
      'MotdPhrase = bench',
      '[Limits]',
      'MaxConnections = 0',
      'MaxConnectionsIP = 0',
      'MaxJoins = 0',
      'MaxNickLength = 20',
      'PingTimeout = 600',
      'PongTimeout = 600',
      ...(penalty ? [] : ['MaxPenaltyTime = 0']),
      '[Options]',
      'PAM = no',
      'Ident = no',
      'DNS = no',
      '',
    ].join('\n'),
  );
  return path;
}

/** `tcpchat serve` for chat loads: no flood control, room for every client, no idle limit. */
export function startTcpchat(ctx, name, logName, extra) {
  return startServer({
    name,
    argv: [
      process.execPath,
      ctx.cliPath,
      'serve',
      '--port',
      '0',
      '--max-rate',
      '0',
      '--max-clients',
      '5000',
      '--idle-timeout',
      '0',
      ...extra,
    ],
    logPath: `${ctx.logDir}/${logName}.log`,
  });
}

/** The servers to compare, with how to start each (or why it is skipped). */
function contenders(ctx) {
  const tcpchatOnly = ctx.smoke;
  const list = [
    {
      name: 'tcpchat',
      proto: 'tcpchat',
      // No flood control: the peers' fastest settings are measured too (ngircd without penalty).
      start: () => startTcpchat(ctx, 'tcpchat', 'chat-tcpchat', []),
    },
  ];
  if (tcpchatOnly) {
    ctx.notes.push('smoke run: the chat rows run tcpchat only (ncat and ngircd in full runs)');
    return list;
  }
  if (has('ncat')) {
    list.push({
      name: 'ncat --chat',
      proto: 'ncat',
      start: async () => {
        const port = await freePort();
        return startQuiet(
          'ncat',
          ['ncat', '--chat', '-l', '127.0.0.1', String(port), '-m', '5000'],
          port,
        );
      },
    });
  } else {
    ctx.notes.push('ncat not installed (apt-get install ncat): its chat rows are skipped');
  }
  if (has('ngircd')) {
    for (const penalty of [true, false]) {
      list.push({
        name: penalty ? 'ngircd' : 'ngircd (no penalty)',
        proto: 'irc',
        start: async () => {
          const port = await freePort();
          return startQuiet('ngircd', ['ngircd', '-n', '-f', ngircdConfig(port, penalty)], port);
        },
      });
    }
  } else {
    ctx.notes.push('ngircd not installed (apt-get install ngircd): its chat rows are skipped');
  }
  return list;
}

/** Runs bench/c/chatgen.c; `args` become `--key value` options. Resolves with its JSON. */
export function runChatgen(path, port, proto, args, timeoutS, idleS) {
  const argv = [
    '--port',
    String(port),
    '--proto',
    proto,
    '--timeout',
    String(timeoutS),
    '--idle',
    String(idleS),
  ];
  for (const [k, v] of Object.entries(args)) argv.push(`--${k}`, String(v));
  return new Promise((resolve, reject) => {
    const child = spawn(path, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (err += s));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`chatgen exited ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out));
    });
  });
}

/** Runs every scenario on every server; one row per pair. */
export async function chatBench(ctx) {
  if (!ctx.chatgenPath) {
    ctx.notes.push(`chat rows skipped: ${ctx.chatgenNote}`);
    return { rows: [] };
  }
  const rows = [];
  const timeoutS = ctx.smoke ? 20 : 60;
  for (const scenario of chatScenarios(ctx.smoke)) {
    for (const server of contenders(ctx)) {
      ctx.log(`chat: ${scenario.id} on ${server.name}`);
      let running;
      try {
        running = await server.start();
      } catch (error) {
        ctx.notes.push(`${server.name} did not start for ${scenario.id}: ${error.message}`);
        continue;
      }
      const before = memoryMb(running.pid).rssMb;
      const cpuBefore = cpuMs(running.pid);
      let peak = before;
      const sampler = setInterval(() => {
        const rss = memoryMb(running.pid).rssMb;
        if (rss !== undefined && rss > peak) peak = rss;
      }, 50);
      try {
        const result = await runChatgen(
          ctx.chatgenPath,
          running.port,
          server.proto,
          scenario.args,
          timeoutS,
          ctx.smoke ? 1 : 5,
        );
        const cpu = (cpuMs(running.pid) ?? NaN) - (cpuBefore ?? NaN);
        rows.push({
          scenario: scenario.id,
          label: scenario.label,
          server: server.name,
          ...result,
          server_cpu_ms: cpu,
          server_cpu_ms_per_1000: result.received > 0 ? (cpu * 1000) / result.received : undefined,
          rss_before_mb: before,
          rss_peak_mb: peak,
          rss_growth_mb: peak - before,
        });
      } catch (error) {
        ctx.notes.push(`${scenario.id} on ${server.name}: ${error.message}`);
      } finally {
        clearInterval(sampler);
        await running.stop();
      }
    }
  }
  return { rows };
}
