import React, { memo } from 'react';
import { Box, Text } from 'ink';
import type { ConnectionSnapshot } from '../src/client/connection/connection-types.js';
import type { Notice } from '../src/client/state/tui-state.js';
import { keyHints, SEARCH_HINT } from '../src/client/view/key-hints.js';
import type { SearchState } from '../src/client/state/search.js';
import { describeStatus, statusText } from '../src/client/view/status-line.js';
import { displayWidth } from '../src/client/view/wrap.js';

export interface FooterProps {
  readonly width: number;
  readonly notice: Notice | undefined;
  /** Shown first when the side panel is folded away. */
  readonly snapshot: ConnectionSnapshot | undefined;
  readonly now: number;
  /** The search prompt, while open: it takes the line. */
  readonly search?: SearchState | undefined;
}

/** The search prompt: the query, whether it matched, the keys that move. */
function SearchLine({ search, width }: { search: SearchState; width: number }) {
  const status = search.failed ? '  not found' : '';
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        <Text color="cyan" bold>
          {'Search: '}
        </Text>
        <Text>{search.query}</Text>
        <Text inverse> </Text>
        <Text color="yellow">{status}</Text>
        <Text dimColor>{SEARCH_HINT}</Text>
      </Text>
    </Box>
  );
}

/** One line: the status (when the panel is folded), then a notice or the key hints. */
export const Footer = memo(function Footer({ width, notice, snapshot, now, search }: FooterProps) {
  if (search !== undefined) return <SearchLine search={search} width={width} />;
  const status = snapshot ? describeStatus(snapshot.status, now, snapshot.transport) : undefined;
  // Short (no reason): the key hints must keep their place.
  const shown = status ? `● ${statusText(status, false)}  ` : '';
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {status && (
          <Text color={status.color} bold>
            {shown}
          </Text>
        )}
        {notice ? (
          <Text color={notice.level === 'warn' ? 'yellow' : 'cyan'}>{notice.text}</Text>
        ) : (
          <Text dimColor>{keyHints(width - displayWidth(shown))}</Text>
        )}
      </Text>
    </Box>
  );
});
