import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { PaneRow } from '../src/client/view/pane-rows.js';
import { paneText } from './pane-text.js';

export interface OutputPaneProps {
  readonly rows: readonly PaneRow[];
  readonly width: number;
  readonly height: number;
  /** Shown over the last row while scrolled up (`12 new lines ↓`). */
  readonly badge: string | undefined;
}

/** The scrolling output: exactly the rows on screen, already wrapped to the pane's width. */
export const OutputPane = memo(function OutputPane({
  rows,
  width,
  height,
  badge,
}: OutputPaneProps) {
  // One text node for the whole pane; rows fit its width, so nothing wraps.
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text>{paneText(rows, width, height, badge)}</Text>
    </Box>
  );
});
