// Fallback load generator for machines without a C compiler: the same modes, options, stderr
// window markers and JSON report as bench/c/loadgen.c. It is far more expensive per message, so
// the harness flags its figures as possibly limited by the load generator.
// Usage: node bench/lib/loadgen-node.mjs --port P [--mode closed|pipelined|capacity] [--conns N]
//        [--depth D] [--warmup S] [--duration S] [--timeout S] [--host 127.0.0.1]
import net from 'node:net';

const REQUEST = Buffer.from('bench\n');
const LF = 0x0a;

function parseArgs(argv) {
  const o = { host: '127.0.0.1', port: 0, mode: 'closed', conns: 1, depth: 1 };
  Object.assign(o, { warmup: 0.5, duration: 2, timeout: 30 });
  for (let i = 0; i + 1 < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in o)) throw new Error(`loadgen: unknown option --${key}`);
    o[key] = key === 'host' || key === 'mode' ? argv[i + 1] : Number(argv[i + 1]);
  }
  if (o.mode === 'closed') o.depth = 1;
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const errors = { connect: 0, reset: 0, eof: 0, err_line: 0, short_write: 0, timeout: 0 };
const latencies = [];
let windowStart = 0n;
let windowEnd = 0n;
let sending = true;
let greeted = 0;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function makeConn() {
  const c = {
    socket: undefined,
    state: 'connecting',
    tail: Buffer.alloc(0),
    sentAt: [],
    responses: 0,
    windowResponses: 0,
    settled: undefined,
  };
  return c;
}

function sendRequests(c, count) {
  if (!sending || count === 0 || c.state === 'dead') return;
  const t = process.hrtime.bigint();
  c.socket.write(count === 1 ? REQUEST : Buffer.concat(Array(count).fill(REQUEST)));
  for (let i = 0; i < count; i++) c.sentAt.push(t);
}

function onLine(c, buf, start, end) {
  if (end - start >= 4 && buf.toString('latin1', start, start + 4) === 'ERR ') {
    errors.err_line++;
    return;
  }
  if (c.state === 'banner') {
    if (buf.toString('latin1', start, start + 7) === 'Welcome') {
      c.state = 'ready';
      greeted++;
      c.settled?.();
    }
    return;
  }
  if (buf.toString('latin1', start, start + 7) !== 'Hello, ' || c.sentAt.length === 0) return;
  const t = process.hrtime.bigint();
  const sent = c.sentAt.shift();
  c.responses++;
  if (t >= windowStart && t < windowEnd) {
    latencies.push(Number(t - sent));
    c.windowResponses++;
  }
}

function connect(c) {
  return new Promise((resolve) => {
    c.settled = resolve;
    const socket = net.connect({ host: opts.host, port: opts.port, noDelay: true });
    c.socket = socket;
    socket.on('connect', () => {
      c.state = 'banner';
    });
    socket.on('data', (chunk) => {
      const buf = c.tail.length ? Buffer.concat([c.tail, chunk]) : chunk;
      const before = c.sentAt.length;
      let start = 0;
      for (let lf = buf.indexOf(LF); lf !== -1; lf = buf.indexOf(LF, start)) {
        onLine(c, buf, start, lf);
        start = lf + 1;
      }
      c.tail = buf.subarray(start);
      if (c.state === 'running' && c.sentAt.length < before) {
        sendRequests(c, before - c.sentAt.length);
      }
    });
    socket.on('error', () => {
      if (c.state === 'connecting') errors.connect++;
      else errors.reset++;
      c.state = 'dead';
      resolve();
    });
    socket.on('end', () => {
      if (c.state !== 'dead') errors.eof++;
      c.state = 'dead';
      socket.destroy();
      resolve();
    });
  });
}

