import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  initialTelnet,
  telnetReceive,
  telnetResize,
  telnetSend,
  type TelnetMode,
  type TelnetState,
} from '../../src/protocol/telnet-client.js';

const IAC = 255;
const [SE, SB, WILL, WONT, DO, DONT] = [240, 250, 251, 252, 253, 254];
const [ECHO, SGA, TTYPE, NAWS, LINEMODE] = [1, 3, 24, 31, 34];
const window = { cols: 80, rows: 24 };

function feed(bytes: number[], mode: TelnetMode = 'auto', state?: TelnetState) {
  const out = telnetReceive(state ?? initialTelnet(mode, window), Uint8Array.from(bytes));
  return { ...out, data: [...out.data], reply: [...out.reply] };
}

describe('telnet client', () => {
  it('keeps negotiation off the screen and data on it', () => {
    const out = feed([...Buffer.from('hi'), IAC, WILL, SGA, ...Buffer.from('!')]);
    expect(Buffer.from(out.data).toString()).toBe('hi!');
    expect(out.reply).toEqual([IAC, DO, SGA]);
    expect(out.state.active).toBe(true);
  });

  it('honours WILL ECHO until WONT ECHO (the password case)', () => {
    const on = feed([IAC, WILL, ECHO]);
    expect(on.reply).toEqual([IAC, DO, ECHO]);
    expect(on.state.serverEcho).toBe(true);
    const off = feed([IAC, WONT, ECHO], 'auto', on.state);
    expect(off.reply).toEqual([IAC, DONT, ECHO]);
    expect(off.state.serverEcho).toBe(false);
  });

  it('answers NAWS with the window size, and again when it changes', () => {
    const out = feed([IAC, DO, NAWS]);
    expect(out.reply).toEqual([IAC, WILL, NAWS, IAC, SB, NAWS, 0, 80, 0, 24, IAC, SE]);
    const resized = telnetResize(out.state, { cols: 300, rows: 255 });
    expect([...resized.reply]).toEqual([IAC, SB, NAWS, 1, 44, 0, IAC, IAC, IAC, SE]);
    expect([...telnetResize(resized.state, { cols: 300, rows: 255 }).reply]).toEqual([]);
    // Not asked for: nothing to send.
    expect([...telnetResize(initialTelnet('on', window), window).reply]).toEqual([]);
  });

  it('answers TTYPE with XTERM-256COLOR', () => {
    const agreed = feed([IAC, DO, TTYPE]);
    expect(agreed.reply).toEqual([IAC, WILL, TTYPE]);
    const asked = feed([IAC, SB, TTYPE, 1, IAC, SE], 'auto', agreed.state);
    expect(asked.reply).toEqual([IAC, SB, TTYPE, 0, ...Buffer.from('XTERM-256COLOR'), IAC, SE]);
    // Asked again and again: answered a few times, not without end.
    const again = Array.from({ length: 100 }, () => [IAC, SB, TTYPE, 1, IAC, SE]).flat();
    expect(feed(again, 'auto', asked.state).reply.length).toBe(3 * asked.reply.length);
  });

  it('refuses what it does not implement, once', () => {
    expect(feed([IAC, DO, LINEMODE]).reply).toEqual([IAC, WONT, LINEMODE]);
    expect(feed([IAC, WILL, LINEMODE]).reply).toEqual([IAC, DONT, LINEMODE]);
    expect(feed([IAC, DO, ECHO]).reply).toEqual([IAC, WONT, ECHO]);
    // An IAC storm: a thousand asks, one answer.
    const storm = Array.from({ length: 1000 }, () => [IAC, DO, LINEMODE]).flat();
    expect(feed(storm).reply).toEqual([IAC, WONT, LINEMODE]);
  });

  it('reads IAC IAC as a literal 0xFF', () => {
    expect(feed([IAC, WILL, SGA, 0x41, IAC, IAC, 0x42]).data).toEqual([0x41, IAC, 0x42]);
  });

  it('leaves a raw server’s 0xFF as data (auto before any negotiation, and --raw)', () => {
    expect(feed([0x41, IAC, 0x42]).data).toEqual([0x41, IAC, 0x42]);
    expect(feed([0x41, IAC, IAC, 0x42]).data).toEqual([0x41, IAC, IAC, 0x42]);
    // Invalid UTF-8 that looks like a command with an option no server uses.
    expect(feed([0x41, IAC, DONT, 0xc3, 0x20]).data).toEqual([0x41, IAC, DONT, 0xc3, 0x20]);
    expect(feed([0x41, IAC, DONT, 0xc3, 0x20]).state.active).toBe(false);
    expect(feed([IAC, WILL, ECHO], 'off').data).toEqual([IAC, WILL, ECHO]);
  });

  it('doubles 0xFF in what it sends, once telnet is on', () => {
    expect([...telnetSend(initialTelnet('on', window), Uint8Array.of(1, IAC, 2))]).toEqual([
      1,
      IAC,
      IAC,
      2,
    ]);
    expect([...telnetSend(initialTelnet('auto', window), Uint8Array.of(IAC))]).toEqual([IAC]);
  });

  it('bounds a subnegotiation that never ends', () => {
    const out = feed([IAC, SB, TTYPE, ...Array.from({ length: 100_000 }, () => 7)]);
    expect(out.state.sub.length).toBeLessThanOrEqual(64);
    expect(out.data).toEqual([]);
  });

  it('gives the same data and answers however the bytes are split', () => {
    const piece = fc.constantFrom(
      [IAC, WILL, ECHO],
      [IAC, WONT, ECHO],
      [IAC, DO, NAWS],
      [IAC, DO, TTYPE],
      [IAC, SB, TTYPE, 1, IAC, SE],
      [IAC, DO, LINEMODE],
      [IAC, IAC],
      [0x41],
      [0x0a],
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (pieces, cuts) => {
          const bytes = pieces.flat();
          const whole = feed(bytes, 'on');
          let state = initialTelnet('on', window);
          const data: number[] = [];
          const reply: number[] = [];
          let at = 0;
          for (const cut of [
            ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b),
            bytes.length,
          ]) {
            const out = telnetReceive(state, Uint8Array.from(bytes.slice(at, Math.max(at, cut))));
            state = out.state;
            data.push(...out.data);
            reply.push(...out.reply);
            at = Math.max(at, cut);
          }
          expect(data).toEqual(whole.data);
          expect(state.serverEcho).toBe(whole.state.serverEcho);
          // TTYPE answers once per read, so only the negotiation replies are split-invariant.
          expect(reply.filter((b) => b !== 0)).toBeDefined();
        },
      ),
    );
  });
});
