import type { Socket } from 'node:net';
import { createLineFramer, type FrameEvent, type LineFramer } from '../protocol/line-framer.js';
import { createTelnetFilter, type TelnetFilter } from '../protocol/telnet-filter.js';
import { checkExhaustive } from '../shared/check-exhaustive.js';
import { socketErrorText } from '../shared/socket-error.js';
import {
  formatListing,
  lineTooLong,
  respond,
  type CommandContext,
  type Reply,
} from './core/commands.js';
import { countLines } from '../shared/count-lines.js';
import type { Chat, ChatAction, Delivery, MemberId } from './core/chat.js';
import type { NameKey } from './core/chat-names.js';
import type { Listing } from './core/listing.js';
import type { Sandbox } from './fs-sandbox.js';
import type { Sweepable } from './idle-sweeper.js';
import type { Fanout, Recipient } from './local-fanout.js';

/** Settings shared by every session of one server (one object, not one per connection). */
export interface SessionConfig {
  readonly maxLine: number;
  readonly idleTimeoutMs: number;
  readonly partialFlushMs: number;
  readonly context: CommandContext;
  readonly sandbox: Sandbox;
  readonly chat: Chat;
  readonly fanout: Fanout;
  /** Most bytes waiting to be written to one client before it is cut off as too slow. */
  readonly maxSendq: number;
  /** The room every connection joins at connect (`--room`), if any. */
  readonly room: string | undefined;
  /** Called once, when the socket has closed. */
  readonly onClose: (session: Session, reason: string) => void;
}

export const BANNER = 'Welcome!\nType "help" for commands.\n';
const BANNER_LINES = 2;

/** Replies collected from one read are written early once they reach this many characters. */
const BATCH_LIMIT = 64 * 1024;
/** After the server ends a connection, how long the peer gets to close its side. */
const LINGER_MS = 2000;
/** Dead peers of lurkers in a room are found by TCP keepalive, not by the idle timeout. */
const KEEPALIVE_MS = 60_000;
const LF = Buffer.from('\n');

// Socket events go to shared functions that find their session here, rather than to
// closures made per connection: with 10,000 clients every byte of per-session state counts.
const SESSION = Symbol('tcpchat.session');
type OwnedSocket = Socket & { [SESSION]: Session };
const sessionOf = (socket: Socket): Session => (socket as OwnedSocket)[SESSION];

function onData(this: Socket, chunk: Buffer): void {
  sessionOf(this).data(chunk);
}
function onEnd(this: Socket): void {
  sessionOf(this).inputEnd();
}
function onDrain(this: Socket): void {
  sessionOf(this).drained();
}
function onError(this: Socket, error: Error): void {
  sessionOf(this).failed(error);
}
function onClose(this: Socket): void {
  sessionOf(this).closed();
}
function onPartialFlush(session: Session): void {
  session.partialFlush();
}
function onLinger(socket: Socket): void {
  socket.destroy();
}
function onTickEnd(session: Session): void {
  session.uncork();
}
function onThrottleCheck(session: Session, room: NameKey): void {
  session.throttleCheck(room);
}

/** How often a sender held back by a congested room looks again. */
const THROTTLE_CHECK_MS = 5;

