import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the whole benchmark harness in --smoke mode (every row shrunk to a fraction of a
// second) so it cannot rot. It asserts that every figure was measured, never how fast.

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = mkdtempSync(`${os.tmpdir()}/tcpchat-bench-smoke-`);

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
interface Results {
  smoke: boolean;
  notes: string[];
  machine: { cc: string | undefined };
  targets: Target[];
  server: { rows: ServerRow[]; capacity: { server: string; greeted: number; conns: number }[] };
  client: {
    startup: { ratio: number };
    flood: { ratio: number; echo_samples: number; client_hwm_mb: number };
    frame: { ratio: number; small_ms: number; big_ms: number };
  };
}

function runHarness(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/run.mjs', '--smoke', '--out', outDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run bench --smoke', () => {
  it(
    'measures every row and writes the table and the raw figures',
    { timeout: 180_000 },
    async () => {
      const run = await runHarness();
      expect(run.stderr).not.toContain('Error');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('| figure | target | measured | met? |');

      const files = readdirSync(outDir).filter((f) => f.endsWith('-smoke.json'));
      expect(files).toHaveLength(1);
      const results = JSON.parse(readFileSync(`${outDir}/${files[0]}`, 'utf8')) as Results;
      expect(results.smoke).toBe(true);

      // Every target got a figure (met or missed), none is "not measured".
      expect(results.targets.length).toBe(13);
      for (const t of results.targets) {
        expect(t.met, `${t.figure}: ${t.measured}`).toBeTypeOf('boolean');
        expect(run.stdout).toContain(t.figure);
      }

      // The C ceiling runs wherever there is a compiler; without one it is skipped with a note.
      const servers = results.machine.cc
        ? ['tcpchat', 'naive-node', 'node-floor', 'c-epoll']
        : ['tcpchat', 'naive-node', 'node-floor'];
      if (!results.machine.cc) expect(results.notes.join('\n')).toContain('c-epoll skipped');
      expect(new Set(results.server.rows.map((r) => r.row)).size).toBe(4);
      for (const server of servers) {
        const rows = results.server.rows.filter((r) => r.server === server);
        expect(rows).toHaveLength(4);
        for (const r of rows) {
          expect(r.msgs_per_s, `${server} ${r.row}`).toBeGreaterThan(0);
          expect(r.errors, `${server} ${r.row}`).toBe(0);
          expect(r.starved_conns, `${server} ${r.row}`).toBe(0);
        }
        const cap = results.server.capacity.find((c) => c.server === server);
        expect(cap?.greeted).toBe(cap?.conns);
      }

      const { startup, flood, frame } = results.client;
      for (const ratio of [startup.ratio, flood.ratio]) {
        expect(Number.isFinite(ratio) && ratio > 0).toBe(true);
      }
      // A handful of keys against an idle baseline: only that it was measured.
      expect(frame.small_ms).toBeTypeOf('number');
      expect(frame.big_ms).toBeTypeOf('number');
      expect(flood.echo_samples).toBeGreaterThan(0);
      expect(flood.client_hwm_mb).toBeGreaterThan(0);
    },
  );
});
