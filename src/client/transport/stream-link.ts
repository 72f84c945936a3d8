import { createRequire } from 'node:module';
import net from 'node:net';
import type tlsModule from 'node:tls';
import { createLineFramer } from '../../protocol/line-framer.js';
import { formatTarget, type Target } from '../../shared/target.js';
import { errorCode } from '../../shared/error-code.js';
import { describeConnectTimeout, describeSocketError } from '../connection/error-text.js';
import {
  describeCertificateError,
  describeHandshakeError,
  tlsSummary,
} from '../connection/tls-text.js';
import { formatSeconds } from '../../shared/duration.js';
import type { Link, LinkEvents, OpenLink } from './link.js';
import type { TextEncoding } from '../../protocol/text-encoding.js';
import {
  initialTelnet,
  telnetReceive,
  telnetResize,
  telnetSend,
  type TelnetMode,
  type WindowSize,
} from '../../protocol/telnet-client.js';

/** How to check the server over TLS. */
export interface TlsSettings {
  /** Extra trusted CAs (PEM), on top of the system's. */
  readonly ca: string | undefined;
  /** The name sent as SNI and checked against the certificate (default: the host). */
  readonly servername: string | undefined;
  /** Connect whatever the certificate says (the panel says so, in red). */
  readonly insecure: boolean;
}

/** While bytes wait to go out, how often the panel hears how many are left. */
const BACKLOG_REPORT_MS = 250;

/**
 * Longest line kept whole; longer server lines are split into pieces this long, never dropped.
 * 1 MiB keeps a minified JSON reply on one line and bounds what one unfinished line can hold.
 */
const MAX_SERVER_LINE = 1 << 20;
/** The plain TCP link's read buffer (Node's own reads are 64 KiB too). */
const READ_BUFFER = 64 * 1024;
/**
 * How long one turn of the event loop may spend on reads before the socket yields to the rest
 * (keys, timers, the next frame) and reads on in the next turn. libuv reads a ready socket up
 * to 32 times in a row: 2 MiB of a flood, tens of milliseconds before a key could be seen.
 */
const TURN_MS = 3;
/**
 * A read whose lines took longer than a turn to handle halves the next read, down to this; one
 * handled in under half a turn doubles it, back up to READ_BUFFER. A 64 KiB read takes 8-18 ms
 * while the client is cold (its first reads of a flood), and a key waited behind it.
 */
const MIN_READ = 4 * 1024;
/**
 * Deferred reads (Connection.deferReads) stop only a trickle: once this much has been read
 * since reading last resumed, the server is flooding, and waiting for the frame would leave
 * its data queued in the kernel and the sender blocked.
 */
const TRICKLE_BYTES = 64 * 1024;

function socketAddress(address: string | undefined, port: number | undefined): string | undefined {
  return address === undefined || port === undefined
    ? undefined
    : formatTarget({ host: address, port });
}

const requireBuiltin = createRequire(import.meta.url);
let tlsLoaded: typeof tlsModule | undefined;
/** `node:tls`, loaded by the first TLS link: plain TCP does not wait for it at start-up. */
const loadTls = (): typeof tlsModule =>
  (tlsLoaded ??= requireBuiltin('node:tls') as typeof tlsModule);

function nameProblem(error: Error | undefined): { code?: string; message: string } | undefined {
  return error === undefined ? undefined : { code: errorCode(error), message: error.message };
}

/**
 * A TCP link, or with `tls` a TLS one: the same socket, lines and errors, from a different
 * socket factory, plus the certificate check before anything is sent.
 */
