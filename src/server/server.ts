import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { arch, release, type } from 'node:os';
import { defaultServerOptions, type ServerOptions } from './core/server-options.js';
import { plural } from '../shared/plural.js';
import { formatTarget } from '../shared/target.js';
import { version } from '../shared/version.js';
import type { CommandContext } from './core/commands.js';
import { openSandbox, type Sandbox } from './fs-sandbox.js';
import { IdleSweeper } from './idle-sweeper.js';
import { ServerError } from './core/server-error.js';
import type { ServerEvent } from './core/server-event.js';
import { Chat } from './core/chat.js';
import { checkRoomName } from './core/chat-names.js';
import { createLocalFanout } from './local-fanout.js';
import { Session, type SessionConfig } from './session.js';
import { SessionRegistry } from './session-registry.js';

export { formatServerEvent, type ServerEvent } from './core/server-event.js';
export { ServerError } from './core/server-error.js';

/** The bundled line server, embeddable (the TUI runs one in-process). */
export interface TcpchatServer {
  /**
   * Starts listening; resolves with the real address (port 0 picks one). Rejects with a
   * ServerError whose `code` is e.g. 'EADDRINUSE' or 'EACCES' and a one-line message.
   */
  listen(): Promise<{ host: string; port: number }>;
  /**
   * Stops accepting, tells every client `Server shutting down`, ends every socket and
   * destroys the ones still open after a grace period (within 2 s in all).
   */
  close(): Promise<void>;
  /** Clients connected now. */
  readonly clients: number;
}

export const SHUTDOWN_NOTICE = 'Server shutting down\n';
/** How long clients get to close after the shutdown notice before they are cut off. */
const CLOSE_GRACE_MS = 1000;
/** How long a client turned away for being over --max-clients gets to read why. */
const REJECT_LINGER_MS = 2000;
const LISTEN_BACKLOG = 4096;

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'address already in use';
    case 'EACCES':
      return port > 0 && port < 1024
        ? 'permission denied (ports below 1024 need privileges)'
        : 'permission denied';
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_FAIL':
      return `cannot resolve ${host}`;
    default:
      return error.message;
  }
}

function checkOptions(o: ServerOptions): void {
  const bad = (what: string) => {
    throw new ServerError('EINVAL', `invalid server option: ${what}`);
  };
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) bad(`port ${o.port}`);
  if (!Number.isInteger(o.maxClients) || o.maxClients < 1) bad(`maxClients ${o.maxClients}`);
  if (!Number.isInteger(o.maxLine) || o.maxLine < 1) bad(`maxLine ${o.maxLine}`);
  if (!(o.idleTimeoutMs >= 0)) bad(`idleTimeoutMs ${o.idleTimeoutMs}`);
  if (!(o.partialFlushMs >= 0)) bad(`partialFlushMs ${o.partialFlushMs}`);
  if (!Number.isInteger(o.maxSendq) || o.maxSendq < 1) bad(`maxSendq ${o.maxSendq}`);
  if (!(o.maxRate >= 0)) bad(`maxRate ${o.maxRate}`);
  if (o.room !== undefined) {
    const room = checkRoomName(o.room);
    if (!room.ok) bad(`room ${o.room}: ${room.why}`);
  }
}

function systemDescription(): string {
  return `${type()} ${release()} ${arch()} (node ${process.version})`;
}

function peerOf(socket: Socket): string {
  return formatTarget({ host: socket.remoteAddress ?? 'unknown', port: socket.remotePort ?? 0 });
}

