import { formatUptime } from '../../shared/duration.js';
import { plural } from '../../shared/plural.js';
import { formatTarget } from '../../shared/target.js';
import type { ConnectionSnapshot } from '../connection/connection-types.js';
import { describeStatus, type StatusColor } from './status-line.js';
import { formatBytes, formatCount, formatMs } from './units.js';
import { wrapLine, wrapWords } from './wrap.js';

/** The side panel: the connection at a glance, as rows that fit its width. */

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
      value: status.type === 'connected' ? formatUptime(now - status.since) : '–',
    },
    { label: 'rtt', value: formatMs(stats.lastRttMs) },
    { label: 'avg rtt', value: formatMs(stats.avgRttMs) },
    { label: 'queued', value: formatCount(snapshot.queued) },
    { label: 'reconnects', value: formatCount(stats.reconnects) },
    { label: 'sent', value: plural(stats.linesSent, 'line', formatCount) },
    { label: '', value: formatBytes(stats.bytesSent) },
    { label: 'received', value: plural(stats.linesReceived, 'line', formatCount) },
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
