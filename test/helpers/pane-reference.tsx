// The output pane as it was drawn before it became one text: a <Text> element (or several)
// per row. Kept as the reference the one-text pane must look exactly like.
import React from 'react';
import { Box, Text } from 'ink';
import type { PaneRow, RowStyle } from '../../src/client/view/pane-rows.js';
import { displayWidth, wrapRows } from '../../src/client/view/wrap.js';

const COLORS: Record<RowStyle, string | undefined> = {
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

/** A row with search matches: its text in its colour, the matches inverted. */
function HighlightedLine({ row }: { row: PaneRow }) {
  const color = COLORS[row.style];
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const { start, length } of row.highlights ?? []) {
    if (start > at)
      parts.push(
        <Text key={`t${at}`} color={color}>
          {row.text.slice(at, start)}
        </Text>,
      );
    parts.push(
      <Text key={`m${start}`} inverse color="yellow">
        {row.text.slice(start, start + length)}
      </Text>,
    );
    at = start + length;
  }
  if (at < row.text.length)
    parts.push(
      <Text key={`t${at}`} color={color}>
        {row.text.slice(at)}
      </Text>,
    );
  return <Text wrap="truncate-end">{parts}</Text>;
}

function Line({ row }: { row: PaneRow }) {
  if (row.highlights !== undefined && row.highlights.length > 0)
    return <HighlightedLine row={row} />;
  const color = COLORS[row.style];
  // Queued lines and lines said before you joined are dimmed.
  const dim = row.style === 'queued' || row.style === 'history';
  const emphasis = { bold: row.style === 'mention', italic: row.style === 'action' };
  const promptLength = row.promptLength ?? 0;
  if (row.stampLength === 0 && row.markerLength === 0 && row.nick === undefined) {
    // Ink gives an empty text no height: a blank line is drawn as a space to keep its row.
    return (
      <Text color={color} dimColor={dim} {...emphasis} wrap="truncate-end">
        {row.text === '' ? ' ' : row.text}
      </Text>
    );
  }
  const stampEnd = row.stampLength;
  const promptEnd = stampEnd + promptLength;
  const markerEnd = promptEnd + row.markerLength;
  const stamp = row.text.slice(0, stampEnd);
  // The server's prompt a sent line answers: drawn as the server's text, before the marker.
  const prompt = row.text.slice(stampEnd, promptEnd);
  const marker = row.text.slice(promptEnd, markerEnd);
  const nick = row.nick;
  const before = row.text.slice(markerEnd, nick ? nick.start : undefined);
  const name = nick ? row.text.slice(nick.start, nick.start + nick.length) : '';
  const after = nick ? row.text.slice(nick.start + nick.length) : '';
  return (
    <Text wrap="truncate-end">
      {stamp && <Text dimColor>{stamp}</Text>}
      {prompt && <Text>{prompt}</Text>}
      {marker && (
        <Text color={color} bold={row.style === 'sent'}>
          {marker}
        </Text>
      )}
      <Text color={color} dimColor={dim} {...emphasis}>
        {before}
      </Text>
      {nick && (
        <Text color={nick.color} bold={nick.own} underline={nick.own}>
          {name}
        </Text>
      )}
      {after && (
        <Text color={color} {...emphasis}>
          {after}
        </Text>
      )}
    </Text>
  );
}

/** The last row with the badge over its right end. */
function BadgeLine({
  row,
  badge,
  width,
}: {
  row: PaneRow | undefined;
  badge: string;
  width: number;
}) {
  const room = Math.max(0, width - displayWidth(badge) - 1);
  const cut = row ? { ...row, text: wrapRows(row.text, Math.max(1, room))[0]!.text } : undefined;
  const padding = ' '.repeat(Math.max(0, room - (cut ? displayWidth(cut.text) : 0)) + 1);
  return (
    <Box>
      {cut && <Line row={cut} />}
      <Text>{padding}</Text>
      <Text inverse color="yellow">
        {badge}
      </Text>
    </Box>
  );
}

/** The pane as separate elements per row (the reference). */
export function ReferencePane({
  rows,
  width,
  height,
  badge,
}: {
  rows: readonly PaneRow[];
  width: number;
  height: number;
  badge: string | undefined;
}) {
  const last = height - 1;
  const lines = [];
  for (let i = 0; i < Math.min(rows.length, height); i++) {
    lines.push(
      i === last && badge ? (
        <BadgeLine key={i} row={rows[i]} badge={badge} width={width} />
      ) : (
        <Line key={i} row={rows[i]!} />
      ),
    );
  }
  if (badge && rows.length < height) {
    lines.push(<BadgeLine key={last} row={undefined} badge={badge} width={width} />);
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {lines}
    </Box>
  );
}