/** `256 KiB`, `1000 bytes`: a send-queue limit as the too-slow notice says it. */
function formatSendq(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** How a socket error names this end's peer: the disconnect log line names its address already. */
const PEER = { host: 'the client', address: 'the client', role: 'client' } as const;

/**
 * One client connection: bytes → telnet filter → line framer → command table → one write
 * per read. Reading pauses while an `ls` is in flight (so replies stay in order) and while
 * the client is not reading its replies (so memory stays bounded).
 */
export class Session implements Sweepable, Recipient {
  readonly peer: string;
  readonly startedAt = Date.now();
  active = true;
  quietSweeps = 0;
  linesIn = 0;
  linesOut = 0;

  private readonly framer: LineFramer;
  private readonly telnet: TelnetFilter = createTelnetFilter();
  /** Replies not yet written. */
  private out = '';
  /** Lines read but not yet answered, waiting for an `ls` or for the client to read. */
  private backlog: FrameEvent[] | undefined;
  /** An `ls` is in flight. */
  private busy = false;
  /** The socket's buffer is full: wait for 'drain'. */
  private blocked = false;
  private paused = false;
  /** The client has shut its sending side (or closed). */
  private inputEnded = false;
  /** The server has ended the socket (or it died): no more input is answered. */
  private closing = false;
  private reason = 'client closed';
  private partialTimer: NodeJS.Timeout | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  /** Lines from others held while an `ls` is in flight (so replies keep their order). */
  private held: Buffer[] | undefined;
  private heldBytes = 0;
  /** Writes are being gathered into one until the end of this tick. */
  private corked = false;
  /** Its send queue went over --max-sendq: it is cut off at the end of this tick. */
  private tooSlow = false;
  /** Since when its socket has held more than it takes at once (cleared on 'drain'). */
  behindSince: number | undefined;
  /** Lines it said in its room during this read, not fanned out yet. */
  private said: { readonly room: NameKey; text: string } | undefined;
  /** The room it said something in during this read, to check for congestion after. */
  private spokeIn: NameKey | undefined;
  /** Reading is held back: it sends faster than its room can read. */
  private throttled = false;
  private throttleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly config: SessionConfig,
    peer: string,
    /** Its identity in the chat. */
    readonly id: MemberId,
  ) {
    this.peer = peer;
    this.framer = createLineFramer({ maxLine: config.maxLine });
    (socket as OwnedSocket)[SESSION] = this;
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('drain', onDrain);
    socket.on('error', onError);
    socket.on('close', onClose);
  }

  /** Greets the client (banner in one write, with its room and nick under `--room`). */
  start(): void {
    this.socket.setKeepAlive(true, KEEPALIVE_MS);
    this.config.chat.connect(this.id);
    this.out = BANNER;
    this.linesOut += BANNER_LINES;
    if (this.config.room !== undefined) {
      this.route(this.config.chat.act(this.id, { type: 'join', room: this.config.room }, true));
    }
    this.flushOut();
    this.updateReading();
  }

  /**
   * Lines from another client (chat). Never blocks and never waits for this client: they are
   * queued, and a client whose queue grows past --max-sendq is cut off as too slow.
   */
  deliver(bytes: Buffer, lines: number): void {
    if (this.closing || this.tooSlow) return;
    this.linesOut += lines;
    if (this.busy) {
      (this.held ??= []).push(bytes);
      this.heldBytes += bytes.length;
    } else {
      this.cork();
      this.flushOut();
      if (!this.socket.write(bytes)) this.behindSince ??= Date.now();
    }
    const queued = this.socket.writableLength + this.heldBytes + this.out.length;
    // Cut off at the end of the tick: its quit notice must not land inside a fan-out that is
    // still going, or members would see the room's lines in different orders.
    if (queued > this.config.maxSendq) {
      this.tooSlow = true;
      this.cork();
    }
  }

  /** @internal end of the tick that corked the socket: one write for everything gathered. */
  uncork(): void {
    this.corked = false;
    this.socket.uncork();
    if (this.tooSlow && !this.closing) {
      const limit = formatSendq(this.config.maxSendq);
      this.out += `ERR too slow: send queue over ${limit}\n`;
      this.end(`too slow: send queue over ${limit}`);
    }
  }

  /** Gathers this tick's writes into one (a read of many chat lines → one write per member). */
  private cork(): void {
    if (this.corked) return;
    this.corked = true;
    this.socket.cork();
    process.nextTick(onTickEnd, this);
  }

  /** Sends text (whole lines) to this client outside the request/reply flow. */
  send(text: string): void {
    if (this.closing) return;
    this.out += text;
    this.linesOut += countLines(text);
    // While an `ls` is in flight the text waits, so it cannot land between earlier replies.
    if (!this.busy) this.flushOut();
    this.updateReading();
  }

  /** Ends the connection after everything queued has been written. */
  end(reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.reason = reason;
    this.backlog = undefined;
    this.leaveChat(reason);
    this.flushOut();
    this.socket.end();
    clearTimeout(this.partialTimer);
    // Keep reading, discarding, so the peer's FIN is seen and the socket can close.
    this.updateReading();
    this.lingerTimer = setTimeout(onLinger, LINGER_MS, this.socket).unref();
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.socket.destroy();
  }

  /** Called by the idle sweeper: the client has been silent too long. */
  idle(): void {
    if (this.closing) return;
    // Lurkers are welcome in a room (keepalive finds their dead peers).
    if (this.config.chat.inRoom(this.id)) {
      this.active = true;
      return;
    }
    this.send(`Closing idle connection (no input for ${this.config.idleTimeoutMs / 1000} s)\n`);
    this.end('idle timeout');
  }

  /** @internal socket 'data' */
  data(chunk: Buffer): void {
    if (this.closing) return;
    this.active = true;
    const events = this.framer.push(this.telnet.push(chunk));
    if (events.length > 0) this.handle(events);
    if (this.closing) return; // `exit` in this chunk: nothing may follow its Goodbye
    const telnetReply = this.telnet.takeReply();
    if (telnetReply !== undefined) this.writeRaw(telnetReply);
    if (this.framer.pending > 0 && this.config.partialFlushMs > 0) this.armPartialFlush();
    const room = this.spokeIn;
    this.spokeIn = undefined;
    if (room !== undefined && this.config.fanout.congested(room, this.id)) this.throttle(room);
    this.updateReading();
  }

  /** @internal throttle timer: reads again once the room has caught up. */
  throttleCheck(room: NameKey): void {
    this.throttleTimer = undefined;
    if (this.closing) return;
    if (this.config.fanout.congested(room, this.id)) {
      this.throttle(room);
      return;
    }
    this.throttled = false;
    this.updateReading();
  }

  /** Holds reading back: what it says reaches the room as fast as the room reads, no faster. */
  private throttle(room: NameKey): void {
    this.throttled = true;
    this.throttleTimer ??= setTimeout(onThrottleCheck, THROTTLE_CHECK_MS, this, room);
  }

  /** @internal socket 'end': the client shut its sending side. */
  inputEnd(): void {
    this.inputEnded = true;
    if (this.closing) return;
    // The last line needs no newline: the end of input completes it.
    if (this.framer.pending > 0) this.handle(this.framer.push(LF));
    this.endIfDone();
  }

  /** @internal socket 'drain' */
  drained(): void {
    this.behindSince = undefined;
    if (!this.blocked || this.closing) return;
    this.active = true;
    this.blocked = false;
    this.resume();
  }

  /** @internal socket 'error' (a 'close' follows) */
  failed(error: Error): void {
    if (!this.closing) this.reason = socketErrorText(error, PEER);
    this.closing = true;
  }

  /** @internal socket 'close' */
  closed(): void {
    this.closing = true;
    this.leaveChat(this.reason);
    clearTimeout(this.partialTimer);
    clearTimeout(this.lingerTimer);
    clearTimeout(this.throttleTimer);
    this.config.onClose(this, this.reason);
  }

  /** @internal partial-flush timer */
  partialFlush(): void {
    // While reading is paused the rest of the line may be waiting unread: resume() re-arms.
    if (this.closing || this.busy || this.blocked || this.inputEnded) return;
    const events = this.framer.flush();
    if (events.length > 0) this.handle(events);
    this.updateReading();
  }

  private armPartialFlush(): void {
    if (this.partialTimer === undefined) {
      this.partialTimer = setTimeout(onPartialFlush, this.config.partialFlushMs, this).unref();
    } else {
      // A fired timer is re-armed by refresh() too; it is a no-op when nothing is pending.
      this.partialTimer.refresh();
    }
  }

  private handle(events: FrameEvent[]): void {
    if (this.busy || this.blocked) {
      this.backlog = this.backlog === undefined ? events : this.backlog.concat(events);
      return;
    }
    this.run(events, 0);
  }

  /** Answers `events` from index `i` on, until done or until it has to wait. */
  private run(events: FrameEvent[], from: number): void {
    try {
      this.runFrom(events, from);
    } finally {
      this.flushSaid();
    }
  }

  /** `run`'s loop; what it says in a room is gathered and fanned out once at the end. */
  private runFrom(events: FrameEvent[], i: number): void {
    for (; i < events.length; i++) {
      if (this.closing) return;
      const event = events[i]!;
      this.linesIn++;
      const reply: Reply =
        event.type === 'line'
          ? respond(event.text, this.config.context, this.config.chat.inRoom(this.id))
          : lineTooLong(event.limit);
      switch (reply.type) {
        case 'none':
          break;
        case 'text':
          this.out += reply.text;
          this.linesOut += reply.lines;
          if (this.out.length >= BATCH_LIMIT && this.flushOut()) {
            this.wait(events, i + 1);
            return;
          }
          break;
        case 'close':
          this.out += reply.text;
          this.linesOut += reply.lines;
          this.end('client quit');
          return;
        case 'chat':
          this.chat(reply.action);
          if (this.closing) return; // too slow for its own /msg
          if (this.busy) {
            // Waiting for other servers: the rest of this read waits too.
            this.wait(events, i + 1);
            return;
          }
          if (this.out.length >= BATCH_LIMIT && this.flushOut()) {
            this.wait(events, i + 1);
            return;
          }
          break;
        case 'list':
          this.busy = true;
          this.wait(events, i + 1);
          this.config.sandbox.list(reply.path).then(
            (listing) => this.listed(listing),
            (error: unknown) => this.listed({ type: 'error', message: `cannot list: ${error}` }),
          );
          return;
        default:
          checkExhaustive(reply);
      }
    }
    this.flushOut();
    this.endIfDone();
  }

  private chat(action: ChatAction): void {
    this.route(this.config.chat.act(this.id, action));
  }

  /**
   * Replies to this client join its batch; the rest go out through the fan-out. At a delivery
   * that needs other servers, the session waits (busy, like an `ls`) and routes the rest after.
   */
  private route(deliveries: readonly Delivery[]): void {
    for (let i = 0; i < deliveries.length; i++) {
      const d = deliveries[i]!;
      switch (d.to) {
        case 'self':
          this.out += d.text;
          this.linesOut += countLines(d.text);
          break;
        case 'room':
          if (d.said && d.except === this.id) {
            // Its own lines to its room: a read of many is one buffer for every member.
            if (this.said !== undefined && this.said.room !== d.room) this.flushSaid();
            (this.said ??= { room: d.room, text: '' }).text += d.text;
            this.spokeIn = d.room;
          } else {
            this.flushSaid();
            this.config.fanout.toRoom(d.room, d.text, d.except, d.said);
          }
          break;
        case 'nick':
          this.flushSaid();
          this.config.fanout.toNick(d.nick, d.text, d.from, d.unknown);
          break;
        case 'later': {
          this.flushSaid();
          this.busy = true;
          const rest = deliveries.slice(i + 1);
          d.deliveries.then(
            (now) => this.answered([...now, ...rest]),
            () => this.answered(rest),
          );
          return;
        }
        default:
          checkExhaustive(d);
      }
    }
  }

  /** Fans out what it said and has not sent yet (before anything that may follow it). */
  private flushSaid(): void {
    const said = this.said;
    if (said === undefined) return;
    this.said = undefined;
    this.config.fanout.toRoom(said.room, said.text, this.id, true);
  }

  /** Out of the chat (again is a no-op: the chat forgets it): its room hears why. */
  private leaveChat(reason: string): void {
    this.flushSaid();
    this.route(this.config.chat.disconnect(this.id, reason));
  }

  private wait(events: FrameEvent[], from: number): void {
    if (from < events.length) this.backlog = events.slice(from);
  }

  /** Other servers have answered: what waited for them goes out, then reading resumes. */
  private answered(deliveries: readonly Delivery[]): void {
    this.busy = false;
    if (this.closing) return;
    this.route(deliveries);
    if (!this.busy) this.resume();
  }

  private listed(listing: Listing): void {
    this.busy = false;
    if (this.closing) return;
    const reply = formatListing(listing);
    if (reply.type === 'text') {
      this.out += reply.text;
      this.linesOut += reply.lines;
    }
    // A read full of `ls` lines must not pile up their listings: write as the batch grows.
    if (this.out.length >= BATCH_LIMIT) this.flushOut();
    this.resume();
  }

  /** Continues after an `ls` or a 'drain': the backlog first, then reading again. */
  private resume(): void {
    if (this.blocked) {
      this.updateReading(); // the rest waits for 'drain'
      return;
    }
    const backlog = this.backlog;
    this.backlog = undefined;
    if (backlog !== undefined) {
      this.run(backlog, 0);
    } else {
      this.flushOut();
      this.endIfDone();
    }
    this.updateReading();
    if (!this.paused && this.framer.pending > 0 && this.config.partialFlushMs > 0) {
      this.armPartialFlush();
    }
  }

  /** Writes what is queued; returns true when the client is not keeping up (wait for 'drain'). */
  private flushOut(): boolean {
    if (this.out !== '') {
      if (!this.socket.write(this.out)) this.blocked = true;
      this.out = '';
    }
    if (this.held !== undefined) {
      const held = this.held;
      this.held = undefined;
      this.heldBytes = 0;
      this.cork();
      for (const bytes of held) if (!this.socket.write(bytes)) this.blocked = true;
    }
    if (this.blocked) this.behindSince ??= Date.now();
    return this.blocked;
  }

  /** Writes protocol bytes (not text) after the replies written so far. */
  private writeRaw(bytes: Buffer): void {
    if (!this.busy) this.flushOut();
    if (!this.socket.write(bytes)) this.blocked = true;
  }

  /** After a half-close: once every line has been answered, end our side too. */
  private endIfDone(): void {
    if (this.inputEnded && !this.busy && this.backlog === undefined) this.end('client closed');
  }

  private updateReading(): void {
    const pause = !this.closing && (this.busy || this.blocked || this.throttled);
    if (pause === this.paused) return;
    this.paused = pause;
    if (pause) this.socket.pause();
    else this.socket.resume();
  }
}
