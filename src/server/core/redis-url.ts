import { formatTarget } from '../../shared/target.js';

/** A `--redis` address, checked. */
export type RedisUrl =
  | {
      readonly ok: true;
      /** As given (passed to the client). */
      readonly url: string;
      readonly host: string;
      readonly port: number;
      readonly db: number;
      readonly tls: boolean;
      /** For logs and errors: `redis://HOST:PORT/DB`, never the password. */
      readonly display: string;
    }
  | { readonly ok: false; readonly why: string };

const DEFAULT_PORT = 6379;

/** Reads `redis://[:PASSWORD@]HOST[:PORT][/DB]` (or `rediss://` for TLS). */
export function parseRedisUrl(input: string): RedisUrl {
  const bad = (why: string): RedisUrl => ({
    ok: false,
    why: `invalid --redis ${JSON.stringify(input)}: ${why}`,
  });
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return bad('expected redis://HOST:PORT or rediss://HOST:PORT');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return bad(`${url.protocol.replace(/:$/, '')}:// is not redis:// or rediss://`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return bad('no host');
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  if (port === 0) return bad('port 0');
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path))
    return bad(`database ${JSON.stringify(path)} is not a number`);
  const db = path === '' ? 0 : Number(path);
  if (url.search !== '' || url.hash !== '') return bad('options after ? or # are not supported');
  const tls = url.protocol === 'rediss:';
  const where = formatTarget({ host, port });
  return {
    ok: true,
    url: input,
    host,
    port,
    db,
    tls,
    display: `${tls ? 'rediss' : 'redis'}://${where}${db === 0 ? '' : `/${db}`}`,
  };
}

/** Why Redis turned us away, in a few words, from an error of the Redis client or the socket. */
export function redisFailure(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^WRONGPASS|invalid password|invalid username-password/i.test(message)) {
    return 'wrong password';
  }
  if (/^NOAUTH/.test(message)) return 'it needs a password (redis://:PASSWORD@HOST:PORT)';
  if (/AUTH.*no password is set|without any password configured/i.test(message)) {
    return 'it has no password set, but one was given';
  }
  if (/^ERR (DB index is out of range|invalid DB index)/i.test(message)) {
    return 'no such database number';
  }
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is redis-server running there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'cannot resolve the host name';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `${message} (trust its CA: NODE_EXTRA_CA_CERTS=FILE tcpchat serve …)`;
    default:
      if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL|TLS/.test(message)) {
        return `TLS failed (${message})`;
      }
      return message.split('\n')[0]!;
  }
}
