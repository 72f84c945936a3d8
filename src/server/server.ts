import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { arch, release, type } from 'node:os';
import { defaultServerOptions, type ServerOptions } from './core/server-options.js';
import { plural } from '../shared/plural.js';
import { formatTarget } from '../shared/target.js';
import { version } from '../shared/version.js';
import { isNotTls, sslReason } from '../shared/tls-error.js';
import type { CommandContext } from './core/commands.js';
import { openSandbox, type Sandbox } from './fs-sandbox.js';
import { IdleSweeper } from './idle-sweeper.js';
import { ServerError } from './core/server-error.js';
import type { ServerEvent } from './core/server-event.js';
import { Chat } from './core/chat.js';
import { checkRoomName } from './core/chat-names.js';
import { createLocalFanout, type Fanout } from './local-fanout.js';
import type { RedisCluster } from './redis-cluster.js';
import { Session, type SessionConfig } from './session.js';
import { SessionRegistry } from './session-registry.js';
import { loadServerTls } from './tls-context.js';
import { listenUdp, type UdpListener } from './udp-listener.js';

export { formatServerEvent, type ServerEvent } from './core/server-event.js';
export { ServerError } from './core/server-error.js';

/** The bundled line server, embeddable (the TUI runs one in-process). */
export interface TcpchatServer {
  /**
   * Starts listening; resolves with the real address (port 0 picks one). Rejects with a
   * ServerError whose `code` is e.g. 'EADDRINUSE' or 'EACCES' and a one-line message.
   * `udpPort` is set when UDP is served too.
   */
  listen(): Promise<{ host: string; port: number; udpPort?: number }>;
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
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) {
    bad('tlsCert and tlsKey go together');
  }
  if (!(o.handshakeTimeoutMs > 0)) bad(`handshakeTimeoutMs ${o.handshakeTimeoutMs}`);
  if (
    o.udpPort !== undefined &&
    (!Number.isInteger(o.udpPort) || o.udpPort < 0 || o.udpPort > 65535)
  ) {
    bad(`udpPort ${o.udpPort}`);
  }
  if (!(o.udpRate >= 0)) bad(`udpRate ${o.udpRate}`);
  if (!(o.redisLostAfterMs >= 30)) bad(`redisLostAfterMs ${o.redisLostAfterMs}`);
  if (o.room !== undefined) {
    const room = checkRoomName(o.room);
    if (!room.ok) bad(`room ${o.room}: ${room.why}`);
  }
}

