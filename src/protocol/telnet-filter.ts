/**
 * Removes telnet IAC negotiation (RFC 854) from a byte stream. Telnet clients send it
 * unasked (Ctrl+C becomes IAC IP), and none of these bytes can occur in UTF-8 text,
 * so dropping them never touches what the user typed. Sequences may span chunks.
 */
export interface TelnetFilter {
  push(chunk: Buffer): Buffer;
  /**
   * The answer the peer is waiting for, if any, to write back after the replies to what came
   * before it. Telnet sends Ctrl+C as IAC IP + IAC DO TIMING-MARK and hides all output until
   * that is answered (RFC 860): IAC WILL TIMING-MARK, once however many arrived since the last
   * call (so a flood of them cannot make the answers outgrow the input).
   */
  takeReply(): Buffer | undefined;
}

const IAC = 0xff;
const SB = 0xfa;
const SE = 0xf0;
const WILL = 0xfb;
const DO = 0xfd;
const DONT = 0xfe;
const TIMING_MARK = 6;
const WILL_TIMING_MARK = Buffer.from([IAC, WILL, TIMING_MARK]);

type State = 'data' | 'iac' | 'option' | 'sub' | 'sub-iac';

export function createTelnetFilter(): TelnetFilter {
  let state: State = 'data';
  let verb = 0;
  let timingMark = false;
  return {
    push(chunk) {
      if (state === 'data' && !chunk.includes(IAC)) return chunk;
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const b of chunk) {
        switch (state) {
          case 'data':
            if (b === IAC) state = 'iac';
            else out[n++] = b;
            break;
          case 'iac':
            // IAC IAC is a literal 0xFF byte: not UTF-8 either, so it goes too.
            state = b === SB ? 'sub' : b >= WILL && b <= DONT ? 'option' : 'data';
            verb = b;
            break;
          case 'option':
            if (verb === DO && b === TIMING_MARK) timingMark = true;
            state = 'data';
            break;
          case 'sub':
            if (b === IAC) state = 'sub-iac';
            break;
          case 'sub-iac':
            state = b === SE ? 'data' : 'sub';
            break;
        }
      }
      return out.subarray(0, n);
    },
    takeReply() {
      if (!timingMark) return undefined;
      timingMark = false;
      return Buffer.from(WILL_TIMING_MARK);
    },
  };
}
