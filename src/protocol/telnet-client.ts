/**
 * The client side of telnet (RFC 854) as a pure state machine: bytes from the server in, the
 * data in them, the answers to send back and what the server asked of us out. It implements
 * ECHO (the server echoes: typing is hidden, as for a password), SGA, NAWS (the window size)
 * and TTYPE (`XTERM-256COLOR`); every other option is refused. It answers only changes, so a
 * server repeating itself (an IAC storm) gets at most one answer per option.
 */

export const IAC = 0xff;
const SE = 0xf0;
const SB = 0xfa;
const WILL = 0xfb;
const WONT = 0xfc;
const DO = 0xfd;
const DONT = 0xfe;

export const ECHO = 1;
const SGA = 3;
const TTYPE = 24;
const NAWS = 31;
const TTYPE_IS = 0;
const TTYPE_SEND = 1;

/** What the client calls itself when the server asks (TTYPE). */
export const TERMINAL_TYPE = 'XTERM-256COLOR';
/** Longest subnegotiation kept; the rest of a longer one is dropped. */
const MAX_SUB = 64;

/**
 * Options a real telnet server negotiates (the RFC ones up to NEW-ENVIRON and CHARSET, and the
 * MUD ones: MSDP, MSSP, MCCP, MSP, MXP, ZMP, ATCP, GMCP). In `auto` mode only one of these
 * after IAC and a verb makes the stream telnet, so a raw server's invalid UTF-8 that happens to
 * hold 0xFF stays data.
 */
function knownOption(option: number): boolean {
  return option <= 42 || [69, 70, 85, 86, 90, 91, 93, 200, 201].includes(option);
}

/** `auto`: telnet once the server negotiates; `on`: telnet from the start; `off`: raw bytes. */
export type TelnetMode = 'auto' | 'on' | 'off';

export interface WindowSize {
  readonly cols: number;
  readonly rows: number;
}

export interface TelnetState {
  readonly mode: TelnetMode;
  /** Negotiation seen (or forced): IAC means telnet from now on. */
  readonly active: boolean;
  /** The server said WILL ECHO: it echoes, so our input is hidden. */
  readonly serverEcho: boolean;
  /** Options we agreed to do (WILL sent) and the server agreed to do (DO sent). */
  readonly ours: ReadonlySet<number>;
  readonly theirs: ReadonlySet<number>;
  /** Where the parser is in a command; bytes of a subnegotiation so far. */
  readonly parse: 'data' | 'iac' | 'probe' | 'verb' | 'sub' | 'sub-iac';
  readonly verb: number;
  readonly sub: readonly number[];
  readonly window: WindowSize;
  /** TTYPE answers given: a few at most, however often the server asks. */
  readonly ttypeAnswers: number;
}

export interface TelnetOutput {
  readonly state: TelnetState;
  /** What the server sent that is data. */
  readonly data: Uint8Array;
  /** Answers to write back, in order. */
  readonly reply: Uint8Array;
}

export function initialTelnet(mode: TelnetMode, window: WindowSize): TelnetState {
  return {
    mode,
    active: mode === 'on',
    serverEcho: false,
    ours: new Set(),
    theirs: new Set(),
    parse: 'data',
    verb: 0,
    sub: [],
    window,
    ttypeAnswers: 0,
  };
}

function nawsBytes({ cols, rows }: WindowSize): number[] {
  const clamp = (n: number) => Math.max(0, Math.min(0xffff, Math.floor(n)));
  const bytes = [clamp(cols) >> 8, clamp(cols) & 0xff, clamp(rows) >> 8, clamp(rows) & 0xff];
  // A 255 in the size is data: doubled, as everywhere in a subnegotiation.
  return [IAC, SB, NAWS, ...bytes.flatMap((b) => (b === IAC ? [IAC, IAC] : [b])), IAC, SE];
}

