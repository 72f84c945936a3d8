import React from 'react';
import { Box, Text } from 'ink';
import type { ConnectionSnapshot } from '../src/client/connection-types.js';
import type { Notice } from '../src/client/tui-state.js';
import { describeStatus } from '../src/client/ui-state.js';
import { useNow } from './hooks/use-now.js';

/** Key hints, most important first: what does not fit is cut from the end. */
export const KEY_HINTS =
  'Ctrl+D send · Enter new line · Ctrl+C quit · PgUp/PgDn scroll · Ctrl+T time · Ctrl+R retry';

export interface FooterProps {
  readonly width: number;
  readonly notice: Notice | undefined;
  /** Shown first when the side panel is folded away. */
  readonly snapshot: ConnectionSnapshot | undefined;
}

function FoldedStatus({ snapshot }: { snapshot: ConnectionSnapshot }) {
  const now = useNow(true);
  const status = describeStatus(snapshot.status, now);
  return (
    <Text color={status.color} bold>
      ● {status.text}
      {'  '}
    </Text>
  );
}

/** One line: the status (when the panel is folded), then a notice or the key hints. */
export function Footer({ width, notice, snapshot }: FooterProps) {
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        {snapshot && <FoldedStatus snapshot={snapshot} />}
        {notice ? (
          <Text color={notice.level === 'warn' ? 'yellow' : 'cyan'}>{notice.text}</Text>
        ) : (
          <Text dimColor>{KEY_HINTS}</Text>
        )}
      </Text>
    </Box>
  );
}
