// Server rows: tcpchat, the naive Node port and the C ceiling under the same load, interleaved.
import { fileURLToPath } from 'node:url';
import { memoryMb, cpuMs } from './proc.mjs';
import { startServer } from './spawn-server.mjs';
import { runLoad, runCapacity } from './loadgen.mjs';
import { median, rotate, sum } from './stats.mjs';

const naiveServer = fileURLToPath(new URL('../baselines/naive-server.mjs', import.meta.url));
const floorServer = fileURLToPath(new URL('../baselines/floor-server.mjs', import.meta.url));

/** The load rows; `smoke` keeps every code path but shrinks them to fractions of a second. */
export function serverRows(smoke) {
  const c = smoke ? [1, 4, 8, 4] : [1, 50, 500, 50];
  return [
    { id: `closed-${c[0]}`, label: `closed-loop, ${c[0]} conn`, mode: 'closed', conns: c[0] },
    { id: `closed-${c[1]}`, label: `closed-loop, ${c[1]} conns`, mode: 'closed', conns: c[1] },
    { id: `closed-${c[2]}`, label: `closed-loop, ${c[2]} conns`, mode: 'closed', conns: c[2] },
    {
      id: `pipelined-${c[3]}`,
      label: `pipelined ×16, ${c[3]} conns`,
      mode: 'pipelined',
      conns: c[3],
      depth: 16,
    },
  ];
}

/** The servers as commands; the C one only when it was built. */
export function serverKinds({ cliPath, epollPath, epollNote }) {
  return [
    {
      name: 'tcpchat',
      argv: [process.execPath, cliPath, 'serve', '--port', '0', '--max-clients', '20000'].concat([
        '--idle-timeout',
        '0',
      ]),
    },
    { name: 'naive-node', argv: [process.execPath, naiveServer, '0'] },
    // Reference only (no target): Node's own floor per message, see the file.
    { name: 'node-floor', argv: [process.execPath, floorServer, '0'] },
    { name: 'c-epoll', argv: epollPath ? [epollPath, '0'] : undefined, note: epollNote },
  ];
}

async function startAll(kinds, logDir, notes) {
  const started = [];
  for (const kind of kinds) {
    if (!kind.argv) {
      notes.push(`${kind.name} skipped: ${kind.note}`);
      continue;
    }
    try {
      started.push(await startServer({ ...kind, logPath: `${logDir}/${kind.name}.log` }));
    } catch (error) {
      notes.push(`${kind.name} unavailable: ${error.message}`);
    }
  }
  return started;
}

function alive(server) {
  return cpuMs(server.pid) !== undefined;
}

/** Runs every load row for `rounds` rounds, alternating which server goes first. */
async function loadRows({ kinds, rows, settings, loadgen, logDir, notes, log }) {
  const servers = await startAll(kinds, logDir, notes);
  const runs = [];
  try {
    for (let round = 0; round < settings.rounds; round++) {
      for (const [i, row] of rows.entries()) {
        for (const server of rotate(servers, round + i)) {
          if (!alive(server)) continue;
          const report = await runLoad(loadgen, server, {
            ...row,
            warmup: settings.warmup,
            duration: settings.duration,
            timeout: settings.timeout,
          });
          const crashed = !alive(server);
          if (crashed) notes.push(`${server.name} died during ${row.id} round ${round + 1}`);
          runs.push({ row: row.id, server: server.name, round: round + 1, crashed, ...report });
          log(
            `  ${row.id.padEnd(13)} ${server.name.padEnd(10)} round ${round + 1}: ` +
              `${Math.round(report.msgs_per_s)} msg/s, p99 ${Math.round(report.p99_us)} µs, ` +
              `${report.errors} errors`,
          );
        }
      }
    }
  } finally {
    for (const server of servers) await server.stop();
  }
  return { runs, fdLimits: Object.fromEntries(servers.map((s) => [s.name, s.fdLimit])) };
}

