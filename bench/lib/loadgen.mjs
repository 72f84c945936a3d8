// Drives the load generator (native, or the Node fallback) and samples the server's CPU time
// over exactly the window the load generator measures.
import { fileURLToPath } from 'node:url';
import { cpuSplitMs } from './proc.mjs';
import { spawnLimited } from './spawn-server.mjs';

const fallback = fileURLToPath(new URL('./loadgen-node.mjs', import.meta.url));

/** The command line of the load generator: the native one when it was built. */
export function loadgenArgv(nativePath) {
  return nativePath ? [nativePath] : [process.execPath, fallback];
}

function optionArgs(o) {
  const args = ['--host', o.host, '--port', String(o.port), '--mode', o.mode];
  args.push('--conns', String(o.conns), '--depth', String(o.depth ?? 1));
  args.push('--warmup', String(o.warmup ?? 0.5), '--duration', String(o.duration ?? 2));
  args.push('--timeout', String(o.timeout ?? 30));
  return args;
}

function collectLines(stream, onLine) {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (text) => {
    buffered += text;
    let lf;
    while ((lf = buffered.indexOf('\n')) !== -1) {
      onLine(buffered.slice(0, lf));
      buffered = buffered.slice(lf + 1);
    }
  });
}

function exitOf(child) {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

/**
 * Runs one closed-loop or pipelined measurement against `server`; returns the load generator's
 * report plus the server's CPU use over the measured window.
 */
export async function runLoad(argv, server, o) {
  const child = spawnLimited(
    [...argv, ...optionArgs({ ...o, host: server.host, port: server.port })],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exit = exitOf(child);
  let report;
  const stderr = [];
  const marks = {};
  collectLines(child.stdout, (line) => {
    if (line.startsWith('{')) report = JSON.parse(line);
  });
  collectLines(child.stderr, (line) => {
    if (line === 'window-start' || line === 'window-end') {
      marks[line] = { at: performance.now(), serverCpu: cpuSplitMs(server.pid) };
    } else {
      stderr.push(line);
    }
  });
  const code = await exit;
  if (!report)
    throw new Error(`load generator failed (${code}): ${stderr.join(' ').slice(0, 300)}`);
  const start = marks['window-start'];
  const end = marks['window-end'];
  const measured = start?.serverCpu && end?.serverCpu;
  const windowMs = measured ? end.at - start.at : undefined;
  const serverUser = measured ? end.serverCpu.user - start.serverCpu.user : undefined;
  const serverSys = measured ? end.serverCpu.sys - start.serverCpu.sys : undefined;
  const serverCpu = measured ? serverUser + serverSys : undefined;
  return {
    ...report,
    server_cpu_ms: serverCpu,
    server_user_ms: serverUser,
    server_sys_ms: serverSys,
    server_cpu_pct: windowMs ? (100 * serverCpu) / windowMs : undefined,
    loadgen_cpu_pct: (100 * report.loadgen_cpu_ms) / (report.duration_s * 1000),
  };
}

/**
 * Opens `conns` connections to `server` and greets each; while they are all held open, calls
 * `whileHeld()` (to read the server's memory); returns the report and what `whileHeld` gave.
 */
export async function runCapacity(argv, server, o, whileHeld) {
  const child = spawnLimited(
    [...argv, ...optionArgs({ ...o, host: server.host, port: server.port, mode: 'capacity' })],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exit = exitOf(child);
  const stderr = [];
  collectLines(child.stderr, (line) => stderr.push(line));
  const report = await new Promise((resolve, reject) => {
    collectLines(child.stdout, (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line));
    });
    exit.then((code) =>
      reject(new Error(`load generator failed (${code}): ${stderr.join(' ').slice(0, 300)}`)),
    );
  });
  const held = await whileHeld();
  child.stdin.end('\n');
  await exit;
  return { ...report, ...held };
}
