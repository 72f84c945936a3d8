import React from 'react';
import { Box, Text, useCursor } from 'ink';
import { PROMPT, type InputLayout } from '../src/client/view/input-view.js';
import { INPUT_PLACEHOLDER } from '../src/client/view/key-hints.js';

export interface InputBoxProps {
  readonly layout: InputLayout;
  readonly width: number;
  readonly empty: boolean;
  /** Row of the frame where the box starts (its rule), to place the terminal cursor. */
  readonly top: number;
}

/** The multi-line editor under a rule; the real terminal cursor sits at the edit point. */
export function InputBox({ layout, width, empty, top }: InputBoxProps) {
  const { setCursorPosition } = useCursor();
  setCursorPosition({ x: layout.cursor.x, y: top + 1 + layout.cursor.y });
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
}
