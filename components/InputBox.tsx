import React from 'react';
import { Box, Text } from 'ink';
import { PROMPT, type InputLayout } from '../src/client/view/input-view.js';
import { INPUT_PLACEHOLDER } from '../src/client/view/key-hints.js';

export interface InputBoxProps {
  readonly layout: InputLayout;
  readonly width: number;
  readonly empty: boolean;
}

/**
 * The multi-line editor under a rule. The terminal cursor, at the edit point, is placed by the
 * App, which takes part in every frame: this box is drawn again only when its text changes.
 */
export const InputBox = React.memo(function InputBox({ layout, width, empty }: InputBoxProps) {
  const hidden = layout.totalRows - layout.rows.length;
  const label = hidden > 0 ? ` ${layout.totalRows} rows, ${hidden} hidden ` : '';
  return (
    <Box flexDirection="column" width={width} height={layout.rows.length + 1}>
      <Text color="gray" wrap="truncate-end">
        {'─'.repeat(2)}
        {label}
        {'─'.repeat(Math.max(0, width - 2 - label.length))}
      </Text>
      {empty ? (
        <Text wrap="truncate-end">
          <Text color="cyan">{PROMPT}</Text>
          <Text dimColor>{INPUT_PLACEHOLDER}</Text>
        </Text>
      ) : (
        layout.rows.map((row, i) => (
          <Text key={i} wrap="truncate-end">
            {row.startsWith(PROMPT) ? (
              <>
                <Text color="cyan">{PROMPT}</Text>
                {row.slice(PROMPT.length)}
              </>
            ) : (
              row
            )}
          </Text>
        ))
      )}
    </Box>
  );
});
