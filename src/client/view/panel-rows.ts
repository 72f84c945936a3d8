import { formatUptime } from '../../shared/duration.js';
import { plural } from '../../shared/plural.js';
import { formatTarget } from '../../shared/target.js';
import type { ConnectionSnapshot, ConnectionStats } from '../connection/connection-types.js';
import { initialChatView, type ChatView } from '../state/chat-tracker.js';
import { nickColor, type NickColor } from './nick-color.js';
import { describeStatus, type StatusColor } from './status-line.js';
import { formatBytes, formatCount, formatMs } from './units.js';
import { wrapLine, wrapWords } from './wrap.js';

/** The side panel: the connection at a glance, as rows that fit its width. */

/** One labelled value of the side panel (an empty label continues the field above). */
export interface PanelField {
  readonly label: string;
  readonly value: string;
  /** A value that needs attention (an unverified certificate) stands out. */
  readonly color?: StatusColor;
}

/** `in 41 days`, `in 5 hours`, `expired 3 days ago`: how long a certificate has left. */
export function formatExpiry(validTo: number | undefined, now: number): string {
  if (validTo === undefined) return '–';
  const left = validTo - now;
  const days = Math.floor(Math.abs(left) / 86_400_000);
  const span =
    days >= 1
      ? plural(days, 'day')
      : plural(Math.max(1, Math.floor(Math.abs(left) / 3_600_000)), 'hour');
  return left >= 0 ? `in ${span}` : `expired ${span} ago`;
}

/** The TLS session's fields: protocol, cipher, who the certificate is for and from, expiry. */
function tlsFields(snapshot: ConnectionSnapshot, now: number): PanelField[] {
  const tls = snapshot.tls;
  if (tls === undefined) return [{ label: 'tls', value: '–' }];
  const fields: PanelField[] = [
    { label: 'tls', value: tls.protocol.replace(/^TLSv/, 'TLS ') },
    { label: 'cipher', value: tls.cipher },
    { label: 'cert', value: tls.subject },
    { label: 'issuer', value: tls.issuer },
    {
      label: 'expires',
      value: formatExpiry(tls.validTo, now),
      color:
        tls.validTo !== undefined && tls.validTo - now < 14 * 86_400_000 ? 'yellow' : undefined,
    },
  ];
  fields.push(
    tls.verified
      ? { label: 'verified', value: 'yes', color: 'green' }
      : {
          label: 'verified',
          value: `NO (--insecure)${tls.unverifiedReason === undefined ? '' : `: ${tls.unverifiedReason}`}`,
          color: 'red',
        },
  );
  return fields;
}

/** `3 s ago`, or `–` before the first reply. */
function ago(at: number | undefined, now: number): string {
  return at === undefined ? '–' : `${formatUptime(Math.max(0, now - at))} ago`;
}

/** UDP has no connection: what went each way and when the server last answered. */
function udpFields(snapshot: ConnectionSnapshot, now: number): PanelField[] {
  const { stats } = snapshot;
  return [
    { label: 'server', value: formatTarget(snapshot.target) },
    { label: 'peer', value: snapshot.remoteAddress ?? '–' },
    { label: 'local', value: snapshot.localAddress ?? '–' },
    { label: 'transport', value: 'udp' },
    ...encodingField(snapshot),
    { label: 'last reply', value: ago(stats.lastReceivedAt, now) },
    { label: 'rtt', value: formatMs(stats.lastRttMs) },
    { label: 'avg rtt', value: formatMs(stats.avgRttMs) },
    ...traffic(
      'datagram',
      stats.linesSent,
      stats.bytesSent,
      stats.datagramsReceived,
      stats.bytesReceived,
    ),
  ];
}

/** The encoding, when it is not UTF-8. */
function encodingField(snapshot: ConnectionSnapshot): PanelField[] {
  return snapshot.encoding === 'utf-8' ? [] : [{ label: 'encoding', value: snapshot.encoding }];
}