function summarize(runs, rows, kinds) {
  const out = [];
  for (const row of rows) {
    for (const kind of kinds) {
      const rs = runs.filter((r) => r.row === row.id && r.server === kind.name);
      if (rs.length === 0) continue;
      const m = (key) => median(rs.map((r) => r[key]));
      out.push({
        row: row.id,
        label: row.label,
        server: kind.name,
        rounds: rs.length,
        msgs_per_s: m('msgs_per_s'),
        p50_us: m('p50_us'),
        p99_us: m('p99_us'),
        p999_us: m('p999_us'),
        max_us: Math.max(...rs.map((r) => r.max_us)),
        errors: sum(rs.map((r) => r.errors)),
        crashed: rs.some((r) => r.crashed),
        starved_conns: Math.max(...rs.map((r) => r.starved_conns)),
        server_cpu_pct: m('server_cpu_pct'),
        // CPU time per answered line: steadier than msg/s when other work shares the machine.
        server_cpu_us_per_msg: median(rs.map((r) => (r.server_cpu_ms * 1000) / r.messages)),
        server_user_us_per_msg: median(rs.map((r) => (r.server_user_ms * 1000) / r.messages)),
        server_sys_us_per_msg: median(rs.map((r) => (r.server_sys_ms * 1000) / r.messages)),
        loadgen_cpu_pct: m('loadgen_cpu_pct'),
      });
    }
  }
  return out;
}

/**
 * tcpchat against each baseline, round by round (the runs of one round are seconds apart, so
 * a per-round ratio cancels most of the drift of a shared machine), then the median.
 */
function roundRatios(runs, rows) {
  const out = [];
  const pick = (row, server, round) =>
    runs.find((r) => r.row === row && r.server === server && r.round === round);
  for (const row of rows) {
    for (const baseline of ['naive-node', 'node-floor', 'c-epoll']) {
      const perRound = { msgs_per_s: [], p99_us: [] };
      for (const round of new Set(runs.map((r) => r.round))) {
        const t = pick(row.id, 'tcpchat', round);
        const b = pick(row.id, baseline, round);
        if (!t || !b) continue;
        perRound.msgs_per_s.push(t.msgs_per_s / b.msgs_per_s);
        perRound.p99_us.push(t.p99_us / b.p99_us);
      }
      if (perRound.msgs_per_s.length === 0) continue;
      out.push({
        row: row.id,
        baseline,
        msgs_per_s: median(perRound.msgs_per_s),
        p99_us: median(perRound.p99_us),
        rounds: perRound,
      });
    }
  }
  return out;
}

/** Holds `conns` connections on a fresh server of each kind; reads its memory meanwhile. */
async function capacityRows({ kinds, settings, loadgen, logDir, notes, log }) {
  const out = [];
  for (const kind of kinds) {
    const [server] = await startAll([kind], logDir, notes);
    if (!server) continue;
    try {
      const before = memoryMb(server.pid);
      const cpu0 = cpuMs(server.pid);
      const report = await runCapacity(
        loadgen,
        server,
        { conns: settings.capacityConns, timeout: settings.capacityTimeout },
        async () => {
          const first = memoryMb(server.pid);
          // Let lazily freed buffers and a GC settle, then take the larger reading.
          await new Promise((resolve) => setTimeout(resolve, settings.capacitySettleMs));
          const second = memoryMb(server.pid);
          return {
            rss_mb: Math.max(first.rssMb ?? 0, second.rssMb ?? 0),
            hwm_mb: second.hwmMb,
            server_cpu_ms: cpuMs(server.pid) - cpu0,
          };
        },
      );
      const crashed = !alive(server);
      if (crashed) notes.push(`${server.name} died during the capacity run`);
      if (server.fdLimit < settings.capacityConns + 100) {
        notes.push(
          `${server.name}: open-files limit ${server.fdLimit} is below ${settings.capacityConns} connections (hard limit)`,
        );
      }
      out.push({ server: server.name, idle_rss_mb: before.rssMb, crashed, ...report });
      log(
        `  capacity      ${server.name.padEnd(10)} greeted ${report.greeted}/${report.conns}, ` +
          `served ${report.served}, RSS ${report.rss_mb.toFixed(1)} MB`,
      );
    } finally {
      await server.stop();
    }
  }
  return out;
}

/** The whole server section. */
export async function serverBench(ctx) {
  const kinds = serverKinds(ctx);
  const rows = serverRows(ctx.smoke);
  ctx.log(
    `server: ${ctx.settings.rounds} round(s) of ${rows.length} rows × ${kinds.length} servers`,
  );
  const { runs, fdLimits } = await loadRows({ ...ctx, kinds, rows });
  const capacity = ctx.settings.capacityConns > 0 ? await capacityRows({ ...ctx, kinds }) : [];
  return {
    rows: summarize(runs, rows, kinds),
    ratios: roundRatios(runs, rows),
    runs,
    capacity,
    fdLimits,
  };
}
