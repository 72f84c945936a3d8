import type { Target } from '../options.js';
import { formatTarget } from '../target.js';

/** The fields of a Node socket or DNS error that say what went wrong (all optional: bytes from anywhere). */
interface ErrorFields {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  /** Set on the AggregateError Node raises after trying every address of a host. */
  readonly errors?: unknown;
}

/** What the user sees when the server ends the connection itself (after `exit`, say). */
export const closedByServerText = 'closed by server';

function fields(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : {};
}

function endpoint(error: ErrorFields): string | undefined {
  if (typeof error.address !== 'string') return undefined;
  return typeof error.port === 'number'
    ? formatTarget({ host: error.address, port: error.port })
    : error.address;
}

/** The addresses an error names: one, or each address tried of a multi-address host. */
function endpoints(error: ErrorFields): string | undefined {
  const inner = Array.isArray(error.errors) ? error.errors.map(fields) : [];
  const all = [...new Set([endpoint(error), ...inner.map(endpoint)])].filter(
    (e): e is string => e !== undefined,
  );
  return all.length > 0 ? all.join(', ') : undefined;
}

function codeOf(error: ErrorFields): string | undefined {
  if (typeof error.code === 'string') return error.code;
  const first = Array.isArray(error.errors) ? fields(error.errors[0]) : {};
  return typeof first.code === 'string' ? first.code : undefined;
}

/** Formats a duration in seconds the way people say it: `10 s`, `0.5 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(1))} s`;
}

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
  const e = fields(error);
  const code = codeOf(e);
  const peer = endpoints(e) ?? remoteAddress ?? formatTarget(target);
  const host = target.host;
  switch (code) {
    case 'ENOTFOUND':
      return `cannot resolve ${host}: not found`;
    case 'EAI_AGAIN':
      return `cannot resolve ${host}: temporary DNS failure`;
    case 'EAI_FAIL':
    case 'ESERVFAIL':
      return `cannot resolve ${host}: DNS failure`;
    case 'EAI_NODATA':
    case 'ENODATA':
      return `cannot resolve ${host}: no address`;
    case 'ECONNREFUSED':
      return `connection refused by ${peer}`;
    case 'ETIMEDOUT':
      return `connection to ${peer} timed out`;
    case 'ECONNRESET':
      return `connection reset by ${peer}`;
    case 'ECONNABORTED':
      return `connection to ${peer} aborted`;
    case 'EPIPE':
      return `connection to ${peer} broken: the server stopped reading`;
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return `host unreachable: ${peer}`;
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `network unreachable: ${peer}`;
    case 'EADDRNOTAVAIL':
      return `cannot connect to ${peer}: address not available`;
    case 'EACCES':
    case 'EPERM':
      return `connection to ${peer} not permitted`;
    default: {
      const message = typeof e.message === 'string' && e.message !== '' ? e.message : code;
      return `connection to ${formatTarget(target)} failed: ${message ?? 'unknown error'}`;
    }
  }
}

/** The line for a connect attempt that our own timer gave up on. */
export function describeConnectTimeout(target: Target, timeoutMs: number): string {
  return `connection to ${formatTarget(target)} timed out after ${formatSeconds(timeoutMs)}`;
}
