import type { TlsSummary } from './connection-types.js';
import { isNotTls, sslReason } from '../../shared/tls-error.js';

/**
 * What the user reads about a TLS session or its failure: pure functions of what the handshake
 * reported (Node's peer certificate and error codes), so every message can be tested by itself.
 */

/** A distinguished name as Node reports it (`{ CN: 'localhost', O: 'tcpchat' }`). */
export interface CertName {
  readonly CN?: string | readonly string[];
  readonly O?: string | readonly string[];
}

/** The fields of a peer certificate the messages use (a subset of Node's `PeerCertificate`). */
export interface CertFields {
  readonly subject?: CertName;
  readonly issuer?: CertName;
  /** `Dec  4 11:59:29 2026 GMT`. */
  readonly valid_from?: string;
  readonly valid_to?: string;
  /** `DNS:a.example, DNS:www.a.example, IP Address:127.0.0.1`. */
  readonly subjectaltname?: string;
}

/** A TLS failure: the line to show, and whether retrying on a timer could help. */
export interface TlsFailure {
  readonly text: string;
  /** Certificate and protocol failures stay failed until something changes: only the user retries. */
  readonly permanent: boolean;
}

const CA_HINT = 'pass its CA with --ca FILE, or --insecure to connect without checking';

function first(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

/** The names a certificate is for: its DNS and IP subject-alt-names, else its CN. */
export function certNames(cert: CertFields): string[] {
  const alt = (cert.subjectaltname ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .flatMap((entry) => {
      const match = /^(?:DNS|IP Address):(.+)$/.exec(entry);
      return match === null ? [] : [match[1]!];
    });
  if (alt.length > 0) return alt;
  const cn = first(cert.subject?.CN);
  return cn === undefined ? [] : [cn];
}

/** Who a name stands for, briefly: `tcpchat test CA (tcpchat)`, or `unknown`. */
function nameText(name: CertName | undefined): string {
  const cn = first(name?.CN);
  const o = first(name?.O);
  if (cn !== undefined && o !== undefined && o !== cn) return `${cn} (${o})`;
  return cn ?? o ?? 'unknown';
}

/** A certificate date (`Dec  4 11:59:29 2026 GMT`) as epoch ms; undefined if unreadable. */
export function certTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `2026-01-02` (UTC), or the certificate's own text when it cannot be read. */
function certDay(text: string | undefined): string {
  const ms = certTime(text);
  return ms === undefined ? (text ?? 'an unknown date') : new Date(ms).toISOString().slice(0, 10);
}

/** The certificate's subject for the panel: its CN, else its first name. */
export function certSubject(cert: CertFields): string {
  return first(cert.subject?.CN) ?? certNames(cert)[0] ?? nameText(cert.subject);
}

/** The side panel's summary of a session that completed its handshake. */
export function tlsSummary(session: {
  readonly protocol: string | null;
  readonly cipher: string;
  readonly cert: CertFields;
  /** Why the certificate does not verify (code and message), undefined when it does. */
  readonly unverified: { readonly code?: string; readonly message: string } | undefined;
  readonly servername: string;
}): TlsSummary {
  return {
    protocol: session.protocol ?? 'TLS',
    cipher: session.cipher,
    subject: certSubject(session.cert),
    issuer: nameText(session.cert.issuer),
    validTo: certTime(session.cert.valid_to),
    verified: session.unverified === undefined,
    unverifiedReason:
      session.unverified === undefined
        ? undefined
        : describeCertificateError(session.unverified, session.cert, session.servername, false),
  };
}

/**
 * Why a certificate was refused, in one line: `certificate expired on 2026-01-02`,
 * `certificate is for a.example, not b.example`, `self-signed certificate for localhost: …`.
 * `hint` adds what to do about an unknown issuer.
 */
export function describeCertificateError(
  error: { readonly code?: string; readonly message: string },
  cert: CertFields,
  servername: string,
  hint = true,
): string {
  const withHint = (text: string) => (hint ? `${text}: ${CA_HINT}` : text);
  switch (error.code) {
    case 'CERT_HAS_EXPIRED':
      return `certificate expired on ${certDay(cert.valid_to)}`;
    case 'CERT_NOT_YET_VALID':
      return `certificate not valid until ${certDay(cert.valid_from)}`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return withHint(`self-signed certificate for ${certSubject(cert)}`);
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return withHint(`certificate chain ends in an untrusted self-signed CA`);
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return withHint(`certificate issued by an unknown CA (${nameText(cert.issuer)})`);
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = certNames(cert);
      return names.length === 0
        ? `certificate names no host, not ${servername}`
        : `certificate is for ${names.join(', ')}, not ${servername}`;
    }
    case 'CERT_REVOKED':
      return 'certificate revoked';
    default:
      return `certificate rejected: ${error.message}`;
  }
}

/**
 * Why a TLS handshake with `where` failed (before any certificate was seen), or undefined when
 * the error is not about TLS (a refused or reset TCP connection: the socket's own text says it).
 */
export function describeHandshakeError(
  error: { readonly code?: string; readonly message: string },
  where: string,
): TlsFailure | undefined {
  const code = error.code ?? '';
  if (isNotTls(code)) {
    return {
      text: `${where} is not speaking TLS (a plain TCP port? try without --tls)`,
      permanent: true,
    };
  }
  if (code.startsWith('ERR_SSL_')) {
    return { text: `TLS handshake with ${where} failed: ${sslReason(code)}`, permanent: true };
  }
  return undefined;
}
