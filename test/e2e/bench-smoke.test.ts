import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_SERVER } from '../helpers/redis-server.js';

// Runs the benchmark harness in --smoke mode (every row shrunk to a fraction of a second) so it
// cannot rot. It asserts that every figure was measured and every row ran cleanly, never how
// fast anything was.

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDirs: string[] = [];

interface Target {
  figure: string;
  measured: string;
  met: boolean | undefined;
}
interface ServerRow {
  row: string;
  server: string;
  msgs_per_s: number;
  errors: number;
  starved_conns: number;
}
interface ChatRow {
  scenario: string;
  server: string;
  complete: boolean;
  corrupted: number;
  misordered: number;
  received: number;
}
interface Results {
  smoke: boolean;
  notes: string[];
  machine: { cc: string | undefined; loadgen: string };
  targets: Target[];
  server: { rows: ServerRow[]; capacity: { server: string; greeted: number; conns: number }[] };
  client?: {
    startup: { ratio: number };
    flood: { ratio: number; echo_samples: number; client_hwm_mb: number };
    frame: { small_ms: number; big_ms: number };
    room: { frames: number; warm_frames: number; echo_samples: number };
  };
  chat?: { rows: ChatRow[] };
  cluster?: {
    rows: (Omit<ChatRow, 'scenario' | 'server'> & { id: string; cross_p99_us: number })[];
  };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  results: Results;
}

/** Runs `node bench/run.mjs --smoke ARGS` into a fresh directory and reads its JSON. */
function runHarness(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const outDir = mkdtempSync(`${os.tmpdir()}/tcpchat-bench-smoke-`);
  outDirs.push(outDir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/run.mjs', '--smoke', '--out', outDir, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      const files = readdirSync(outDir).filter((f) => f.endsWith('-smoke.json'));
      if (files.length !== 1) {
        reject(new Error(`expected one results file, got ${files.length}; stderr: ${stderr}`));
        return;
      }
      const results = JSON.parse(readFileSync(`${outDir}/${files[0]}`, 'utf8')) as Results;
      resolve({ code, stdout, stderr, results });
    });
  });
}

/** Every load row ran against each of `servers` without an error or an unanswered connection. */
function expectCleanServerRows(results: Results, servers: string[]): void {
  expect(new Set(results.server.rows.map((r) => r.row)).size).toBe(4);
  for (const server of servers) {
    const rows = results.server.rows.filter((r) => r.server === server);
    expect(rows, server).toHaveLength(4);
    for (const r of rows) {
      expect(r.msgs_per_s, `${server} ${r.row}`).toBeGreaterThan(0);
      expect(r.errors, `${server} ${r.row}`).toBe(0);
      expect(r.starved_conns, `${server} ${r.row}`).toBe(0);
    }
    const cap = results.server.capacity.find((c) => c.server === server);
    expect(cap?.greeted, server).toBe(cap?.conns);
  }
}

afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

describe('npm run bench --smoke', () => {
  it('measures every row and prints the table', { timeout: 180_000 }, async () => {
    const { code, stdout, results } = await runHarness([]);
    expect(code).toBe(0);
    expect(stdout).toContain('| figure | target | measured | met? |');
    expect(results.smoke).toBe(true);

    // Every target got a figure (met or missed); only the C comparisons may be missing, and
    // only where the machine has no compiler.
    // The chat comparisons with ngircd need the peers, which a smoke run leaves out; the
    // chat rows need the native chat load generator.
    const chatTargets = results.machine.cc ? 11 : 0;
    // The cluster rows need the chat load generator and a redis-server of their own.
    const clusterTargets = results.machine.cc && REDIS_SERVER !== undefined ? 2 : 0;
    expect(results.targets).toHaveLength(17 + chatTargets + clusterTargets);
    for (const t of results.targets) {
      expect(stdout).toContain(t.figure);
      const needsPeer = t.figure.includes('ngircd');
      if ((results.machine.cc || !t.figure.includes('C epoll')) && !needsPeer) {
        expect(t.met, `${t.figure}: ${t.measured}`).toBeTypeOf('boolean');
      }
    }
    if (results.machine.cc) {
      // Every chat scenario ran on tcpchat, every line arrived whole and in order.
      const chat = results.chat!.rows.filter((r) => r.server === 'tcpchat');
      expect(chat.map((r) => r.scenario)).toEqual([
        'classroom',
        'saturate',
        'stalled',
        'flood-stalled',
        'members-1000',
      ]);
      for (const r of chat) {
        expect(r.complete, r.scenario).toBe(true);
        expect([r.corrupted, r.misordered], r.scenario).toEqual([0, 0]);
      }
    }
    if (clusterTargets > 0) {
      const cluster = results.cluster!.rows;
      expect(cluster.map((r) => r.id)).toEqual(['alone', 'classroom-2', 'ramp']);
      for (const r of cluster) {
        expect(r.complete, r.id).toBe(true);
        expect([r.corrupted, r.misordered], r.id).toEqual([0, 0]);
      }
      expect(cluster[1]!.cross_p99_us).toBeGreaterThan(0);
    }

    const servers = ['tcpchat', 'naive-node', 'node-floor'];
    expectCleanServerRows(results, results.machine.cc ? [...servers, 'c-epoll'] : servers);

    const { startup, flood, frame, room } = results.client!;
    for (const ratio of [startup.ratio, flood.ratio]) {
      expect(Number.isFinite(ratio) && ratio > 0).toBe(true);
    }
    expect(flood.echo_samples).toBeGreaterThan(0);
    expect(flood.client_hwm_mb).toBeGreaterThan(0);
    // A handful of keys against an idle baseline: only that it was measured.
    expect(frame.small_ms).toBeTypeOf('number');
    expect(frame.big_ms).toBeTypeOf('number');
    // The room's two windows, from the start and warm: frames drawn in each, keys echoed.
    expect(room.frames).toBeGreaterThan(0);
    expect(room.warm_frames).toBeGreaterThan(0);
    expect(room.echo_samples).toBeGreaterThan(0);
  });

  it(
    'runs without a C compiler: Node load generator, no ceiling, a note saying so',
    {
      timeout: 120_000,
    },
    async () => {
      const { code, results } = await runHarness(['--only', 'server'], {
        ...process.env,
        BENCH_CC: '',
      });
      expect(code).toBe(0);
      expect(results.machine.cc).toBeUndefined();
      expect(results.machine.loadgen).toBe('node fallback');
      expect(results.notes.join('\n')).toContain('c-epoll skipped: no C compiler');
      expect(results.server.rows.some((r) => r.server === 'c-epoll')).toBe(false);
      expectCleanServerRows(results, ['tcpchat', 'naive-node', 'node-floor']);
    },
  );
});