async function openAll(deadlineMs) {
  const conns = Array.from({ length: opts.conns }, makeConn);
  const t0 = performance.now();
  // At most 256 connects in flight, as the C load generator does.
  let next = 0;
  const worker = async () => {
    while (next < conns.length) await connect(conns[next++]);
  };
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, Math.max(0, deadlineMs - performance.now()));
  });
  await Promise.race([Promise.all(Array.from({ length: 256 }, worker)), timeout]);
  clearTimeout(timer);
  for (const c of conns) {
    if (c.state === 'connecting' || c.state === 'banner') {
      errors.timeout++;
      c.state = 'dead';
      c.socket?.destroy();
    }
  }
  return { conns, greetMs: performance.now() - t0 };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.round(p * (sorted.length - 1))] / 1000;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function errorsJson() {
  const total = Object.values(errors).reduce((a, b) => a + b, 0);
  return { errors: total, error_kinds: errors };
}

async function runLoad() {
  const { conns, greetMs } = await openAll(performance.now() + opts.timeout * 1000);
  const t0 = process.hrtime.bigint();
  windowStart = t0 + BigInt(Math.round(opts.warmup * 1e9));
  windowEnd = windowStart + BigInt(Math.round(opts.duration * 1e9));
  for (const c of conns) {
    if (c.state !== 'ready') continue;
    c.state = 'running';
    sendRequests(c, opts.depth);
  }
  await sleep(opts.warmup * 1000);
  process.stderr.write('window-start\n');
  const cpu0 = cpuMs();
  await sleep(opts.duration * 1000);
  const cpu1 = cpuMs();
  process.stderr.write('window-end\n');
  sending = false;
  const drainUntil = performance.now() + 2000;
  while (conns.some((c) => c.state === 'running' && c.sentAt.length > 0)) {
    if (performance.now() > drainUntil) break;
    await sleep(5);
  }
  const sorted = Float64Array.from(latencies).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  const windowResponses = conns.map((c) => c.windowResponses);
  const result = {
    mode: opts.mode,
    conns: opts.conns,
    depth: opts.depth,
    duration_s: opts.duration,
    greeted,
    greet_ms: greetMs,
    messages: sorted.length,
    msgs_per_s: sorted.length / opts.duration,
    p50_us: percentile(sorted, 0.5),
    p99_us: percentile(sorted, 0.99),
    p999_us: percentile(sorted, 0.999),
    max_us: sorted.length ? sorted[sorted.length - 1] / 1000 : 0,
    mean_us: sorted.length ? sum / sorted.length / 1000 : 0,
    starved_conns: windowResponses.filter((n) => n === 0).length,
    min_conn_msgs: Math.min(...windowResponses),
    loadgen_cpu_ms: cpu1 - cpu0,
    ...errorsJson(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

async function runCapacity() {
  const cpu0 = cpuMs();
  const deadline = performance.now() + opts.timeout * 1000;
  const { conns, greetMs } = await openAll(deadline);
  windowStart = 0n;
  windowEnd = BigInt(Number.MAX_SAFE_INTEGER) * 1000n;
  for (const c of conns) {
    if (c.state !== 'ready') continue;
    c.state = 'running';
    sendRequests(c, 1);
  }
  sending = false;
  while (conns.some((c) => c.state === 'running' && c.sentAt.length > 0)) {
    if (performance.now() > deadline) break;
    await sleep(10);
  }
  for (const c of conns) if (c.state === 'running' && c.sentAt.length > 0) errors.timeout++;
  const sorted = Float64Array.from(latencies).sort();
  const result = {
    mode: 'capacity',
    conns: opts.conns,
    greeted,
    served: conns.filter((c) => c.responses > 0).length,
    open: conns.filter((c) => c.state !== 'dead').length,
    greet_ms: greetMs,
    p50_us: percentile(sorted, 0.5),
    p99_us: percentile(sorted, 0.99),
    loadgen_cpu_ms: cpuMs() - cpu0,
    ...errorsJson(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Hold every connection until the harness closes our stdin (or sends a line).
  await new Promise((resolve) => {
    process.stdin.once('data', resolve);
    process.stdin.once('end', resolve);
    process.stdin.resume();
  });
  for (const c of conns) c.socket?.destroy();
  process.exit(0);
}

if (!opts.port) {
  process.stderr.write('loadgen: need --port\n');
  process.exit(2);
}
await (opts.mode === 'capacity' ? runCapacity() : runLoad());
