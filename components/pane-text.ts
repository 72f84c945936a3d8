import chalk from 'chalk';
import type { PaneRow, RowStyle } from '../src/client/view/pane-rows.js';
import { displayWidth, wrapRows } from '../src/client/view/wrap.js';

/**
 * The output pane as one styled text, a line per row: what the rows' `<Text>` elements would
 * draw, styled by the same chalk calls in the same order as Ink's `<Text>` makes them. One
 * text node instead of half a dozen per row keeps React, layout and compositing off a
 * frame's path; rows are already wrapped to the pane, so Ink has nothing to wrap.
 */

type ColorName =
  | 'cyan'
  | 'yellow'
  | 'gray'
  | 'red'
  | 'magentaBright'
  | 'yellowBright'
  | 'green'
  | 'blue'
  | 'magenta'
  | 'greenBright'
  | 'blueBright'
  | 'cyanBright';

const COLORS: Record<RowStyle, ColorName | undefined> = {
  received: undefined,
  sent: 'cyan',
  queued: 'yellow',
  info: 'gray',
  warn: 'yellow',
  error: 'red',
  notice: 'gray',
  history: undefined,
  action: undefined,
  pm: 'magentaBright',
  mention: 'yellowBright',
};

interface Style {
  readonly color?: ColorName | undefined;
  readonly dim?: boolean;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
  readonly inverse?: boolean;
}

/** `text` as `<Text>` with these props styles it (Ink's order: dim, colour, bold, ...). */
function styled(text: string, style: Style): string {
  if (text === '') return '';
  let out = text;
  if (style.dim) out = chalk.dim(out);
  if (style.color) out = chalk[style.color](out);
  if (style.bold) out = chalk.bold(out);
  if (style.italic) out = chalk.italic(out);
  if (style.underline) out = chalk.underline(out);
  if (style.inverse) out = chalk.inverse(out);
  return out;
}

/** A row with search matches: its text in its colour, the matches inverted. */
function highlightedRow(row: PaneRow): string {
  const color = COLORS[row.style];
  let out = '';
  let at = 0;
  for (const { start, length } of row.highlights ?? []) {
    if (start > at) out += styled(row.text.slice(at, start), { color });
    out += styled(row.text.slice(start, start + length), { inverse: true, color: 'yellow' });
    at = start + length;
  }
  if (at < row.text.length) out += styled(row.text.slice(at), { color });
  return out;
}

/** One row, styled. */
export function rowText(row: PaneRow): string {
  if (row.highlights !== undefined && row.highlights.length > 0) return highlightedRow(row);
  const color = COLORS[row.style];
  // Queued lines and lines said before you joined are dimmed.
  const dim = row.style === 'queued' || row.style === 'history';
  const bold = row.style === 'mention';
  const italic = row.style === 'action';
  const promptLength = row.promptLength ?? 0;
  if (row.stampLength === 0 && row.markerLength === 0 && row.nick === undefined) {
    // A blank row keeps its place as a space.
    return styled(row.text === '' ? ' ' : row.text, { color, dim, bold, italic });
  }
  const stampEnd = row.stampLength;
  const promptEnd = stampEnd + promptLength;
  const markerEnd = promptEnd + row.markerLength;
  const nick = row.nick;
  // The server's prompt a sent line answers is drawn as the server's text, before the marker.
  return (
    styled(row.text.slice(0, stampEnd), { dim: true }) +
    row.text.slice(stampEnd, promptEnd) +
    styled(row.text.slice(promptEnd, markerEnd), { color, bold: row.style === 'sent' }) +
    styled(row.text.slice(markerEnd, nick ? nick.start : undefined), { color, dim, bold, italic }) +
    (nick
      ? styled(row.text.slice(nick.start, nick.start + nick.length), {
          color: nick.color,
          bold: nick.own,
          underline: nick.own,
        }) + styled(row.text.slice(nick.start + nick.length), { color, bold, italic })
      : '')
  );
}

/**
 * A row wider than the pane (a hex dump row in a narrow pane) cut with an ellipsis, as a
 * `<Text wrap="truncate-end">` would; text rows are wrapped to the pane already.
 */
function fit(row: PaneRow, width: number): PaneRow {
  if (displayWidth(row.text) <= width) return row;
  return { ...row, text: `${wrapRows(row.text, Math.max(1, width - 1))[0]!.text}…` };
}

/** The last row with the badge over its right end, one column short of the edge. */
function badgeRow(row: PaneRow | undefined, badge: string, width: number): string {
  const room = Math.max(0, width - displayWidth(badge) - 1);
  // A blank row under the badge draws nothing (as <Text> elements, Ink gave its space to the
  // padding).
  const cut =
    row && row.text !== ''
      ? { ...row, text: wrapRows(row.text, Math.max(1, room))[0]!.text }
      : undefined;
  const padding = ' '.repeat(Math.max(0, room - (cut ? displayWidth(cut.text) : 0)) + 1);
  return (cut ? rowText(cut) : '') + padding + styled(badge, { inverse: true, color: 'yellow' });
}

/**
 * Rows as styled, by row: the pane's rows are made once per entry and drawn frame after frame
 * (pane-rows.ts), so a scrolling frame styles only the rows that are new on screen.
 */
const styledRows = new WeakMap<PaneRow, { readonly width: number; readonly text: string }>();

function fittedRowText(row: PaneRow, width: number): string {
  const hit = styledRows.get(row);
  if (hit !== undefined && hit.width === width) return hit.text;
  const text = rowText(fit(row, width));
  styledRows.set(row, { width, text });
  return text;
}

/** The pane's text: the first `height` rows, the badge (if any) over the last one. */
export function paneText(
  rows: readonly PaneRow[],
  width: number,
  height: number,
  badge: string | undefined,
): string {
  const last = height - 1;
  const lines: string[] = [];
  for (let i = 0; i < Math.min(rows.length, height); i++) {
    lines.push(
      i === last && badge ? badgeRow(rows[i], badge, width) : fittedRowText(rows[i]!, width),
    );
  }
  // Fewer rows than lines: the badge goes under them.
  if (badge && rows.length < height) lines.push(badgeRow(undefined, badge, width));
  return lines.join('\n');
}
