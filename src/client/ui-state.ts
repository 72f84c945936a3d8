import type { ConnectionSnapshot, ConnectionStatus } from './connection-types.js';
import { formatTarget } from '../target.js';
import { wrapLine, wrapWords } from './wrap.js';

/** How the connection is shown: pure functions of a snapshot and the current time. */

export type StatusColor = 'yellow' | 'green' | 'red' | 'gray';

export interface StatusLine {
  /** `connected`, `reconnecting in 4 s`, `error`... */
  readonly text: string;
  /** `attempt 2` while retrying. */
  readonly detail: string | undefined;
  /** Why the connection is down (`connection refused by 127.0.0.1:9999`). */
  readonly reason: string | undefined;
  readonly color: StatusColor;
}

/** `42 ms`, `1.3 s`: a round-trip time. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `45 s`, `12m 03s`, `2h 05m`: how long something has lasted. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m ${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${two(Math.floor(s / 60) % 60)}m`;
}

/** `512 B`, `3.4 KiB`, `12.0 MiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** `1,234,567`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Whole seconds left until `at`, never below 0 (rounded up: "in 1 s" until it happens). */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The status, coloured, with the attempt and the reason apart (the side panel stacks them). */
export function describeStatus(status: ConnectionStatus, now: number): StatusLine {
  switch (status.type) {
    case 'connecting':
      return {
        text: 'connecting',
        detail: status.attempt > 1 ? `attempt ${status.attempt}` : undefined,
        reason: undefined,
        color: 'yellow',
      };
    case 'connected':
      return { text: 'connected', detail: undefined, reason: undefined, color: 'green' };
    case 'reconnecting':
      return {
        text: `reconnecting in ${secondsUntil(status.retryAt, now)} s`,
        detail: `attempt ${status.attempt}`,
        reason: status.reason,
        color: 'yellow',
      };
    case 'disconnected':
      return { text: 'disconnected', detail: undefined, reason: status.reason, color: 'gray' };
    case 'error':
      return { text: 'error', detail: undefined, reason: status.reason, color: 'red' };
    default:
      return checkExhaustive(status);
  }
}

/** The status on one line: `reconnecting in 4 s (attempt 2): connection refused`. */
export function statusText(line: StatusLine, withReason = true): string {
  const detail = line.detail === undefined ? '' : ` (${line.detail})`;
  const reason = withReason && line.reason !== undefined ? `: ${line.reason}` : '';
  return `${line.text}${detail}${reason}`;
}

/** One labelled value of the side panel (an empty label continues the field above). */
export interface PanelField {
  readonly label: string;
  readonly value: string;
}

/** The side panel's fields below the status, in order. */
export function panelFields(snapshot: ConnectionSnapshot, now: number): PanelField[] {
  const { status, stats } = snapshot;
  const fields: PanelField[] = [
    { label: 'server', value: formatTarget(snapshot.target) },
    { label: 'resolved', value: snapshot.remoteAddress ?? '–' },
    { label: 'local', value: snapshot.localAddress ?? '–' },
    { label: 'mode', value: snapshot.embedded ? 'embedded server' : 'remote' },
    {
      label: 'up for',
      value: status.type === 'connected' ? formatDuration(now - status.since) : '–',
    },
    { label: 'rtt', value: formatMs(stats.lastRttMs) },
    { label: 'avg rtt', value: formatMs(stats.avgRttMs) },
    { label: 'queued', value: formatCount(snapshot.queued) },
    { label: 'reconnects', value: formatCount(stats.reconnects) },
    { label: 'sent', value: `${formatCount(stats.linesSent)} lines` },
    { label: '', value: formatBytes(stats.bytesSent) },
    { label: 'received', value: `${formatCount(stats.linesReceived)} lines` },
    { label: '', value: formatBytes(stats.bytesReceived) },
  ];
  return fields;
}

/** One row of the side panel: an optional dim label, then text, all within the panel. */
export interface PanelRow {
  readonly label: string;
  readonly text: string;
  readonly color: StatusColor | undefined;
  readonly bold: boolean;
}

const LABEL_WIDTH = 9;

/**
 * The side panel as rows of at most `width` columns: title, status (attempt and reason below
 * it), then the fields, long values wrapped under their label.
 */
export function panelRows(snapshot: ConnectionSnapshot, now: number, width: number): PanelRow[] {
  const status = describeStatus(snapshot.status, now);
  const row = (text: string, color?: StatusColor, bold = false, label = ''): PanelRow => ({
    label,
    text,
    color,
    bold,
  });
  const rows: PanelRow[] = [row('tcpchat', undefined, true)];
  for (const text of wrapWords(`● ${status.text}`, width)) rows.push(row(text, status.color, true));
  for (const extra of [status.detail, status.reason]) {
    if (extra === undefined) continue;
    for (const text of wrapWords(extra, width)) rows.push(row(text, status.color));
  }
  rows.push(row(''));
  const valueWidth = Math.max(1, width - LABEL_WIDTH);
  for (const field of panelFields(snapshot, now)) {
    // A label longer than the column (`reconnects`) takes the room it needs.
    const label =
      field.label.length < LABEL_WIDTH ? field.label.padEnd(LABEL_WIDTH) : `${field.label} `;
    const first = Math.max(1, width - label.length);
    const [head = '', ...rest] = wrapLine(field.value, first);
    rows.push(row(head, undefined, false, label));
    for (const text of rest.length > 0 ? wrapLine(rest.join(''), valueWidth) : []) {
      rows.push(row(text, undefined, false, ' '.repeat(LABEL_WIDTH)));
    }
  }
  return rows;
}

/** One key hint of the footer, long and short spellings. */
interface Hint {
  readonly long: string;
  readonly short: string;
}

const HINTS: readonly Hint[] = [
  { long: 'Ctrl+D send', short: '^D send' },
  { long: 'Enter new line', short: '⏎ newline' },
  { long: 'Ctrl+C quit', short: '^C quit' },
  { long: 'PgUp/PgDn scroll', short: 'PgUp/Dn scroll' },
  { long: 'Ctrl+T time', short: '^T time' },
  { long: 'Ctrl+R retry', short: '^R retry' },
];

/** The footer's key hints fitting `width` columns: long spellings if all fit, else short, else fewer. */
export function keyHints(width: number): string {
  const long = HINTS.map((h) => h.long).join(' · ');
  if (long.length <= width) return long;
  const short = HINTS.map((h) => h.short);
  while (short.length > 1 && short.join(' · ').length > width) short.pop();
  return short.join(' · ');
}

function checkExhaustive(value: never): never {
  throw new Error(`unhandled status: ${JSON.stringify(value)}`);
}
