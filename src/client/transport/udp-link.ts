import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { datagramLines } from '../../protocol/datagram.js';
import { errorCode } from '../../shared/error-code.js';
import { formatTarget, type Target } from '../../shared/target.js';
import { describeConnectTimeout, describeSocketError } from '../connection/error-text.js';
import type { Link, LinkEvents, OpenLink } from './link.js';
import type { TextEncoding } from '../../protocol/text-encoding.js';

/** The largest payload one UDP datagram can carry (65,535 less the IPv4 and UDP headers). */
const MAX_DATAGRAM = 65_507;

/**
 * A UDP link: a connected UDP socket, so only the server's replies arrive and an ICMP
 * port-unreachable comes back as ECONNREFUSED. There is no connection to lose: it is ready
 * once the name resolves, and it lasts until closed.
 */
export function udpLink(target: Target, encoding: TextEncoding | undefined): OpenLink {
  return (events: LinkEvents, timeoutMs: number): Link => {
    const where = formatTarget(target);
    let socket: dgram.Socket | undefined;
    let over = false;
    let closed = false;
    let connected = false;
    let buffered = 0;
    const waiting = new Set<() => void>();

    const settle = () => {
      if (buffered > 0 && !closed) return;
      for (const resolve of waiting) resolve();
      waiting.clear();
    };
    const lose = (reason: string) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      events.lost(reason);
    };
    const timer = setTimeout(() => lose(describeConnectTimeout(target, timeoutMs)), timeoutMs);

    void lookup(target.host).then(
      ({ address, family }) => {
        if (over) return;
        const s = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
        socket = s;
        s.on('close', () => {
          closed = true;
          settle();
        });
        s.on('error', (error) => {
          if (over) return;
          if (errorCode(error) === 'ECONNREFUSED') {
            events.trouble(`nothing listening on ${where} (udp)`);
          } else if (!connected) {
            lose(describeSocketError(error, target));
          } else {
            events.trouble(describeSocketError(error, target));
          }
        });
        s.on('message', (message) => {
          if (!over)
            events.received(datagramLines(message, encoding), message.length, '', 1, message);
        });
        s.connect(target.port, address, () => {
          if (over) return;
          connected = true;
          clearTimeout(timer);
          const remote = s.remoteAddress();
          const local = s.address();
          events.opened({
            remoteAddress: formatTarget({ host: remote.address, port: remote.port }),
            localAddress: formatTarget({ host: local.address, port: local.port }),
          });
        });
      },
      (error: unknown) => lose(describeSocketError(error, target)),
    );

    return {
      write(chunks) {
        const s = socket;
        if (s === undefined || over) return;
        for (const chunk of chunks) {
          const data = Buffer.from(
            encoding === undefined ? Buffer.from(chunk) : encoding.encode(chunk),
          );
          if (data.length > MAX_DATAGRAM) {
            events.trouble(
              `line not sent: ${data.length} bytes is more than one UDP datagram holds (${MAX_DATAGRAM})`,
            );
            continue;
          }
          buffered += data.length;
          s.send(data, (error) => {
            buffered -= data.length;
            settle();
            if (error && !over) {
              events.trouble(
                errorCode(error) === 'ECONNREFUSED'
                  ? `nothing listening on ${where} (udp)`
                  : describeSocketError(error, target),
              );
            }
          });
        }
      },
      destroy() {
        over = true;
        clearTimeout(timer);
        const s = socket;
        if (s === undefined || closed) return Promise.resolve();
        const done = new Promise<void>((resolve) => s.once('close', () => resolve()));
        s.close();
        return done;
      },
      // (UDP sends are never held up by the server: no backlog to report.)
      resize() {
        // No telnet over UDP.
      },
      deferReads() {
        // Datagrams are read as they come: the kernel's queue for them is small.
      },
      get buffered() {
        return closed ? 0 : buffered;
      },
      drained() {
        if (buffered === 0 || closed) return Promise.resolve();
        return new Promise<void>((resolve) => waiting.add(resolve));
      },
    };
  };
}
