// Turns the raw figures into the targets table and the detail tables (Markdown).

const fmt = (n, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (n) => (n === undefined ? '–' : `${n.toFixed(2)}×`);
const ms = (us) => (us === undefined ? '–' : `${fmt(us / 1000, us < 10_000 ? 2 : 1)} ms`);

/** A target where bigger is better. */
function atLeast(figure, target, value, measured) {
  if (value === undefined) return { figure, target: `≥ ${target}×`, measured, met: undefined };
  const met = value >= target;
  const miss = met ? '' : `: needs ${fmt((target / value - 1) * 100)}% more`;
  return { figure, target: `≥ ${target}×`, measured, met, verdict: met ? 'met' : `missed${miss}` };
}

/** A target where smaller is better. */
function atMost(figure, target, value, measured, unit = '') {
  if (value === undefined)
    return { figure, target: `≤ ${target}${unit}`, measured, met: undefined };
  const met = value <= target;
  const miss = met ? '' : ` by ${fmt((value / target - 1) * 100)}%`;
  return {
    figure,
    target: `≤ ${target}${unit}`,
    measured,
    met,
    verdict: met ? 'met' : `missed${miss}`,
  };
}

function exactly(figure, target, ok, measured) {
  return {
    figure,
    target,
    measured,
    met: ok,
    verdict: ok === undefined ? undefined : ok ? 'met' : 'missed',
  };
}

function serverTargets(server, rowIds) {
  const out = [];
  if (!server) return out;
  const get = (row, name) => server.rows.find((r) => r.row === row && r.server === name);
  const ratioOf = (row, baseline, metric) =>
    server.ratios.find((r) => r.row === row && r.baseline === baseline)?.[metric];
  const [, fifty, fiveHundred, piped] = rowIds;
  for (const row of [fifty, piped]) {
    const t = get(row, 'tcpchat');
    const n = get(row, 'naive-node');
    const c = get(row, 'c-epoll');
    const label = server.rows.find((r) => r.row === row)?.label ?? row;
    const r1 = ratioOf(row, 'naive-node', 'msgs_per_s');
    out.push(
      atLeast(
        `${label}: tcpchat ÷ naive Node, msg/s`,
        1.2,
        r1,
        t && n ? `${ratio(r1)} (${fmt(t.msgs_per_s)} vs ${fmt(n.msgs_per_s)})` : 'not measured',
      ),
    );
    const r2 = ratioOf(row, 'c-epoll', 'msgs_per_s');
    out.push(
      atLeast(
        `${label}: tcpchat ÷ C epoll, msg/s`,
        0.75,
        r2,
        t && c ? `${ratio(r2)} (${fmt(t.msgs_per_s)} vs ${fmt(c.msgs_per_s)})` : 'not measured',
      ),
    );
  }
  const t = get(fiveHundred, 'tcpchat');
  const c = get(fiveHundred, 'c-epoll');
  const label = server.rows.find((r) => r.row === fiveHundred)?.label ?? fiveHundred;
  out.push(
    exactly(
      `${label}: tcpchat errors; connections never answered`,
      '0; 0',
      t ? t.errors === 0 && t.starved_conns === 0 && !t.crashed : undefined,
      t ? `${t.errors}; ${t.starved_conns}${t.crashed ? ' (server died)' : ''}` : 'not measured',
    ),
  );
  const r = ratioOf(fiveHundred, 'c-epoll', 'p99_us');
  out.push(
    atMost(
      `${label}: tcpchat p99 ÷ C epoll p99`,
      2,
      r,
      t && c ? `${ratio(r)} (${ms(t.p99_us)} vs ${ms(c.p99_us)})` : 'not measured',
      '×',
    ),
  );
  const cap = server.capacity.find((x) => x.server === 'tcpchat');
  if (cap || server.capacityConns > 0) {
    const n = server.capacityConns;
    out.push(
      exactly(
        `capacity ${fmt(n)}: tcpchat connections greeted (and answered)`,
        `${fmt(n)}`,
        cap ? cap.greeted === n && cap.served === n && cap.errors === 0 : undefined,
        cap ? `${fmt(cap.greeted)} (${fmt(cap.served)})` : 'not measured',
      ),
    );
    out.push(
      atMost(
        `capacity ${fmt(n)}: tcpchat server RSS`,
        150,
        cap?.rss_mb,
        cap ? `${fmt(cap.rss_mb, 1)} MB (peak ${fmt(cap.hwm_mb, 1)} MB)` : 'not measured',
        ' MB',
      ),
    );
  }
  return out;
}

function clientTargets(client) {
  const out = [];
  if (!client) return out;
  const s = client.startup;
  if (s) {
    out.push(
      atMost(
        'start-up to first frame ÷ `node -e 0`',
        2.8,
        s.ratio,
        s.ratio === undefined
          ? (s.note ?? 'not measured')
          : `${ratio(s.ratio)} (${fmt(s.tcpchat_ms, 1)} ms vs ${fmt(s.node_ms, 1)} ms)`,
        '×',
      ),
    );
  }
  const f = client.flood;
  if (f) {
    const lines = fmt(f.lines);
    out.push(
      atMost(
        `flood ${lines} lines: last line on screen ÷ \`cat\``,
        0.8,
        f.ratio,
        f.ratio === undefined
          ? (f.note ?? 'not measured')
          : `${ratio(f.ratio)} (${fmt(f.tcpchat_ms)} ms vs ${fmt(f.cat_ms)} ms)`,
        '×',
      ),
    );
    out.push(
      atMost(
        'keystroke echo p50 during the flood',
        20,
        f.echo_p50_ms,
        f.echo_p50_ms === undefined ? (f.note ?? 'not measured') : `${fmt(f.echo_p50_ms, 1)} ms`,
        ' ms',
      ),
    );
    out.push(
      atMost(
        'keystroke echo p99 during the flood',
        40,
        f.echo_p99_ms,
        f.echo_p99_ms === undefined
          ? (f.note ?? 'not measured')
          : `${fmt(f.echo_p99_ms, 1)} ms (${f.echo_samples} keys, max ${fmt(f.echo_max_ms, 1)} ms)`,
        ' ms',
      ),
    );
    out.push(
      atMost(
        `client peak RSS, ${fmt(f.scrollback)} lines of scrollback`,
        120,
        f.client_hwm_mb,
        f.client_hwm_mb === undefined
          ? (f.note ?? 'not measured')
          : `${fmt(f.client_hwm_mb, 1)} MB (after: ${fmt(f.client_rss_mb, 1)} MB)`,
        ' MB',
      ),
    );
  }
  const fr = client.frame;
  if (fr) {
    out.push(
      atMost(
        `frame with ${fmt(fr.big_lines)} lines of scrollback ÷ with ${fmt(fr.small_lines)}`,
        1.1,
        fr.ratio,
        fr.ratio === undefined
          ? (fr.note ?? 'not measured')
          : `${ratio(fr.ratio)} (${fmt(fr.big_ms, 2)} vs ${fmt(fr.small_ms, 2)} ms CPU per frame)`,
        '×',
      ),
    );
    const worst = Math.max(fr.small_ms ?? NaN, fr.big_ms ?? NaN);
    out.push(
      atMost(
        `CPU per keystroke frame, ${fmt(fr.small_lines)} and ${fmt(fr.big_lines)} lines of scrollback`,
        2.5,
        Number.isNaN(worst) ? undefined : worst,
        Number.isNaN(worst)
          ? (fr.note ?? 'not measured')
          : `${fmt(fr.small_ms, 2)} / ${fmt(fr.big_ms, 2)} ms`,
        ' ms',
      ),
    );
  }
  const room = client.room;
  if (room) {
    const label = `busy room (${room.rate ?? 200} coloured lines/s for ${room.seconds ?? 30} s)`;
    out.push(
      atMost(
        `${label}: CPU per frame`,
        2.5,
        room.cpu_ms_per_frame,
        room.cpu_ms_per_frame === undefined
          ? (room.note ?? 'not measured')
          : `${fmt(room.cpu_ms_per_frame, 2)} ms (${fmt(room.frames)} frames, ${fmt(room.cpu_ms)} ms CPU)`,
        ' ms',
      ),
    );
    out.push(
      atMost(
        `${label}: keystroke echo p99`,
        40,
        room.echo_p99_ms,
        room.echo_p99_ms === undefined
          ? (room.note ?? 'not measured')
          : `${fmt(room.echo_p99_ms, 1)} ms (p50 ${fmt(room.echo_p50_ms, 1)} ms, ${room.echo_samples} keys)`,
        ' ms',
      ),
    );
  }
  return out;
}

/** Every target with its verdict. */
/** The chat targets of the issue: tcpchat against ngircd and its own classroom figures. */
function chatTargets(chat) {
  const out = [];
  if (!chat?.rows?.length) return out;
  const get = (scenario, server) =>
    chat.rows.find((r) => r.scenario === scenario && r.server === server);
  const ratioOf = (a, b, key) => (a && b && b[key] > 0 ? a[key] / b[key] : undefined);
  const done = (r) => (r ? `${fmt(r.received)} of ${fmt(r.expected)} deliveries` : '–');
  const room = get('classroom', 'tcpchat');
  if (room) {
    const ng = get('classroom', 'ngircd');
    out.push(exactly('classroom: tcpchat completes', 'complete', room.complete, done(room)));
    out.push(
      atMost(
        'classroom: tcpchat p99 ÷ ngircd p99',
        1.0,
        ratioOf(room, ng, 'p99_us'),
        `${ms(room.p99_us)} vs ${ms(ng?.p99_us)}`,
        '×',
      ),
    );
    out.push(
      atMost(
        `classroom: ${fmt(room.clients)} joins`,
        1000,
        room.join_ms,
        `${fmt(room.join_ms)} ms`,
        ' ms',
      ),
    );
  }
  const sat = get('saturate', 'tcpchat');
  if (sat) {
    const ng = get('saturate', 'ngircd (no penalty)');
    out.push(
      exactly(
        'saturate: complete, no line corrupted',
        'complete, 0',
        sat.complete && sat.corrupted === 0,
        `${done(sat)}, ${fmt(sat.corrupted)} corrupted`,
      ),
    );
    out.push(
      atLeast(
        'saturate: deliveries/s ÷ ngircd (no penalty)',
        1.0,
        ratioOf(sat, ng, 'deliveries_per_s'),
        `${fmt(sat.deliveries_per_s)} vs ${fmt(ng?.deliveries_per_s)}`,
      ),
    );
  }
  const stalled = get('stalled', 'tcpchat');
  if (stalled) {
    out.push(exactly('stalled reader: complete', 'complete', stalled.complete, done(stalled)));
    out.push(
      atMost(
        "stalled reader: others' p99 ÷ classroom p99",
        1.1,
        ratioOf(stalled, room, 'p99_us'),
        `${ms(stalled.p99_us)} vs ${ms(room?.p99_us)}`,
        '×',
      ),
    );
  }
  const flood = get('flood-stalled', 'tcpchat');
  if (flood) {
    const ng = get('flood-stalled', 'ngircd (no penalty)');
    out.push(
      exactly('flood past a stalled reader: complete', 'complete', flood.complete, done(flood)),
    );
    out.push(
      atLeast(
        'flood past a stalled reader: rate ÷ ngircd (no penalty)',
        1.0,
        ratioOf(flood, ng, 'deliveries_per_s'),
        `${fmt(flood.deliveries_per_s)} vs ${fmt(ng?.deliveries_per_s)}`,
      ),
    );
    out.push(
      exactly(
        'flood past a stalled reader: stalled client dropped and told why',
        'yes',
        flood.stalled_dropped === 1 && flood.stalled_told === 1,
        `dropped ${flood.stalled_dropped}, told ${flood.stalled_told}`,
      ),
    );
    // 2 × --max-sendq (256 KiB) + 10 MB.
    out.push(
      atMost(
        'flood past a stalled reader: server RSS growth',
        10.5,
        flood.rss_growth_mb,
        `${fmt(flood.rss_growth_mb, 1)} MB`,
        ' MB',
      ),
    );
  }
  return out;
}

/** The cluster targets: cross-server latency against one server alone, in the same run. */
function clusterTargets(cluster) {
  const out = [];
  if (!cluster?.rows?.length) return out;
  const alone = cluster.rows.find((r) => r.id === 'alone');
  const two = cluster.rows.find((r) => r.id === 'classroom-2');
  if (two) {
    out.push(
      exactly(
        '2 nodes classroom: every line once, in order',
        'complete',
        two.complete && two.misordered === 0,
        `${fmt(two.received)} of ${fmt(two.expected)}, ${two.misordered} out of order`,
      ),
    );
  }
  if (alone && two) {
    const bound = 2 * alone.p99_us + 1000;
    out.push(
      atMost(
        '2 nodes classroom: cross-node p99 ÷ (2 × alone p99 + 1 ms)',
        1,
        two.cross_p99_us / bound,
        `${ms(two.cross_p99_us)} vs ${ms(bound)} (alone p99 ${ms(alone.p99_us)})`,
        '×',
      ),
    );
  }
  return out;
}

export function targets(results) {
  return [
    ...serverTargets(results.server, results.serverRowIds ?? []),
    ...clientTargets(results.client),
    ...chatTargets(results.chat),
    ...clusterTargets(results.cluster),
  ];
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The Markdown printed at the end of a run. */
export function markdown(results) {
  const parts = [];
  const ts = targets(results);
  parts.push(
    table(
      ['figure', 'target', 'measured', 'met?'],
      ts.map((t) => [t.figure, t.target, t.measured, t.verdict ?? 'not measured']),
    ),
  );
  if (results.server) {
    parts.push(
      table(
        [
          'load',
          'server',
          'msg/s',
          'p50',
          'p99',
          'p99.9',
          'errors',
          'server CPU',
          'server CPU per msg',
          'loadgen CPU',
        ],
        results.server.rows.map((r) => [
          r.label,
          r.server,
          fmt(r.msgs_per_s),
          ms(r.p50_us),
          ms(r.p99_us),
          ms(r.p999_us),
          `${r.errors}${r.starved_conns ? ` (${r.starved_conns} starved)` : ''}${r.crashed ? ' (died)' : ''}`,
          `${fmt(r.server_cpu_pct)}%`,
          `${fmt(r.server_cpu_us_per_msg, 1)} µs (${fmt(r.server_user_us_per_msg, 1)} user)`,
          `${fmt(r.loadgen_cpu_pct)}%`,
        ]),
      ),
    );
    if (results.server.ratios?.length) {
      const rowIds = [...new Set(results.server.ratios.map((r) => r.row))];
      const get = (row, baseline, metric) =>
        results.server.ratios.find((r) => r.row === row && r.baseline === baseline)?.[metric];
      const label = (row) => results.server.rows.find((r) => r.row === row)?.label ?? row;
      parts.push(
        table(
          [
            'tcpchat ÷ (median of rounds)',
            'naive Node msg/s',
            'Node floor msg/s',
            'C epoll msg/s',
            'p99 ÷ C p99',
          ],
          rowIds.map((row) => [
            label(row),
            ratio(get(row, 'naive-node', 'msgs_per_s')),
            ratio(get(row, 'node-floor', 'msgs_per_s')),
            ratio(get(row, 'c-epoll', 'msgs_per_s')),
            ratio(get(row, 'c-epoll', 'p99_us')),
          ]),
        ),
      );
    }
    if (results.server.capacity.length) {
      parts.push(
        table(
          [
            'capacity',
            'server',
            'greeted',
            'answered',
            'RSS',
            'peak RSS',
            'idle RSS',
            'time to greet all',
            'errors',
          ],
          results.server.capacity.map((c) => [
            fmt(c.conns),
            c.server,
            fmt(c.greeted),
            fmt(c.served),
            `${fmt(c.rss_mb, 1)} MB`,
            `${fmt(c.hwm_mb, 1)} MB`,
            `${fmt(c.idle_rss_mb, 1)} MB`,
            `${fmt(c.greet_ms)} ms`,
            String(c.errors),
          ]),
        ),
      );
    }
  }
  const c = results.client;
  if (c?.startup?.ratio !== undefined || c?.flood?.ratio !== undefined) {
    const rows = [];
    if (c.startup?.ratio !== undefined) {
      rows.push([
        'start-up (launch → first frame)',
        `${fmt(c.startup.tcpchat_ms)} ms`,
        `node -e 0: ${fmt(c.startup.node_ms)} ms`,
      ]);
    }
    if (c.flood?.ratio !== undefined) {
      const nc = c.flood.nc_ms === undefined ? '' : `; nc: ${fmt(c.flood.nc_ms)} ms`;
      rows.push([
        `flood ${fmt(c.flood.lines)} lines → last on screen`,
        `${fmt(c.flood.tcpchat_ms)} ms`,
        `cat: ${fmt(c.flood.cat_ms)} ms${nc}`,
      ]);
      rows.push([
        'keystroke echo during the flood',
        `p50 ${fmt(c.flood.echo_p50_ms, 1)} ms, p99 ${fmt(c.flood.echo_p99_ms, 1)} ms`,
        `${c.flood.echo_samples} keys, ${c.flood.echo_timeouts} unanswered`,
      ]);
    }
    if (c.frame?.ratio !== undefined) {
      rows.push([
        `frame CPU, ${fmt(c.frame.small_lines)} / ${fmt(c.frame.big_lines)} lines`,
        `${fmt(c.frame.small_ms, 2)} / ${fmt(c.frame.big_ms, 2)} ms`,
        `echo at rest (typing back to back): ${fmt(c.frame.small_echo_ms, 1)} / ${fmt(c.frame.big_echo_ms, 1)} ms`,
      ]);
    }
    if (c.room?.cpu_ms_per_frame !== undefined) {
      rows.push([
        `busy room, ${fmt(c.room.rate)} lines/s for ${fmt(c.room.seconds)} s`,
        `${fmt(c.room.cpu_ms_per_frame, 2)} ms CPU per frame; echo p50 ${fmt(c.room.echo_p50_ms, 1)} / p99 ${fmt(c.room.echo_p99_ms, 1)} ms`,
        `${fmt(c.room.frames)} frames, ${fmt(c.room.cpu_ms)} ms CPU in ${fmt(c.room.wall_ms / 1000, 1)} s` +
          (c.room.main_thread_ms_per_frame === undefined
            ? ''
            : `; main thread ${fmt(c.room.main_thread_ms_per_frame, 2)}, V8's other threads ${fmt(c.room.other_threads_ms_per_frame, 2)} ms per frame`) +
          (c.room.warm_cpu_ms_per_frame === undefined
            ? ''
            : `; the ${fmt(c.room.seconds)} s after (warm): ${fmt(c.room.warm_cpu_ms_per_frame, 2)} ms per frame (main ${fmt(c.room.warm_main_thread_ms_per_frame, 2)}, others ${fmt(c.room.warm_other_threads_ms_per_frame, 2)})`),
      ]);
    }
    parts.push(table(['client', 'tcpchat', 'baseline / note'], rows));
  }
  if (results.chat?.rows?.length) {
    parts.push(
      table(
        [
          'chat scenario',
          'server',
          'complete',
          'deliveries/s',
          'p50',
          'p99',
          'joins',
          'corrupted',
          'server CPU / 1,000 deliveries',
          'loadgen CPU',
          'server RSS peak (growth)',
          'stalled',
        ],
        results.chat.rows.map((r) => [
          r.label,
          r.server,
          `${r.complete ? 'yes' : 'no'} (${fmt(r.received)} / ${fmt(r.expected)})`,
          fmt(r.deliveries_per_s),
          ms(r.p50_us),
          ms(r.p99_us),
          `${fmt(r.join_ms)} ms`,
          fmt(r.corrupted),
          `${fmt(r.server_cpu_ms_per_1000, 2)} ms`,
          `${fmt(r.loadgen_cpu_s, 2)} s`,
          `${fmt(r.rss_peak_mb, 1)} MB (+${fmt(r.rss_growth_mb, 1)})`,
          r.stalled ? `dropped ${r.stalled_dropped}, told ${r.stalled_told}` : '–',
        ]),
      ),
    );
  }
  if (results.cluster?.rows?.length) {
    const rb = results.cluster.redis_benchmark;
    const sustained = results.cluster.rows
      .filter((r) => r.id === 'ramp' && r.complete && r.p99_us <= 50_000)
      .at(-1);
    parts.push(
      table(
        [
          'cluster load',
          'complete',
          'deliveries/s',
          'p50',
          'p99',
          'cross-node p50 / p99',
          'same-node p99',
          'server CPU (each)',
          'server RSS peak (each)',
          'loadgen CPU',
        ],
        results.cluster.rows.map((r) => [
          r.label,
          `${r.complete ? 'yes' : 'no'} (${fmt(r.received)} / ${fmt(r.expected)}${r.misordered ? `, ${r.misordered} out of order` : ''})`,
          fmt(r.deliveries_per_s),
          ms(r.p50_us),
          ms(r.p99_us),
          r.cross_p99_us === undefined ? '–' : `${ms(r.cross_p50_us)} / ${ms(r.cross_p99_us)}`,
          r.same_p99_us === undefined ? '–' : ms(r.same_p99_us),
          r.server_cpu_ms.map((c) => `${fmt(c)} ms`).join(', '),
          r.rss_peak_mb.map((m) => `${fmt(m, 1)} MB`).join(', '),
          `${fmt(r.loadgen_cpu_s, 2)} s`,
        ]),
      ),
    );
    parts.push(
      [
        `- Highest room rate on 2 nodes with every line delivered and p99 ≤ 50 ms: ${sustained ? `${fmt(sustained.room_msgs_per_s)} msg/s (${fmt(sustained.deliveries_per_s)} deliveries/s; Redis ran ${fmt(sustained.redis_xadd_per_s)} XADD/s, as a read's lines share one entry)` : 'none of the steps'}.`,
        rb
          ? `- redis-benchmark on the same redis-server (50 clients, no pipelining): PUBLISH ${fmt(rb.publish_per_s)}/s, XADD ${fmt(rb.xadd_per_s)}/s.`
          : '- redis-benchmark: not measured.',
      ].join('\n'),
    );
  }
  const method = [
    'Server ratios are medians of per-round ratios (each round runs every server once, in rotating order).',
    'node-floor (bench/baselines/floor-server.mjs) answers without parsing: the least any Node `net` server pays per message; it has no target.',
    'Client figures come from the real `dist/cli.js` in a 120×32 pseudo-terminal parsed by @xterm/headless.',
  ];
  parts.push([...method, ...results.notes].map((n) => `- ${n}`).join('\n'));
  return `${parts.join('\n\n')}\n`;
}
