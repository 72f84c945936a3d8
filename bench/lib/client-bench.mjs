// Client rows: start-up, a 1,000,000-line flood (vs `cat` of the same bytes), keystroke echo
// during the flood, memory with full scrollback, and the cost of one frame vs scrollback size.
// Everything runs the real `dist/cli.js connect` in a pseudo-terminal parsed by a headless xterm.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { floodBytes, floodLine } from './flood-data.mjs';
import { cpuNs, cpuSplitNs, memoryMb } from './proc.mjs';
import { spawnScreen } from './pty-screen.mjs';
import { startServer } from './spawn-server.mjs';
import { median, percentile } from './stats.mjs';

const floodServer = fileURLToPath(new URL('./flood-server.mjs', import.meta.url));
const COLS = 120;
const ROWS = 32;
// The echo probe: typed into the input box, never part of the flood (digits, lowercase).
const PROBE = '@';
const BACKSPACE = '\x7f';
const CTRL_C = '\x03';
const KEYS_BEFORE_CLEAR = 20;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first frame: the alternate screen is up and something is drawn on it. */
const firstFrame = (s) => s.isAlternate() && s.text().trim() !== '';

function startClient(ctx, port, extraArgs = []) {
  return spawnScreen(
    process.execPath,
    [ctx.cliPath, 'connect', `127.0.0.1:${port}`, '--no-reconnect', ...extraArgs],
    { cols: COLS, rows: ROWS, cwd: ctx.root },
  );
}

async function withFloodServer(ctx, lines, fn, extra = []) {
  const server = await startServer({
    name: `flood-server-${lines}`,
    argv: [process.execPath, floodServer, '--lines', String(lines), '--banner', ...extra],
    logPath: `${ctx.logDir}/flood-server.log`,
  });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

/** Launch → first frame of tcpchat vs launch → exit of `node -e 0`, alternated. */
async function startup(ctx) {
  return withFloodServer(ctx, 0, async (server) => {
    const nodeMs = [];
    const tcpchatMs = [];
    for (let i = 0; i < ctx.settings.startupRuns; i++) {
      const bare = spawnScreen(process.execPath, ['-e', '0'], { cols: COLS, rows: ROWS });
      await bare.exited;
      nodeMs.push(performance.now() - bare.startedAt);
      await bare.close();

      const app = startClient(ctx, server.port);
      const at = await app.waitFor(firstFrame, { timeoutMs: 20_000, what: 'the first frame' });
      tcpchatMs.push(at - app.startedAt);
      await app.close(CTRL_C);
    }
    const node_ms = median(nodeMs);
    const tcpchat_ms = median(tcpchatMs);
    return {
      node_ms,
      tcpchat_ms,
      ratio: tcpchat_ms / node_ms,
      runs: { node: nodeMs, tcpchat: tcpchatMs },
    };
  });
}

/**
 * Types PROBE keys one at a time until `stop()` says so, timing each from the write until
 * xterm shows one more PROBE on screen; clears the input with Backspace every few keys.
 */
async function probeEcho(app, { intervalMs, stop, timeoutMs = 10_000 }) {
  const samples = [];
  const timeouts = [];
  const baseline = app.screen.count(PROBE);
  let typed = 0;
  let clears = 0;
  // At least one key, even when the flood beat the first frame (tiny smoke floods).
  do {
    const sentAt = performance.now();
    app.write(PROBE);
    typed++;
    const want = baseline + typed;
    try {
      const at = await app.waitFor((s) => s.count(PROBE) >= want, { timeoutMs, what: 'key echo' });
      samples.push(at - sentAt);
    } catch {
      timeouts.push(timeoutMs);
      samples.push(timeoutMs);
      break;
    }
    if (typed === KEYS_BEFORE_CLEAR) {
      app.write(BACKSPACE.repeat(typed));
      typed = 0;
      clears++;
      await app
        .waitFor((s) => s.count(PROBE) <= baseline, { timeoutMs, what: 'cleared input' })
        .catch(() => {});
    }
    const wait = intervalMs - (performance.now() - sentAt);
    if (wait > 0) await sleep(wait);
  } while (!stop());
  return { samples, timeouts: timeouts.length, clears };
}

function floodFile(ctx, lines) {
  const path = `${ctx.logDir}/../flood-${lines}.txt`;
  const bytes = floodBytes(lines);
  if (!existsSync(path) || statSync(path).size !== bytes.length) writeFileSync(path, bytes);
  return path;
}

/** `cat` of the flood bytes in the same kind of pty: launch → last line on screen. */
async function catFlood(ctx, lines) {
  const path = floodFile(ctx, lines);
  const last = floodLine(lines);
  // `-` keeps cat reading the pty after the file: node-pty drops output still in flight when
  // the child exits, so cat must outlive the check (Ctrl+D ends it).
  const cat = spawnScreen('cat', [path, '-'], { cols: COLS, rows: ROWS });
  const at = await cat.waitFor((s) => s.text().includes(last), {
    hint: last,
    timeoutMs: 300_000,
    what: 'the last line from cat',
  });
  await cat.close('\x04');
  return at - cat.startedAt;
}

/** tcpchat connected to a flood server: last line on screen, echo during the flood, memory. */
async function tcpchatFlood(ctx, lines) {
  return withFloodServer(ctx, lines, async (server) => {
    const app = startClient(ctx, server.port, ['--scrollback', String(ctx.settings.scrollback)]);
    const last = floodLine(lines);
    let done = false;
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, memoryMb(app.pid).rssMb ?? 0);
    }, 100);
    try {
      const lastSeen = app.waitFor((s) => s.text().includes(last), {
        hint: last,
        timeoutMs: 600_000,
        what: 'the last flood line in tcpchat',
      });
      lastSeen.then(
        () => (done = true),
        () => (done = true),
      );
      await app.waitFor(firstFrame, { timeoutMs: 20_000, what: 'the first frame' });
      const probing = probeEcho(app, {
        intervalMs: ctx.settings.floodEchoIntervalMs,
        stop: () => done,
      });
      const at = await lastSeen;
      const echo = await probing;
      // Give the client a moment to settle, then read its memory with full scrollback.
      await sleep(500);
      const mem = memoryMb(app.pid);
      return {
        ms: at - app.startedAt,
        echo,
        rss_mb: mem.rssMb,
        hwm_mb: Math.max(mem.hwmMb ?? 0, peakRss),
        output_bytes: app.bytes,
      };
    } finally {
      clearInterval(sampler);
      await app.close(CTRL_C);
    }
  });
}

