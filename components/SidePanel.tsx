import React, { memo } from 'react';
import { Box, Text } from 'ink';
import { panelChanged, panelRows, type PanelInput } from '../src/client/view/panel-rows.js';

/**
 * The connection at a glance: status in colour, addresses, uptime, round trips, counters.
 * A keystroke changes none of its props, so typing does not lay it out again; nor does a
 * line that only moves the counters (they follow the clock: `panelChanged`).
 */
export const SidePanel = memo(
  function SidePanel({ snapshot, chat, width, height, now }: PanelInput) {
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
