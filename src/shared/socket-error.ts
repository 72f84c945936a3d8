import { formatTarget } from './target.js';

/** The other end of a socket, as an error about it should name it. */
export interface SocketPeer {
  /** The name that was looked up, for DNS failures (`example.com`). */
  readonly host: string;
  /** The other end when the error does not say (`93.184.216.34:80`, `the client`). */
  readonly address: string;
  /** Which side the other end plays: it is the one that stopped reading on EPIPE. */
  readonly role: 'server' | 'client';
}

/** The fields of a Node socket or DNS error that say what went wrong (all optional: bytes from anywhere). */
interface ErrorFields {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  /** Set on the AggregateError Node raises after trying every address of a host. */
  readonly errors?: unknown;
}

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

/**
 * One line saying why a connection failed or broke (`cannot resolve no-such-host.invalid: not
 * found`, `connection refused by 127.0.0.1:1`, `connection reset by the client`): the client's
 * status line and the server's disconnect log speak the same language.
 */
export function socketErrorText(error: unknown, peer: SocketPeer): string {
  const e = fields(error);
  const code = codeOf(e);
  const where = endpoints(e) ?? peer.address;
  const host = peer.host;
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
      return `connection refused by ${where}`;
    case 'ETIMEDOUT':
      return `connection to ${where} timed out`;
    case 'ECONNRESET':
      return `connection reset by ${where}`;
    case 'ECONNABORTED':
      return `connection to ${where} aborted`;
    case 'EPIPE':
      return `connection to ${where} broken: the ${peer.role} stopped reading`;
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return `host unreachable: ${where}`;
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `network unreachable: ${where}`;
    case 'EADDRNOTAVAIL':
      return `cannot connect to ${where}: address not available`;
    case 'EACCES':
    case 'EPERM':
      return `connection to ${where} not permitted`;
    default: {
      const message = typeof e.message === 'string' && e.message !== '' ? e.message : code;
      return `connection to ${peer.address} failed: ${message ?? 'unknown error'}`;
    }
  }
}
