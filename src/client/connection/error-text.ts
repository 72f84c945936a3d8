import { formatSeconds } from '../../shared/duration.js';
import { socketErrorText } from '../../shared/socket-error.js';
import { formatTarget, type Target } from '../../shared/target.js';

/** What the user sees when the server ends the connection itself (after `exit`, say). */
export const closedByServerText = 'closed by server';

/**
 * One line describing why connecting to or talking with `target` failed
 * (`cannot resolve no-such-host.invalid: not found`, `connection refused by 127.0.0.1:1`).
 * `remoteAddress` names the peer when the error itself does not (a reset).
 */
export function describeSocketError(
  error: unknown,
  target: Target,
  remoteAddress?: string,
): string {
  const address = remoteAddress ?? formatTarget(target);
  return socketErrorText(error, { host: target.host, address, role: 'server' });
}

/** The line for a connect attempt that our own timer gave up on. */
export function describeConnectTimeout(target: Target, timeoutMs: number): string {
  return `connection to ${formatTarget(target)} timed out after ${formatSeconds(timeoutMs)}`;
}