/** Feeds bytes from the server. */
export function telnetReceive(state: TelnetState, chunk: Uint8Array): TelnetOutput {
  if (state.mode === 'off' || (state.parse === 'data' && !chunk.includes(IAC))) {
    return { state, data: chunk, reply: new Uint8Array(0) };
  }
  const data: number[] = [];
  const reply: number[] = [];
  let { active, serverEcho, parse, verb, sub } = state;
  const ours = new Set(state.ours);
  const theirs = new Set(state.theirs);
  let ttypeAnswers = state.ttypeAnswers;

  const negotiate = (command: number, option: number) => {
    switch (command) {
      case WILL:
        // The server offers to do something: ECHO and SGA are welcome.
        if (option === ECHO || option === SGA) {
          if (!theirs.has(option)) reply.push(IAC, DO, option);
          theirs.add(option);
          if (option === ECHO) serverEcho = true;
        } else if (!theirs.has(-option)) {
          reply.push(IAC, DONT, option);
          theirs.add(-option);
        }
        return;
      case WONT:
        if (theirs.has(option)) reply.push(IAC, DONT, option);
        theirs.delete(option);
        if (option === ECHO) serverEcho = false;
        return;
      case DO:
        // The server asks us to do something: size, terminal type, SGA; not echo, nor the rest.
        if (option === NAWS || option === TTYPE || option === SGA) {
          if (!ours.has(option)) {
            reply.push(IAC, WILL, option);
            ours.add(option);
          }
          if (option === NAWS) reply.push(...nawsBytes(state.window));
        } else if (!ours.has(-option)) {
          reply.push(IAC, WONT, option);
          ours.add(-option);
        }
        return;
      case DONT:
        if (ours.has(option)) reply.push(IAC, WONT, option);
        ours.delete(option);
        return;
    }
  };

  const subnegotiation = (bytes: readonly number[]) => {
    if (bytes[0] === TTYPE && bytes[1] === TTYPE_SEND && ours.has(TTYPE) && ttypeAnswers < 4) {
      ttypeAnswers++;
      reply.push(IAC, SB, TTYPE, TTYPE_IS, ...Buffer.from(TERMINAL_TYPE, 'ascii'), IAC, SE);
    }
  };

  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    switch (parse) {
      case 'data':
        if (b === IAC) parse = 'iac';
        else data.push(b);
        break;
      case 'iac':
        if (!active) {
          // Auto: only a verb and a known option make this telnet; a raw 0xFF stays data.
          if (b >= SB && b <= DONT) {
            parse = 'probe';
            verb = b;
          } else {
            data.push(IAC);
            parse = 'data';
            i--;
          }
          break;
        }
        if (b === IAC) {
          data.push(IAC);
          parse = 'data';
        } else if (b === SB) {
          parse = 'sub';
          sub = [];
        } else if (b >= WILL && b <= DONT) {
          parse = 'verb';
          verb = b;
        } else {
          parse = 'data'; // NOP, GA, AYT...: nothing to show
        }
        break;
      case 'probe':
        if (knownOption(b)) {
          active = true;
          if (verb === SB) {
            parse = 'sub';
            sub = [b];
          } else {
            negotiate(verb, b);
            parse = 'data';
          }
        } else {
          data.push(IAC, verb);
          parse = 'data';
          i--;
        }
        break;
      case 'verb':
        negotiate(verb, b);
        parse = 'data';
        break;
      case 'sub':
        if (b === IAC) parse = 'sub-iac';
        else if (sub.length < MAX_SUB) sub = [...sub, b];
        break;
      case 'sub-iac':
        if (b === SE) {
          subnegotiation(sub);
          parse = 'data';
        } else {
          if (b === IAC && sub.length < MAX_SUB) sub = [...sub, IAC];
          parse = 'sub';
        }
        break;
    }
  }
  return {
    state: { ...state, active, serverEcho, ours, theirs, parse, verb, sub, ttypeAnswers },
    data: Uint8Array.from(data),
    reply: Uint8Array.from(reply),
  };
}

/** The window changed: the new size, and the NAWS update to send if the server asked for it. */
export function telnetResize(
  state: TelnetState,
  window: WindowSize,
): { readonly state: TelnetState; readonly reply: Uint8Array } {
  const changed = window.cols !== state.window.cols || window.rows !== state.window.rows;
  const reply =
    changed && state.ours.has(NAWS) ? Uint8Array.from(nawsBytes(window)) : new Uint8Array(0);
  return { state: { ...state, window }, reply };
}

/** Bytes to send, as telnet wants them: a 0xFF doubled (IAC IAC), once telnet is on. */
export function telnetSend(state: TelnetState, bytes: Uint8Array): Uint8Array {
  if (!state.active || !bytes.includes(IAC)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Uint8Array.from(out);
}
