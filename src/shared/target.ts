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