/** What went each way: a count of `unit`s and the bytes, under `sent` and `received`. */
function traffic(
  unit: string,
  sent: number,
  bytesSent: number,
  received: number,
  bytesReceived: number,
): PanelField[] {
  return [
    { label: 'sent', value: plural(sent, unit, formatCount) },
    { label: '', value: formatBytes(bytesSent) },
    { label: 'received', value: plural(received, unit, formatCount) },
    { label: '', value: formatBytes(bytesReceived) },
  ];
}

/** Seconds a request has gone unanswered, once it is at least a second: UDP drops silently. */
export function unansweredSeconds(snapshot: ConnectionSnapshot, now: number): number | undefined {
  const since = snapshot.stats.unansweredSince;
  if (since === undefined) return undefined;
  const seconds = Math.floor((now - since) / 1000);
  return seconds >= 1 ? seconds : undefined;
}

/** The side panel's fields below the status, in order. */
export function panelFields(snapshot: ConnectionSnapshot, now: number): PanelField[] {
  if (snapshot.transport === 'udp') return udpFields(snapshot, now);
  const { status, stats } = snapshot;
  const fields: PanelField[] = [
    { label: 'server', value: formatTarget(snapshot.target) },
    { label: 'resolved', value: snapshot.remoteAddress ?? '–' },
    { label: 'local', value: snapshot.localAddress ?? '–' },
    { label: 'mode', value: snapshot.embedded ? 'embedded server' : 'remote' },
    ...encodingField(snapshot),
    ...(snapshot.transport === 'tls' ? tlsFields(snapshot, now) : []),
    ...(snapshot.telnet === undefined
      ? []
      : [{ label: 'telnet', value: snapshot.telnet.serverEcho ? 'on, server echoes' : 'on' }]),
    {
      label: 'up for',
      value: status.type === 'connected' ? formatUptime(now - status.since) : '–',
    },
    { label: 'rtt', value: formatMs(stats.lastRttMs) },
    { label: 'avg rtt', value: formatMs(stats.avgRttMs) },
    { label: 'queued', value: formatCount(snapshot.queued) },
    { label: 'reconnects', value: formatCount(stats.reconnects) },
    ...traffic('line', stats.linesSent, stats.bytesSent, stats.linesReceived, stats.bytesReceived),
  ];
  return fields;
}

/** One row of the side panel: an optional dim label, then text, all within the panel. */
export interface PanelRow {
  readonly label: string;
  readonly text: string;
  readonly color: StatusColor | NickColor | undefined;
  readonly bold: boolean;
}

const LABEL_WIDTH = 9;

/** Fewest member rows shown when the panel is short (the counters below give way first). */
const MIN_MEMBER_ROWS = 3;

/**
 * The chat section while you are in a room: your nick, the room, its members (yours in bold),
 * cut to `room` rows with `+N more`.
 */
function chatRows(chat: ChatView, width: number, room: number): PanelRow[] {
  if (chat.nick === undefined || chat.room === undefined) return [];
  const own = chat.nick;
  const rows: PanelRow[] = [
    {
      label: 'nick'.padEnd(LABEL_WIDTH),
      text: fit(own, width - LABEL_WIDTH),
      color: nickColor(own),
      bold: true,
    },
    {
      label: 'room'.padEnd(LABEL_WIDTH),
      text: fit(chat.room, width - LABEL_WIDTH),
      color: undefined,
      bold: true,
    },
    {
      label: 'members'.padEnd(LABEL_WIDTH),
      text: String(chat.members.length),
      color: undefined,
      bold: false,
    },
  ];
  const members = chat.members;
  const shown = members.length <= room ? members.length : Math.max(0, room - 1);
  for (const name of members.slice(0, shown)) {
    rows.push({
      label: '  ',
      text: fit(name, width - 2),
      color: nickColor(name),
      bold: name === own,
    });
  }
  if (shown < members.length) {
    rows.push({ label: '  ', text: `+${members.length - shown} more`, color: 'gray', bold: false });
  }
  rows.push({ label: '', text: '', color: undefined, bold: false });
  return rows;
}

/** The first row of `text` wrapped to `width` columns (a name is never split over rows). */
function fit(text: string, width: number): string {
  return wrapLine(text, Math.max(1, width))[0] ?? '';
}