/** A failed TLS handshake in a few words, for the log: `timed out`, `failed: not TLS`. */
function handshakeFailure(error: Error & { code?: string }): string {
  if (error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') return 'timed out';
  if (error.code === 'ECONNRESET') return 'cut short by the client';
  if (isNotTls(error.code)) return 'failed: the client is not speaking TLS';
  return `failed: ${sslReason(error.code ?? error.message)}`;
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
  const chatOptions = {
    now: Date.now,
    rate:
      settings.maxRate > 0
        ? { perSecond: settings.maxRate, burst: settings.maxRate * 2 }
        : undefined,
  };
  // With --redis the chat is made at listen(), once the link to the other servers is up.
  let chat: Chat | undefined;
  let cluster: RedisCluster | undefined;
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

  const accept = (socket: Socket) => {
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
  };

  const tlsFiles =
    settings.tlsCert !== undefined && settings.tlsKey !== undefined
      ? { cert: settings.tlsCert, key: settings.tlsKey }
      : undefined;
  // A TLS handshake is part of the client's idle allowance: never longer than the idle limit.
  const handshakeTimeout =
    settings.idleTimeoutMs > 0
      ? Math.min(settings.handshakeTimeoutMs, settings.idleTimeoutMs)
      : settings.handshakeTimeoutMs;
  // Connections still in their TLS handshake, by peer: bounded, and ended at shutdown.
  const handshaking = new Map<string, Socket>();
  const serverOptions = { allowHalfOpen: true, noDelay: true };
  const net =
    tlsFiles === undefined
      ? createNetServer(serverOptions, accept)
      : createTlsServer({ ...serverOptions, handshakeTimeout }, accept);
  if (tlsFiles !== undefined) {
    net.on('connection', (socket: Socket) => {
      // More handshakes in flight than clients allowed: a flood, not a class.
      if (handshaking.size >= settings.maxClients) {
        socket.destroy();
        return;
      }
      const peer = peerOf(socket);
      handshaking.set(peer, socket);
      socket.once('close', () => {
        if (handshaking.get(peer) === socket) handshaking.delete(peer);
      });
    });
    // Done with its handshake: a session now (or rejected as one too many).
    net.on('secureConnection', (socket: TLSSocket) => handshaking.delete(peerOf(socket)));
    net.on('tlsClientError', (error: Error & { code?: string }, socket: TLSSocket) => {
      const peer = peerOf(socket);
      // Node reports a handshake timeout here but leaves the socket open: end it.
      socket.destroy();
      emit({ type: 'rejected', peer, reason: 'tls', detail: handshakeFailure(error) });
    });
  }
  let udp: UdpListener | undefined;

  async function listen(): Promise<{ host: string; port: number; udpPort?: number }> {
    if (closing !== undefined) throw new ServerError('ECLOSED', 'the server has been closed');
    if (net.listening) throw new ServerError('ELISTENING', 'the server is already listening');
    const sandbox: Sandbox = await openSandbox(settings.root);
    if (tlsFiles !== undefined) {
      const tls = await loadServerTls(tlsFiles.cert, tlsFiles.key);
      (net as ReturnType<typeof createTlsServer>).setSecureContext({
        cert: tls.cert,
        key: tls.key,
      });
      if (tls.validTo.getTime() < Date.now()) {
        emit({
          type: 'error',
          message: `--tls-cert ${tlsFiles.cert} expired on ${tls.validTo.toISOString().slice(0, 10)}: clients will refuse it`,
        });
      }
    }
    let fanout: Fanout;
    const recipient = (id: number) => registry.get(id);
    if (settings.redis === undefined) {
      chat = new Chat(chatOptions);
      fanout = createLocalFanout(chat, recipient);
    } else {
      // Loaded only here: a server alone (and the TUI's embedded one) never loads the Redis client.
      // eslint-disable-next-line no-restricted-syntax -- the one lazy load outside the composition roots
      const { createRedisCluster } = await import('./redis-cluster.js');
      cluster = createRedisCluster({
        url: settings.redis,
        optional: settings.redisOptional,
        lostAfterMs: settings.redisLostAfterMs,
        emit,
      });
      await cluster.start();
      chat = new Chat({ ...chatOptions, directory: cluster.directory });
      fanout = cluster.attach(chat, recipient);
    }
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
        void cluster?.close();
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
    const address = net.address() as AddressInfo;
    if (settings.udp) {
      try {
        udp = await listenUdp({
          host,
          port: settings.udpPort ?? address.port,
          rate: settings.udpRate,
          emit,
        });
      } catch (error) {
        await new Promise((resolve) => net.close(resolve));
        await cluster?.close();
        throw error;
      }
    }
    sweeper.start();
    emit({
      type: 'listening',
      host: address.address,
      port: address.port,
      transport: tlsFiles === undefined ? 'tcp' : 'tls',
    });
    if (udp !== undefined) {
      emit({ type: 'listening', host: address.address, port: udp.port, transport: 'udp' });
    }
    return udp === undefined
      ? { host: address.address, port: address.port }
      : { host: address.address, port: address.port, udpPort: udp.port };
  }

  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      sweeper.stop();
      void udp?.close();
      // The other servers hear that this one's members quit (server shutdown).
      const leaving = cluster?.close() ?? Promise.resolve();
      for (const socket of handshaking.values()) socket.destroy();
      const done = () => void leaving.then(() => resolve());
      if (!net.listening) {
        done();
        return;
      }
      const force = setTimeout(() => {
        for (const session of registry) session.destroy();
      }, CLOSE_GRACE_MS);
      closed = () => {
        clearTimeout(force);
        done();
      };
      net.close(() => {
        listenerClosed = true;
        resolveIfClosed();
      });
      registry.broadcast(SHUTDOWN_NOTICE);
      // Everyone goes at once: no quit notices to people who are leaving too.
      chat?.clear();
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
