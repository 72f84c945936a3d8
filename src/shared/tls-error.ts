/** What OpenSSL's error codes (as Node reports them) mean, in words both ends of a TLS link use. */

/** Codes meaning the peer sent something that is not TLS (plain text, HTTP...). */
const NOT_TLS = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_UNKNOWN_PROTOCOL',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_RECORD_LAYER_FAILURE',
]);

/** Whether `code` says the other end is not speaking TLS. */
export function isNotTls(code: string | undefined): boolean {
  return code !== undefined && NOT_TLS.has(code);
}

/** `handshake failure` from `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE`, `wrong version number`... */
export function sslReason(code: string): string {
  return code
    .replace(/^ERR_SSL_/, '')
    .replace(/^(SSLV3|TLSV1)_ALERT_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
}
