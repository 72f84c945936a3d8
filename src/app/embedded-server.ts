import { defaultServerOptions } from '../server/core/server-options.js';
import { errorCode } from '../shared/error-code.js';
import type { Target } from '../shared/target.js';
import { createServer, formatServerEvent, type ServerEvent } from '../server/server.js';

/** Subscribes to the embedded server's log lines; returns the unsubscribe. */
export type ServerLog = (listener: (line: string) => void) => () => void;

export interface EmbeddedServer {
  /** Where it listens (127.0.0.1:9999, or a free port when 9999 is taken). */
  readonly address: Target;
  /** Its events as log lines; a late subscriber first gets the recent ones (`listening on ...`). */
  readonly serverLog: ServerLog;
  close(): Promise<void>;
}

/** Lines replayed to a late subscriber; older ones are only in --log. */
const HISTORY = 200;

/**
 * Starts the bundled server in this process on 127.0.0.1:9999, or on a free port if 9999 is
 * taken. Its events never touch stdout/stderr (they would tear the UI): they go to `serverLog`.
 */
export async function startEmbeddedServer(): Promise<EmbeddedServer> {
  const history: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onEvent = (event: ServerEvent) => {
    const line = formatServerEvent(event);
    history.push(line);
    if (history.length > HISTORY) history.shift();
    for (const listener of listeners) listener(line);
  };

  const host = defaultServerOptions.host;
  let server = createServer({ host, port: defaultServerOptions.port, onEvent });
  let address: { host: string; port: number };
  try {
    address = await server.listen();
  } catch (error) {
    if (errorCode(error) !== 'EADDRINUSE') throw error;
    server = createServer({ host, port: 0, onEvent });
    address = await server.listen();
  }

  return {
    address: { host: address.host, port: address.port },
    serverLog(listener) {
      for (const line of history) listener(line);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close: () => server.close(),
  };
}