/**
 * The side panel as rows of at most `width` columns: title, status (attempt and reason below
 * it), the chat section while in a room, then the fields, long values wrapped under their
 * label. `height` is the panel's: the member list gets what the rest leaves.
 */
export function panelRows(
  snapshot: ConnectionSnapshot,
  now: number,
  width: number,
  chat: ChatView = initialChatView,
  height = Infinity,
): PanelRow[] {
  const status = describeStatus(snapshot.status, now, snapshot.transport);
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
  // What the connection cannot say by its status: UDP's silence, an unreachable port.
  const silent = unansweredSeconds(snapshot, now);
  if (snapshot.transport === 'udp' && silent !== undefined) {
    for (const text of wrapWords(`no reply for ${silent} s`, width)) rows.push(row(text, 'yellow'));
  }
  if (snapshot.unsent > 0) {
    // The server reads slower than we send (a big paste): how much is still on its way.
    const left = `sending… ${formatBytes(snapshot.unsent)} left`;
    for (const text of wrapWords(left, width)) rows.push(row(text, 'yellow'));
  }
  if (snapshot.trouble !== undefined) {
    for (const text of wrapWords(snapshot.trouble, width)) rows.push(row(text, 'red'));
  }
  rows.push(row(''));
  const fields: PanelRow[] = [];
  const valueWidth = Math.max(1, width - LABEL_WIDTH);
  for (const field of panelFields(snapshot, now)) {
    // A label longer than the column (`reconnects`) takes the room it needs.
    const label =
      field.label.length < LABEL_WIDTH ? field.label.padEnd(LABEL_WIDTH) : `${field.label} `;
    const first = Math.max(1, width - label.length);
    const [head = '', ...rest] = wrapLine(field.value, first);
    fields.push(row(head, field.color, false, label));
    for (const text of rest.length > 0 ? wrapLine(rest.join(''), valueWidth) : []) {
      fields.push(row(text, field.color, false, ' '.repeat(LABEL_WIDTH)));
    }
  }
  // Members get the rows the counters leave, but always a few: the counters give way.
  const fixed = rows.length + fields.length + 5; // nick, room, members, a blank, +N more
  const room = Math.max(MIN_MEMBER_ROWS, height - fixed);
  return [...rows, ...chatRows(chat, width, room), ...fields];
}

/** What the side panel is drawn from (its props). */
export interface PanelInput {
  readonly snapshot: ConnectionSnapshot;
  /** The chat you are in, if any: a section with your nick, the room and its members. */
  readonly chat?: ChatView | undefined;
  readonly width: number;
  readonly height: number;
  /** The time the countdown and uptime are measured to. */
  readonly now: number;
}

/** The counters that move with every read from the server. */
const READ_COUNTERS: ReadonlySet<keyof ConnectionStats> = new Set([
  'linesReceived',
  'bytesReceived',
  'datagramsReceived',
  'lastReceivedAt',
  'unansweredSince',
] as const);

/**
 * Whether the panel must be drawn again to show `next` rather than `shown`. The counters of
 * what the server sent move with every read: they are drawn as of the clock's tick (`now`,
 * twice a second), not in every frame of a busy stream. Anything else (the status, the queue,
 * what you sent, round trips) is drawn at once, with the pane's frame.
 */
export function panelChanged(shown: PanelInput, next: PanelInput): boolean {
  if (
    shown.now !== next.now ||
    shown.width !== next.width ||
    shown.height !== next.height ||
    shown.chat !== next.chat
  ) {
    return true;
  }
  const a = shown.snapshot;
  const b = next.snapshot;
  if (a === b) return false;
  for (const key of Object.keys(b) as (keyof ConnectionSnapshot)[]) {
    if (key !== 'stats' && a[key] !== b[key]) return true;
  }
  if (a.stats === b.stats) return false;
  for (const key of Object.keys(b.stats) as (keyof ConnectionStats)[]) {
    if (!READ_COUNTERS.has(key) && a.stats[key] !== b.stats[key]) return true;
  }
  return false;
}