/** Creates the server (not yet listening); options default to `defaultServerOptions`. */
export function createServer(
  options: Partial<ServerOptions> & { onEvent?: (event: ServerEvent) => void } = {},
): TcpchatServer {
  const { onEvent, ...given } = options;
  const settings: ServerOptions = { ...defaultServerOptions };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined && key in defaultServerOptions) {
      Object.assign(settings, { [key]: value });
    }
  }
  checkOptions(settings);
  const emit = onEvent ?? (() => {});
  const context: CommandContext = {
    now: () => new Date(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    system: systemDescription(),
    version,
  };
  const registry = new SessionRegistry();
  const chat = new Chat({
    now: Date.now,
    rate:
      settings.maxRate > 0
        ? { perSecond: settings.maxRate, burst: settings.maxRate * 2 }
        : undefined,
  });
  const fanout = createLocalFanout(chat, (id) => registry.get(id));
  let nextId = 0;
  const sweeper = new IdleSweeper(settings.idleTimeoutMs, registry);
  // Over-limit sockets are not sessions, but shutdown must not wait for them.
  const rejected = new Set<Socket>();
  let sessionConfig: SessionConfig | undefined;
  let closing: Promise<void> | undefined;
  // close() resolves once the listener is closed and every socket has emitted 'close'
  // (net's own close callback can run before the sockets' 'close' handlers).
  let listenerClosed = false;
  let closed: (() => void) | undefined;
  const resolveIfClosed = () => {
    if (listenerClosed && registry.size === 0 && rejected.size === 0) closed?.();
  };

  const onSessionClose = (session: Session, reason: string) => {
    registry.delete(session);
    emit({
      type: 'disconnect',
      peer: session.peer,
      durationMs: Date.now() - session.startedAt,
      linesIn: session.linesIn,
      linesOut: session.linesOut,
      reason,
    });
    resolveIfClosed();
  };

  const reject = (socket: Socket, peer: string) => {
    rejected.add(socket);
    socket.on('error', () => {});
    const timer = setTimeout(() => socket.destroy(), REJECT_LINGER_MS).unref();
    socket.on('close', () => {
      clearTimeout(timer);
      rejected.delete(socket);
      resolveIfClosed();
    });
    socket.end(`ERR server full (${plural(settings.maxClients, 'client')})\n`);
    // Read (and drop) whatever it sends, so its FIN is seen and the socket closes.
    socket.resume();
    emit({ type: 'rejected', peer, reason: 'full' });
  };

  const net = createNetServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    if (closing !== undefined || sessionConfig === undefined) {
      socket.destroy();
      return;
    }
    const peer = peerOf(socket);
    if (registry.size >= settings.maxClients) {
      reject(socket, peer);
      return;
    }
    const session = new Session(socket, sessionConfig, peer, ++nextId);
    registry.add(session);
    emit({ type: 'connect', peer, clients: registry.size });
    session.start();
  });

  async function listen(): Promise<{ host: string; port: number }> {
    if (closing !== undefined) throw new ServerError('ECLOSED', 'the server has been closed');
    if (net.listening) throw new ServerError('ELISTENING', 'the server is already listening');
    const sandbox: Sandbox = await openSandbox(settings.root);
    sessionConfig = {
      maxLine: settings.maxLine,
      idleTimeoutMs: settings.idleTimeoutMs,
      partialFlushMs: settings.partialFlushMs,
      context,
      sandbox,
      chat,
      fanout,
      maxSendq: settings.maxSendq,
      room: settings.room,
      onClose: onSessionClose,
    };
    const { host, port } = settings;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        net.off('listening', onListening);
        const where = formatTarget({ host, port });
        reject(
          new ServerError(
            error.code ?? 'ELISTEN',
            `cannot listen on ${where}: ${describeListenError(error, host, port)}`,
          ),
        );
      };
      const onListening = () => {
        net.off('error', onError);
        resolve();
      };
      net.once('error', onError);
      net.once('listening', onListening);
      net.listen({ host, port, backlog: LISTEN_BACKLOG });
    });
    // From now on errors are about accepting (EMFILE...): report them, keep serving.
    net.on('error', (error) => emit({ type: 'error', message: error.message }));
    sweeper.start();
    const address = net.address() as AddressInfo;
    emit({ type: 'listening', host: address.address, port: address.port });
    return { host: address.address, port: address.port };
  }

  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      sweeper.stop();
      if (!net.listening) {
        resolve();
        return;
      }
      const force = setTimeout(() => {
        for (const session of registry) session.destroy();
      }, CLOSE_GRACE_MS);
      closed = () => {
        clearTimeout(force);
        resolve();
      };
      net.close(() => {
        listenerClosed = true;
        resolveIfClosed();
      });
      registry.broadcast(SHUTDOWN_NOTICE);
      // Everyone goes at once: no quit notices to people who are leaving too.
      chat.clear();
      for (const session of registry) session.end('server shutdown');
      for (const socket of rejected) socket.destroy();
    });
    return closing;
  }

  return {
    listen,
    close,
    get clients() {
      return registry.size;
    },
  };
}