export function streamLink(
  target: Target,
  settings: TlsSettings | undefined,
  encoding: TextEncoding | undefined,
  telnetMode: TelnetMode,
  windowSize: () => WindowSize,
): OpenLink {
  const legacy = encoding !== undefined && !encoding.utf8 ? encoding : undefined;
  const tls = settings === undefined ? undefined : loadTls();
  // With --ca the CA is trusted on top of the system's, as the option promises.
  const ca =
    settings?.ca === undefined || tls === undefined
      ? undefined
      : [...tls.rootCertificates, settings.ca];
  // SNI carries names only (RFC 6066): an IP address is checked but not sent.
  const servername = settings?.servername ?? target.host;
  const sni = net.isIP(servername) === 0 ? servername : undefined;

  return (events: LinkEvents, timeoutMs: number): Link => {
    const { host, port } = target;
    const where = formatTarget(target);
    const readBuffer = Buffer.allocUnsafe(READ_BUFFER);
    let readSize = READ_BUFFER;
    const s: net.Socket =
      tls === undefined
        ? net.connect({
            host,
            port,
            noDelay: true,
            // One buffer for every read instead of a new one per read: a flood allocated
            // 64 KiB for each. What is kept of a read is copied (framer, hex ring, raw log).
            // Each read takes up to `readSize` bytes of it (MIN_READ).
            onread: { buffer: () => readBuffer.subarray(0, readSize), callback: (n) => read(n) },
          })
        : // Verified by hand once the handshake is done (below), so failures can name the
          // certificate's dates and names; nothing is sent before that.
          tls
            .connect({ host, port, servername: sni, ca, rejectUnauthorized: false })
            .setNoDelay(true);
    const lineFramer = createLineFramer({ maxLine: MAX_SERVER_LINE, overflow: 'split', encoding });
    let socketError: string | undefined;
    let permanent = false;
    let tcpUp = false;
    let secure = false;
    let telnet = initialTelnet(telnetMode, windowSize());
    // What the panel was last told is waiting to go out, and the timer that keeps it current.
    let reported = 0;
    let backlogTimer: NodeJS.Timeout | undefined;
    const reportBacklog = () => {
      const left = s.closed ? 0 : s.writableLength;
      if (left !== reported && !over) {
        reported = left;
        events.backlog(left);
      }
      if (left > 0 && !over)
        backlogTimer ??= setTimeout(() => {
          backlogTimer = undefined;
          reportBacklog();
        }, BACKLOG_REPORT_MS);
    };
    s.on('drain', reportBacklog);
    let over = false;

    const lose = (reason: string | undefined, isPermanent = false) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      clearTimeout(backlogTimer);
      events.lost(reason, isPermanent);
    };

    const timer = setTimeout(() => {
      lose(
        settings !== undefined && tcpUp
          ? `TLS handshake with ${where} timed out after ${formatSeconds(timeoutMs)}`
          : describeConnectTimeout(target, timeoutMs),
      );
    }, timeoutMs);

    const ready = () => {
      secure = true;
      if (over) return;
      clearTimeout(timer);
      const info = {
        remoteAddress: socketAddress(s.remoteAddress, s.remotePort),
        localAddress: socketAddress(s.localAddress, s.localPort),
      };
      if (tls === undefined || !(s instanceof tls.TLSSocket)) {
        events.opened(info);
        return;
      }
      const cert = s.getPeerCertificate();
      // Node checks the chain and the name itself (rejectUnauthorized only decides whether a
      // failure ends the socket) and leaves the failure's code in authorizationError; the name
      // is checked again here for a --servername that is an IP address, which is never sent.
      const unverified = s.authorized
        ? nameProblem(tls.checkServerIdentity(servername, cert))
        : { code: String(s.authorizationError), message: String(s.authorizationError) };
      if (unverified !== undefined && settings?.insecure !== true) {
        lose(describeCertificateError(unverified, cert, servername), true);
        s.destroy();
        return;
      }
      events.opened({
        ...info,
        tls: tlsSummary({
          protocol: s.getProtocol(),
          cipher: s.getCipher().standardName,
          cert,
          unverified,
          servername,
        }),
      });
    };

    s.once('connect', () => {
      tcpUp = true;
      if (settings === undefined) ready();
    });
    if (tls !== undefined && s instanceof tls.TLSSocket) s.once('secureConnect', ready);
    // TLS sockets take no `onread`: their reads come as 'data'.
    if (tls !== undefined) s.on('data', (raw: Buffer) => received(raw));
    // When this turn of the event loop began reading, and whether it stopped for the next turn.
    let turnStart: number | undefined;
    let paused = false;
    // Reads deferred (Connection.deferReads): whether asked to, whether the last read left the
    // socket empty, bytes read since reading last resumed, and whether reading stopped.
    let deferring = false;
    let drained = false;
    let sinceResumed = 0;
    let deferred = false;
    const trickle = () => drained && sinceResumed <= TRICKLE_BYTES;
    function read(n: number): boolean {
      if (turnStart === undefined) {
        turnStart = performance.now();
        setImmediate(nextTurn);
      }
      // A read that did not fill the buffer took everything there was.
      drained = n < readSize;
      sinceResumed += n;
      const began = performance.now();
      received(readBuffer.subarray(0, n));
      const took = performance.now() - began;
      if (took > TURN_MS && readSize > MIN_READ) readSize /= 2;
      else if (took < TURN_MS / 2 && n === readSize && readSize < READ_BUFFER) readSize *= 2;
      if (deferring && trickle()) {
        deferred = true;
        return false;
      }
      if (performance.now() - turnStart < TURN_MS) return true;
      // false pauses the socket (net's onread); nextTurn reads on.
      paused = true;
      return false;
    }
    function readOn(): void {
      if (!paused && !deferred && !over && !s.destroyed) s.resume();
    }
    function nextTurn(): void {
      turnStart = undefined;
      if (!paused) return;
      paused = false;
      readOn();
    }
    function received(raw: Buffer): void {
      if (over) return;
      let chunk = raw;
      if (telnetMode !== 'off') {
        const before = telnet;
        const out = telnetReceive(telnet, raw);
        telnet = out.state;
        chunk =
          out.data === raw
            ? raw
            : Buffer.from(out.data.buffer, out.data.byteOffset, out.data.length);
        if (out.reply.length > 0) s.write(out.reply);
        if (before.active !== telnet.active || before.serverEcho !== telnet.serverEcho) {
          events.telnet({ active: telnet.active, serverEcho: telnet.serverEcho });
        }
      }
      const lines = lineFramer.pushLines(chunk);
      events.received(lines, raw.length, lineFramer.pendingText(), undefined, raw);
    }
    s.on('error', (error) => {
      // Kept after the link is over too: a late error must not become an uncaught one.
      if (socketError !== undefined) return;
      const handshake =
        settings !== undefined && tcpUp
          ? describeHandshakeError({ code: errorCode(error), message: error.message }, where)
          : undefined;
      if (handshake !== undefined) {
        socketError = handshake.text;
        permanent = handshake.permanent;
      } else if (settings !== undefined && tcpUp && !secure) {
        // Node's own words for this one are about "secure TLS connection was established".
        socketError = `${where} closed the connection during the TLS handshake`;
      } else {
        const remote = socketAddress(s.remoteAddress, s.remotePort);
        socketError = describeSocketError(error, target, remote);
      }
    });
    s.on('close', () => {
      if (over) return;
      // The last line may lack its newline (a server that writes and hangs up).
      const tail = lineFramer.flush();
      if (tail.length > 0) {
        events.received(
          tail.flatMap((e) => (e.type === 'line' ? [e.text] : [])),
          0,
          '',
        );
      }
      const inHandshake = settings !== undefined && tcpUp && !secure;
      lose(
        socketError ??
          (inHandshake ? `${where} closed the connection during the TLS handshake` : undefined),
        permanent,
      );
    });

    return {
      write(chunks) {
        let text = chunks.length === 1 ? chunks[0]! : chunks.join('');
        // A telnet server wants CR LF line ends (RFC 854) and a 0xFF doubled.
        if (telnet.active) text = text.replace(/\r?\n/g, '\r\n');
        const bytes = legacy === undefined ? Buffer.from(text) : legacy.encode(text);
        s.write(telnetSend(telnet, bytes));
        reportBacklog();
      },
      destroy() {
        over = true;
        clearTimeout(timer);
        clearTimeout(backlogTimer);
        if (s.closed) return Promise.resolve();
        const done = new Promise<void>((resolve) => s.once('close', () => resolve()));
        s.destroy();
        return done;
      },
      deferReads(defer) {
        // TLS sockets read through 'data' events, on as before.
        if (tls !== undefined) return;
        deferring = defer;
        if (defer && trickle() && !deferred) {
          deferred = true;
          s.pause();
        } else if (!defer) {
          sinceResumed = 0;
          if (deferred) {
            deferred = false;
            readOn();
          }
        }
      },
      resize(size) {
        const out = telnetResize(telnet, size);
        telnet = out.state;
        if (out.reply.length > 0 && !s.closed) s.write(out.reply);
      },
      get buffered() {
        return s.closed ? 0 : s.writableLength;
      },
      drained() {
        if (s.closed || s.writableLength === 0) return Promise.resolve();
        return new Promise<void>((resolve) => {
          const done = () => {
            s.off('drain', done);
            s.off('close', done);
            resolve();
          };
          s.on('drain', done);
          s.on('close', done);
        });
      },
    };
  };
}