function hasNc() {
  try {
    execFileSync('sh', ['-c', 'command -v nc'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `nc` from the same flood server, where the machine has one (for reference only). */
async function ncFlood(ctx, lines) {
  return withFloodServer(ctx, lines, async (server) => {
    const last = floodLine(lines);
    const nc = spawnScreen('nc', ['127.0.0.1', String(server.port)], { cols: COLS, rows: ROWS });
    const at = await nc.waitFor((s) => s.text().includes(last), {
      hint: last,
      timeoutMs: 300_000,
      what: 'the last line from nc',
    });
    await nc.close();
    return at - nc.startedAt;
  });
}

async function flood(ctx) {
  const lines = ctx.settings.floodLines;
  const cat1 = await catFlood(ctx, lines);
  const app = await tcpchatFlood(ctx, lines);
  const cat2 = await catFlood(ctx, lines);
  const cat_ms = median([cat1, cat2]);
  const nc_ms = !ctx.smoke && hasNc() ? await ncFlood(ctx, lines) : undefined;
  const samples = app.echo.samples;
  return {
    lines,
    scrollback: ctx.settings.scrollback,
    cat_ms,
    cat_runs_ms: [cat1, cat2],
    nc_ms,
    tcpchat_ms: app.ms,
    ratio: app.ms / cat_ms,
    tcpchat_output_bytes: app.output_bytes,
    echo_samples: samples.length,
    echo_timeouts: app.echo.timeouts,
    echo_p50_ms: percentile(samples, 0.5),
    echo_p99_ms: percentile(samples, 0.99),
    echo_max_ms: samples.length ? Math.max(...samples) : undefined,
    client_rss_mb: app.rss_mb,
    client_hwm_mb: app.hwm_mb,
  };
}

/**
 * The cost of one frame with `lines` lines of scrollback, at rest: the client's CPU time (all
 * threads, from schedstat) per keystroke frame after warm-up keys, less what it burns idle
 * over the same time (clock ticks), plus the echo latencies for reference.
 */
export async function frameAt(ctx, lines) {
  return withFloodServer(ctx, lines, async (server) => {
    const app = startClient(ctx, server.port, ['--scrollback', String(Math.max(lines, 100))]);
    try {
      await app.waitFor((s) => s.text().includes(floodLine(lines)), {
        hint: floodLine(lines),
        timeoutMs: 300_000,
        what: `the last of ${lines} lines`,
      });
      // Unmeasured keys first: after 1,000 lines the keystroke path is still cold in the JIT,
      // after 100,000 the flood's frames have warmed it, and that is not what is compared.
      let warm = 0;
      await probeEcho(app, { intervalMs: 0, stop: () => ++warm >= ctx.settings.frameSamples });
      await sleep(ctx.settings.frameIdleMs / 2);
      const idle0 = { cpu: cpuNs(app.pid), at: performance.now() };
      await sleep(ctx.settings.frameIdleMs);
      const idle1 = { cpu: cpuNs(app.pid), at: performance.now() };
      const idleNsPerMs = (idle1.cpu - idle0.cpu) / (idle1.at - idle0.at);
      let n = 0;
      const echo = await probeEcho(app, {
        intervalMs: 0,
        stop: () => ++n >= ctx.settings.frameSamples,
      });
      const busy = { cpu: cpuNs(app.pid), at: performance.now() };
      const keys = echo.samples.length;
      // Each burst of Backspaces that clears the input is one more frame.
      const frames = keys + echo.clears;
      const cpuNsPerFrame = (busy.cpu - idle1.cpu - idleNsPerMs * (busy.at - idle1.at)) / frames;
      return { cpu_ms: cpuNsPerFrame / 1e6, keys, frames, echo_ms: echo.samples };
    } finally {
      await app.close(CTRL_C);
    }
  });
}

async function frame(ctx) {
  const small_lines = ctx.smoke ? 100 : 1_000;
  const big_lines = ctx.settings.scrollback;
  // Alternate small, big, small, big: the machine is shared and noisy.
  const small = [];
  const big = [];
  for (let round = 0; round < ctx.settings.frameRounds; round++) {
    small.push(await frameAt(ctx, small_lines));
    big.push(await frameAt(ctx, big_lines));
  }
  const small_ms = median(small.map((r) => r.cpu_ms));
  const big_ms = median(big.map((r) => r.cpu_ms));
  return {
    method:
      'client CPU per keystroke frame after warm-up keys (one full Ink frame), idle CPU subtracted',
    small_lines,
    big_lines,
    small_ms,
    big_ms,
    ratio: big_ms / small_ms,
    small_echo_ms: median(small.flatMap((r) => r.echo_ms)),
    big_echo_ms: median(big.flatMap((r) => r.echo_ms)),
    rounds: { small, big },
  };
}

/** CPU, its split between threads, and frames of `app` so far (for a window's difference). */
function usage(app) {
  return { cpu: cpuNs(app.pid), split: cpuSplitNs(app.pid), frames: app.frames };
}

/** Per-frame figures of a window between two `usage` readings. */
function perFrame(from, to) {
  const frames = to.frames - from.frames;
  const ms = (a, b) =>
    a !== undefined && b !== undefined && frames > 0 ? (b - a) / 1e6 / frames : undefined;
  return {
    frames,
    cpu_ms: (to.cpu - from.cpu) / 1e6,
    cpu_ms_per_frame: ms(from.cpu, to.cpu),
    // Where the CPU went: the main thread, or V8's own threads (mostly its compiler).
    main_thread_ms_per_frame: ms(from.split?.main, to.split?.main),
    other_threads_ms_per_frame: ms(from.split?.others, to.split?.others),
  };
}

/**
 * A busy chat room: 200 coloured `<nick> text` lines a second while the harness types. Measured
 * twice: over its first 30 s, from the client's start (the target's window, V8 compiling the
 * hot code as it goes), and over the 30 s after that (warm). CPU per frame is the client's CPU
 * over a window divided by the frames Ink wrote in it.
 */
async function busyRoom(ctx) {
  const rate = 200;
  const seconds = ctx.smoke ? 2 : 30;
  const args = ['--room-rate', String(rate), '--room-seconds', String(2 * seconds)];
  return withFloodServer(
    ctx,
    0,
    async (server) => {
      const app = startClient(ctx, server.port);
      try {
        await app.waitFor((s) => s.text().includes('*** #busy: '), {
          timeoutMs: 20_000,
          what: 'the room',
        });
        let done = false;
        const end = app.waitFor((s) => s.text().includes('*** room done'), {
          hint: '*** room done',
          timeoutMs: (2 * seconds + 60) * 1000,
          what: 'the end of the room',
        });
        end.then(
          () => (done = true),
          () => (done = true),
        );
        const at0 = performance.now();
        const start = usage(app);
        const echo = await probeEcho(app, {
          intervalMs: ctx.settings.echoIntervalMs,
          stop: () => done || performance.now() - at0 >= seconds * 1000,
        });
        const half = usage(app);
        const wall_ms = performance.now() - at0;
        await probeEcho(app, { intervalMs: ctx.settings.echoIntervalMs, stop: () => done });
        await end;
        const warm = perFrame(half, usage(app));
        return {
          rate,
          seconds,
          wall_ms,
          ...perFrame(start, half),
          warm_frames: warm.frames,
          warm_cpu_ms_per_frame: warm.cpu_ms_per_frame,
          warm_main_thread_ms_per_frame: warm.main_thread_ms_per_frame,
          warm_other_threads_ms_per_frame: warm.other_threads_ms_per_frame,
          echo_samples: echo.samples.length,
          echo_p50_ms: percentile(echo.samples, 0.5),
          echo_p99_ms: percentile(echo.samples, 0.99),
          echo_max_ms: echo.samples.length ? Math.max(...echo.samples) : undefined,
        };
      } finally {
        await app.close(CTRL_C);
      }
    },
    args,
  );
}

async function attempt(ctx, name, fn) {
  ctx.log(`client: ${name}`);
  try {
    return await fn(ctx);
  } catch (error) {
    ctx.notes.push(`client ${name} not measured: ${error.message}`);
    return { note: `not measured: ${error.message}` };
  }
}

/** The whole client section. */
export async function clientBench(ctx) {
  if (!existsSync(ctx.cliPath)) {
    ctx.notes.push(`client rows skipped: ${ctx.cliPath} is missing (run npm run build)`);
    return undefined;
  }
  return {
    cols: COLS,
    rows: ROWS,
    startup: await attempt(ctx, 'start-up', startup),
    flood: await attempt(ctx, 'flood', flood),
    frame: await attempt(ctx, 'frame cost', frame),
    room: await attempt(ctx, 'busy room', busyRoom),
  };
}
