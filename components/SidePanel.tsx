import React from 'react';
import { Box, Text } from 'ink';
import type { ConnectionSnapshot } from '../src/client/connection-types.js';
import { describeStatus, panelFields } from '../src/client/ui-state.js';

const LABEL_WIDTH = 9;

export interface SidePanelProps {
  readonly snapshot: ConnectionSnapshot;
  readonly width: number;
  readonly height: number;
  /** The time the countdown and uptime are measured to. */
  readonly now: number;
}

/** The connection at a glance: status in colour, addresses, uptime, round trips, counters. */
export function SidePanel({ snapshot, width, height, now }: SidePanelProps) {
  const status = describeStatus(snapshot.status, now);
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      overflow="hidden"
      borderStyle="single"
      borderColor="gray"
      borderTop={false}
      borderRight={false}
      borderBottom={false}
      paddingLeft={1}
    >
      <Text bold>tcpchat</Text>
      <Text color={status.color} bold>
        ● {status.text}
      </Text>
      {status.detail !== undefined && <Text color={status.color}>{status.detail}</Text>}
      {status.reason !== undefined && <Text color={status.color}>{status.reason}</Text>}
      <Text> </Text>
      {panelFields(snapshot, now).map((field, i) => (
        <Text key={i}>
          <Text dimColor>{field.label.padEnd(LABEL_WIDTH - 1)} </Text>
          {field.value}
        </Text>
      ))}
    </Box>
  );
}
