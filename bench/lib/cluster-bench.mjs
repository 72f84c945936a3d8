// The cluster rows: two `tcpchat serve --redis` processes on one redis-server of our own (a free
// port, nothing on disk), 100 clients on each in one room, driven by bench/c/chatgen.c with
// `--port2`. Compared, in the same run, with one tcpchat alone holding all 200 clients; and
// the room's message rate is raised step by step until p99 passes 50 ms, next to what
// `redis-benchmark` says this Redis does with PUBLISH and XADD.
import { execFileSync, spawn } from 'node:child_process';
import { runChatgen, startTcpchat } from './chat-bench.mjs';
import { has, freePort } from './machine.mjs';
import { cpuMs, memoryMb } from './proc.mjs';

async function startRedis() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.stdout.setEncoding('utf8').on('data', (s) => {
      out += s;
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}`)));
  });
  child.stdout.resume();
  return {
    port,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** How many XADDs Redis has run (INFO commandstats), or undefined without redis-cli. */
function xaddCalls(port) {
  try {
    const out = execFileSync('redis-cli', ['-p', String(port), 'info', 'commandstats'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const match = /cmdstat_xadd:calls=(\d+)/.exec(out);
    return match ? Number(match[1]) : 0;
  } catch {
    return undefined;
  }
}

/** `redis-benchmark`'s requests per second for one command (50 clients, no pipelining). */
function redisBenchmark(port, command, n) {
  const out = execFileSync(
    'redis-benchmark',
    ['-p', String(port), '-q', '-n', String(n), '-c', '50', ...command],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const match = /([\d.]+) requests per second/.exec(out.split('\r').at(-1) ?? out);
  return match ? Number(match[1]) : undefined;
}

function tcpchat(ctx, name, extra) {
  return startTcpchat(ctx, name, `cluster-${name}`, extra);
}

function chatgen(ctx, ports, args, timeoutS) {
  const extra = ports[1] === undefined ? {} : { port2: ports[1] };
  return runChatgen(
    ctx.chatgenPath,
    ports[0],
    'tcpchat',
    { ...extra, ...args },
    timeoutS,
    ctx.smoke ? 1 : 3,
  );
}

/** Runs `fn` with servers started by `start`, measuring their CPU and peak RSS. */
async function measured(servers, fn) {
  const cpu0 = servers.map((s) => cpuMs(s.pid) ?? NaN);
  const peaks = servers.map((s) => memoryMb(s.pid).rssMb ?? 0);
  const sampler = setInterval(() => {
    servers.forEach((s, i) => {
      const rss = memoryMb(s.pid).rssMb;
      if (rss !== undefined && rss > peaks[i]) peaks[i] = rss;
    });
  }, 100);
  try {
    const result = await fn();
    return {
      ...result,
      server_cpu_ms: servers.map((s, i) => (cpuMs(s.pid) ?? NaN) - cpu0[i]),
      rss_peak_mb: peaks,
    };
  } finally {
    clearInterval(sampler);
  }
}

export async function clusterBench(ctx) {
  if (!ctx.chatgenPath) {
    ctx.notes.push(`cluster rows skipped: ${ctx.chatgenNote}`);
    return { rows: [] };
  }
  if (!has('redis-server')) {
    ctx.notes.push(
      'redis-server not installed (apt-get install redis-server): cluster rows skipped',
    );
    return { rows: [] };
  }
  const s = (full, small) => (ctx.smoke ? small : full);
  const clients = s(200, 20);
  const classroom = { clients, senders: s(20, 2), rate: 5, duration: s(10, 0.5) };
  const timeoutS = ctx.smoke ? 20 : 60;
  const rows = [];
  const redis = await startRedis();
  const url = `redis://127.0.0.1:${redis.port}`;
  try {
    // One server alone, all clients on it: the baseline of the same run.
    {
      ctx.log('cluster: classroom on one tcpchat alone');
      const alone = await tcpchat(ctx, 'alone', []);
      try {
        const r = await measured([alone], () => chatgen(ctx, [alone.port], classroom, timeoutS));
        rows.push({
          id: 'alone',
          label: `classroom, ${clients} clients on one tcpchat alone`,
          ...r,
        });
      } finally {
        await alone.stop();
      }
    }
    const nodes = [
      await tcpchat(ctx, 'node1', ['--redis', url]),
      await tcpchat(ctx, 'node2', ['--redis', url]),
    ];
    try {
      ctx.log('cluster: classroom on 2 nodes');
      const r = await measured(nodes, () =>
        chatgen(ctx, [nodes[0].port, nodes[1].port], classroom, timeoutS),
      );
      rows.push({
        id: 'classroom-2',
        label: `classroom, ${clients / 2} clients on each of 2 nodes`,
        ...r,
      });
      // The room's rate, raised until p99 passes 50 ms (or lines are lost).
      const senders = s(20, 2);
      const steps = ctx.smoke ? [10] : [5, 25, 100, 400, 800, 1600, 3200];
      for (const perSender of steps) {
        ctx.log(`cluster: ${senders * perSender} msg/s into the room on 2 nodes`);
        const before = xaddCalls(redis.port);
        const step = await measured(nodes, () =>
          chatgen(
            ctx,
            [nodes[0].port, nodes[1].port],
            { clients, senders, rate: perSender, duration: s(5, 0.5) },
            timeoutS,
          ),
        );
        const xadds = (xaddCalls(redis.port) ?? NaN) - (before ?? NaN);
        rows.push({
          id: 'ramp',
          label: `${senders * perSender} msg/s into one room of ${clients} on 2 nodes`,
          room_msgs_per_s: senders * perSender,
          // A sender's lines from one read go out as one stream entry: fewer XADDs than lines.
          redis_xadd_per_s: step.seconds > 0 ? xadds / step.seconds : undefined,
          ...step,
        });
        if (!step.complete || step.p99_us > 50_000) break;
      }
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
    if (has('redis-benchmark')) {
      const n = s(200_000, 20_000);
      const publish = redisBenchmark(redis.port, ['PUBLISH', 'bench', 'x'.repeat(60)], n);
      const xadd = redisBenchmark(
        redis.port,
        ['XADD', 'bench:stream', 'MAXLEN', '~', '10000', '*', 't', 'x'.repeat(60)],
        n,
      );
      return { rows, redis_benchmark: { publish_per_s: publish, xadd_per_s: xadd } };
    }
    ctx.notes.push('redis-benchmark not installed: the Redis ceiling is not measured');
    return { rows };
  } finally {
    await redis.stop();
  }
}
