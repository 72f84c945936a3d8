/** A TCP endpoint as the user wrote it. */
export interface Target {
  readonly host: string;
  readonly port: number;
}

/** Parses `HOST:PORT` (IPv6 as `[::1]:PORT`); an error message instead of a target if malformed. */
export function parseTarget(text: string): Target | { readonly error: string } {
  const match = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:\s[\]]+):(\d+)$/.exec(text);
  if (!match) return { error: `invalid target "${text}": expected HOST:PORT, e.g. localhost:9999` };
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { error: `invalid port in "${text}": must be 1-65535` };
  }
  return { host: match[1]!, port };
}

/** Formats a target the way `parseTarget` reads it. */
export function formatTarget({ host, port }: Target): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** How the client reaches a target. */
export type TransportKind = 'tcp' | 'tls' | 'udp';

const SCHEMES: Readonly<Record<string, TransportKind>> = {
  'tcp://': 'tcp',
  'tls://': 'tls',
  'udp://': 'udp',
};

/**
 * Parses `HOST:PORT` or `SCHEME://HOST:PORT` (tcp, tls, udp): the target, and the transport
 * when the text names one.
 */
export function parseEndpoint(
  text: string,
):
  | { readonly target: Target; readonly transport: TransportKind | undefined }
  | { readonly error: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme === null) {
    const target = parseTarget(text);
    return 'error' in target ? target : { target, transport: undefined };
  }
  const transport = SCHEMES[scheme[0].toLowerCase()];
  if (transport === undefined) {
    return { error: `unknown scheme "${scheme[1]}://" in "${text}": use tcp://, tls:// or udp://` };
  }
  const target = parseTarget(text.slice(scheme[0].length));
  return 'error' in target ? target : { target, transport };
}
