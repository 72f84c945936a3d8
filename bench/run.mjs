// `npm run bench`: measures the tcpchat server and client against their baselines in one run,
// prints a Markdown table of targets and writes the raw figures to bench/results/<date>.json.
//
//   node bench/run.mjs [--smoke] [--only server|client|chat|cluster] [--rounds N] [--duration S] [--out DIR]
//
// --smoke shrinks every row to a fraction of a second (and skips the 10,000-connection and
// 1,000,000-line rows) so `npm test` can run the whole harness without timing anything.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDir, buildNative, compilerVersion } from './lib/native.mjs';
import { loadgenArgv } from './lib/loadgen.mjs';
import { serverBench, serverRows } from './lib/server-bench.mjs';
import { clientBench } from './lib/client-bench.mjs';
import { chatBench } from './lib/chat-bench.mjs';
import { clusterBench } from './lib/cluster-bench.mjs';
import { markdown, targets } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    duration: { type: 'string' },
    out: { type: 'string' },
  },
});
if (args.only && !['server', 'client', 'chat', 'cluster'].includes(args.only)) {
  process.stderr.write('bench: --only must be "server", "client", "chat" or "cluster"\n');
  process.exit(2);
}

// Exit through process.exit so the 'exit' hooks kill every server and pty child we started.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

const smoke = args.smoke;
const settings = smoke
  ? {
      rounds: 1,
      warmup: 0.05,
      duration: 0.15,
      timeout: 10,
      capacityConns: 20,
      capacityTimeout: 10,
      capacitySettleMs: 50,
      startupRuns: 1,
      floodLines: 2_000,
      scrollback: 1_000,
      echoIntervalMs: 50,
      floodEchoIntervalMs: 50,
      frameSamples: 3,
      frameRounds: 1,
      frameIdleMs: 200,
    }
  : {
      rounds: 5,
      warmup: 0.3,
      duration: 2,
      timeout: 30,
      capacityConns: 10_000,
      capacityTimeout: 60,
      capacitySettleMs: 1_000,
      startupRuns: 10,
      floodLines: 1_000_000,
      scrollback: 100_000,
      echoIntervalMs: 100,
      // The flood is over in well under a second: keys come faster there, for enough samples.
      floodEchoIntervalMs: 25,
      frameSamples: 60,
      frameRounds: 3,
      frameIdleMs: 2_000,
    };
if (args.rounds) settings.rounds = Number(args.rounds);
if (args.duration) settings.duration = Number(args.duration);

const log = (line) => process.stderr.write(`${line}\n`);
const notes = [];
const logDir = `${buildDir}/logs`;
mkdirSync(logDir, { recursive: true });

function git(...argv) {
  try {
    return execFileSync('git', argv, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

const loadgenBuild = buildNative('loadgen');
const epollBuild = buildNative('epoll-server');
const chatgenBuild = buildNative('chatgen');
if (!loadgenBuild.path) {
  notes.push(
    `native load generator unavailable (${loadgenBuild.note}): using the Node fallback, which may be the bottleneck`,
  );
}

const results = {
  date: new Date().toISOString(),
  smoke,
  commit: git('rev-parse', '--short', 'HEAD'),
  dirty: (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '',
  machine: {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    cc: compilerVersion(),
    loadgen: loadgenBuild.path ? 'native (bench/c/loadgen.c)' : 'node fallback',
    // Other work on a shared machine shows up here; it is the first suspect for odd figures.
    loadavg_start: os.loadavg(),
  },
  settings,
  serverRowIds: serverRows(smoke).map((r) => r.id),
  notes,
};

// Measure a private copy of the build: other people rebuilding dist/ in the same checkout
// mid-run would otherwise swap (or half-write) the code under test between rows.
// One copy per run, as runs (a smoke test in someone's `npm test`) may overlap.
const snapshot = `${buildDir}/dist-${process.pid}`;
if (existsSync(`${root}dist/cli.js`)) {
  cpSync(`${root}dist`, snapshot, { recursive: true });
  process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));
}

const ctx = {
  smoke,
  settings,
  notes,
  log,
  logDir,
  root,
  cliPath: `${snapshot}/cli.js`,
  loadgen: loadgenArgv(loadgenBuild.path),
  epollPath: epollBuild.path,
  epollNote: epollBuild.note,
  chatgenPath: chatgenBuild.path,
  chatgenNote: chatgenBuild.note,
};

const runs = (part) => args.only === undefined || args.only === part;
if (runs('server'))
  results.server = { ...(await serverBench(ctx)), capacityConns: settings.capacityConns };
if (runs('client')) results.client = await clientBench(ctx);
if (runs('chat')) results.chat = await chatBench(ctx);
if (runs('cluster')) results.cluster = await clusterBench(ctx);
results.machine.loadavg_end = os.loadavg();
// The end figure includes this run's own load; only the start says what else was running.
const before = results.machine.loadavg_start[0];
if (before > os.cpus().length * 0.5) {
  notes.push(
    `the machine was busy before the run started (1-minute load average ${before.toFixed(1)} on ${os.cpus().length} cores): expect noise`,
  );
}
// Several rows can hit the same cause (a missing compiler, a server that would not start).
results.notes = [...new Set(notes)];
results.targets = targets(results);

const outDir =
  args.out ?? (smoke ? mkdtempSync(`${os.tmpdir()}/tcpchat-bench-`) : `${root}bench/results`);
mkdirSync(outDir, { recursive: true });
// A partial run (--only) gets its own file: it must not replace the day's full figures.
const outFile = `${outDir}/${results.date.slice(0, 10)}${args.only ? `-${args.only}` : ''}${smoke ? '-smoke' : ''}.json`;
writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(markdown(results));
log(`raw figures: ${outFile}`);
