import { datagramText } from '../../protocol/datagram.js';
import { escapeUntrusted } from '../../protocol/sanitize.js';

/**
 * The UDP service of the classic tutorial: each datagram is answered by one datagram, `OK...`
 * and the text it carried. Pure: bytes in, bytes out.
 */

/** The most payload that fits an Ethernet frame unfragmented (1500 − 20 IPv4 − 8 UDP). */
export const MAX_UDP_PAYLOAD = 1472;
export const UDP_PREFIX = 'OK...';
/** The most a reply may be longer than its request: the prefix, and room for a few escapes. */
export const MAX_UDP_GROWTH = 16;
export const UDP_TOO_LARGE = `ERR datagram too large (over ${MAX_UDP_PAYLOAD} bytes)\n`;

const encoder = new TextEncoder();

/**
 * The reply to one datagram: `OK...` + its text, escaped like every reply (controls as `\xNN`,
 * bidi controls as `\uNNNN`), ending as the request did (a newline, or none). Escaping can
 * grow text, so the reply is cut to at most 16 bytes more than the request: a forged source
 * address never gets back more than it sent plus 16 bytes (no amplification).
 */
export function udpReply(datagram: Uint8Array): Uint8Array {
  if (datagram.length > MAX_UDP_PAYLOAD) return encoder.encode(UDP_TOO_LARGE);
  const { text, eol } = datagramText(datagram);
  const limit = datagram.length + MAX_UDP_GROWTH;
  const whole = encoder.encode(UDP_PREFIX + escapeUntrusted(text) + eol);
  if (whole.length <= limit) return whole;
  // Too long once escaped: keep whole characters (and whole escapes) while they fit.
  let out = UDP_PREFIX;
  let bytes = UDP_PREFIX.length + eol.length;
  for (const ch of text) {
    const piece = escapeUntrusted(ch);
    const size = encoder.encode(piece).length;
    if (bytes + size > limit) break;
    out += piece;
    bytes += size;
  }
  return encoder.encode(out + eol);
}
