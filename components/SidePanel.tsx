import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { ConnectionSnapshot } from '../src/client/connection/connection-types.js';
import type { ChatView } from '../src/client/state/chat-tracker.js';
import { panelChanged, panelRows } from '../src/client/view/panel-rows.js';

export interface SidePanelProps {
  readonly snapshot: ConnectionSnapshot;
  /** The chat you are in, if any: a section with your nick, the room and its members. */
  readonly chat?: ChatView;
  readonly width: number;
  readonly height: number;
  /** The time the countdown and uptime are measured to. */
  readonly now: number;
}

/**
 * The connection at a glance: status in colour, addresses, uptime, round trips, counters.
 * A keystroke changes none of its props, so typing does not lay it out again; nor does a
 * line that only moves the counters (they follow the clock: `panelChanged`).
 */
export const SidePanel = memo(
  function SidePanel({ snapshot, chat, width, height, now }: SidePanelProps) {
    // Rows are laid out to fit (border and padding take two columns), so Ink never has to clip.
    const rows = panelRows(snapshot, now, Math.max(1, width - 2), chat, height).slice(0, height);
    return (
      <Box
        flexDirection="column"
        width={width}
        height={height}
        borderStyle="single"
        borderColor="gray"
        borderTop={false}
        borderRight={false}
        borderBottom={false}
        paddingLeft={1}
      >
        {rows.map((row, i) => (
          <Text key={i} wrap="truncate-end">
            {row.label && <Text dimColor>{row.label}</Text>}
            <Text color={row.color} bold={row.bold}>
              {row.text || ' '}
            </Text>
          </Text>
        ))}
      </Box>
    );
  },
  (shown, next) => !panelChanged(shown, next),
);
