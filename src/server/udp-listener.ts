import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { formatTarget } from '../shared/target.js';
import { MAX_UDP_PAYLOAD, udpReply } from './core/udp-reply.js';
import { UdpSources, type Summary } from './core/udp-sources.js';
import type { ServerEvent } from './core/server-event.js';
import { ServerError } from './core/server-error.js';

/** The UDP side of the server: one reply per datagram, bounded per source. */
export interface UdpListener {
  readonly port: number;
  close(): Promise<void>;
}

export interface UdpListenerOptions {
  readonly host: string;
  readonly port: number;
  /** Replies per second per source address (0: no limit). */
  readonly rate: number;
  readonly emit: (event: ServerEvent) => void;
}

/** A source silent this long is summed up in the log and forgotten. */
const QUIET_MS = 30_000;
const SWEEP_MS = 5_000;
/** Sources remembered at once: a flood of forged addresses cannot grow the table further. */
const MAX_SOURCES = 10_000;

function summaryEvent(summary: Summary): ServerEvent {
  return { type: 'udp-summary', ...summary };
}

/** Binds the UDP socket; rejects with a one-line ServerError (port taken...). */
export async function listenUdp(options: UdpListenerOptions): Promise<UdpListener> {
  const { host, port, emit } = options;
  const socket = dgram.createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' });
  const sources = new UdpSources({
    perSecond: options.rate,
    quietMs: QUIET_MS,
    maxSources: MAX_SOURCES,
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = formatTarget({ host, port });
      const why = error.code === 'EADDRINUSE' ? 'address already in use' : error.message;
      reject(new ServerError(error.code ?? 'EUDP', `cannot listen on ${where} (udp): ${why}`));
    };
    socket.once('error', onError);
    socket.bind({ address: host, port }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
  // From now on errors are about one datagram (an ICMP error for a reply): keep serving.
  socket.on('error', () => {});
  socket.on('message', (message, remote) => {
    const source = remote.address;
    const verdict = sources.datagram(
      source,
      message.length,
      message.length > MAX_UDP_PAYLOAD,
      Date.now(),
    );
    if (verdict.evicted !== undefined) emit(summaryEvent(verdict.evicted));
    if (verdict.newSource) emit({ type: 'udp-source', source });
    if (!verdict.answer) return;
    socket.send(udpReply(message), remote.port, remote.address);
  });
  const sweeper = setInterval(() => {
    for (const summary of sources.sweep(Date.now())) emit(summaryEvent(summary));
  }, SWEEP_MS).unref();

  const bound = socket.address();
  let closing: Promise<void> | undefined;
  return {
    port: bound.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(sweeper);
        for (const summary of sources.drain()) emit(summaryEvent(summary));
        socket.close(() => resolve());
      });
      return closing;
    },
  };
}
