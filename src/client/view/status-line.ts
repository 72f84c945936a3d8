import { checkExhaustive } from '../../shared/check-exhaustive.js';
import type { ConnectionStatus } from '../connection/connection-types.js';
import type { TransportKind } from '../../shared/target.js';
import { NAMED_KEYS } from '../state/keymap.js';

/** How the connection's status is shown: pure functions of the status and the current time. */

export type StatusColor = 'yellow' | 'green' | 'red' | 'gray';

export interface StatusLine {
  /** `connected`, `reconnecting in 4 s`, `error`... */
  readonly text: string;
  /** `attempt 2` while retrying. */
  readonly detail: string | undefined;
  /** Why the connection is down (`connection refused by 127.0.0.1:9999`). */
  readonly reason: string | undefined;
  readonly color: StatusColor;
}

/** Whole seconds left until `at`, never below 0 (rounded up: "in 1 s" until it happens). */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** The status, coloured, with the attempt and the reason apart (the side panel stacks them). */
export function describeStatus(
  status: ConnectionStatus,
  now: number,
  transport: TransportKind = 'tcp',
): StatusLine {
  switch (status.type) {
    case 'connecting':
      return {
        text: 'connecting',
        detail: status.attempt > 1 ? `attempt ${status.attempt}` : undefined,
        reason: undefined,
        color: 'yellow',
      };
    case 'connected':
      return {
        // UDP has no connection to speak of: it is ready to send.
        text: transport === 'udp' ? 'udp' : `connected${transport === 'tls' ? ' (tls)' : ''}`,
        detail: undefined,
        reason: undefined,
        color: 'green',
      };
    case 'reconnecting':
      return {
        text: `reconnecting in ${secondsUntil(status.retryAt, now)} s`,
        detail: `attempt ${status.attempt}`,
        reason: status.reason,
        color: 'yellow',
      };
    case 'disconnected':
      return { text: 'disconnected', detail: undefined, reason: status.reason, color: 'gray' };
    case 'error':
      return {
        text: 'error',
        // Permanent failures wait for the user rather than a timer.
        detail: status.canRetry === true ? `${NAMED_KEYS.retry.label} retries` : undefined,
        reason: status.reason,
        color: 'red',
      };
    default:
      return checkExhaustive(status);
  }
}

/** The status on one line: `reconnecting in 4 s (attempt 2): connection refused`. */
export function statusText(line: StatusLine, withReason = true): string {
  const detail = line.detail === undefined ? '' : ` (${line.detail})`;
  const reason = withReason && line.reason !== undefined ? `: ${line.reason}` : '';
  return `${line.text}${detail}${reason}`;
}
