import { describe, expect, it } from 'vitest';
import {
  certNames,
  describeCertificateError,
  describeHandshakeError,
  tlsSummary,
  type CertFields,
} from '../../src/client/connection/tls-text.js';

const cert: CertFields = {
  subject: { CN: 'a.example' },
  issuer: { CN: 'Example CA', O: 'Example Inc' },
  valid_from: 'Jan  1 00:00:00 2026 GMT',
  valid_to: 'Jan  2 12:00:00 2026 GMT',
  subjectaltname: 'DNS:a.example, DNS:www.a.example, IP Address:192.0.2.1',
};

const failure = (code: string) =>
  describeCertificateError({ code, message: code }, cert, 'b.example');

describe('certificate failures, one line each', () => {
  it('names the dates of an expired or not yet valid certificate', () => {
    expect(failure('CERT_HAS_EXPIRED')).toBe('certificate expired on 2026-01-02');
    expect(failure('CERT_NOT_YET_VALID')).toBe('certificate not valid until 2026-01-01');
  });

  it('names what the certificate is for on a hostname mismatch', () => {
    expect(failure('ERR_TLS_CERT_ALTNAME_INVALID')).toBe(
      'certificate is for a.example, www.a.example, 192.0.2.1, not b.example',
    );
    const bare = describeCertificateError(
      { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: '' },
      { subject: { CN: 'only-cn.example' } },
      'b.example',
    );
    expect(bare).toBe('certificate is for only-cn.example, not b.example');
  });

  it('says what to do about a self-signed certificate or an unknown issuer', () => {
    expect(failure('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe(
      'self-signed certificate for a.example: pass its CA with --ca FILE, or --insecure to connect without checking',
    );
    expect(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toMatch(
      /^certificate issued by an unknown CA \(Example CA \(Example Inc\)\): pass its CA with --ca FILE/,
    );
    expect(failure('SELF_SIGNED_CERT_IN_CHAIN')).toMatch(/untrusted self-signed CA: pass its CA/);
  });

  it('falls back to the code for the rare ones', () => {
    expect(failure('CERT_REVOKED')).toBe('certificate revoked');
    expect(failure('CERT_SIGNATURE_FAILURE')).toBe('certificate rejected: CERT_SIGNATURE_FAILURE');
  });
});

describe('handshake failures', () => {
  it('recognises a peer that is not speaking TLS, and says it is permanent', () => {
    expect(
      describeHandshakeError({ code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: '' }, 'h:25'),
    ).toEqual({
      text: 'h:25 is not speaking TLS (a plain TCP port? try without --tls)',
      permanent: true,
    });
  });

  it('words an alert from the server', () => {
    expect(
      describeHandshakeError({ code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', message: '' }, 'h:1'),
    ).toEqual({ text: 'TLS handshake with h:1 failed: handshake failure', permanent: true });
  });

  it('leaves socket errors to the socket text', () => {
    expect(describeHandshakeError({ code: 'ECONNRESET', message: '' }, 'h:1')).toBeUndefined();
  });
});

describe('tlsSummary', () => {
  it('reads what the panel shows off the session', () => {
    expect(
      tlsSummary({
        protocol: 'TLSv1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        cert,
        unverified: undefined,
        servername: 'a.example',
      }),
    ).toEqual({
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      subject: 'a.example',
      issuer: 'Example CA (Example Inc)',
      validTo: Date.UTC(2026, 0, 2, 12),
      verified: true,
      unverifiedReason: undefined,
    });
  });

  it('keeps why an --insecure session would not verify, without the hint', () => {
    const summary = tlsSummary({
      protocol: 'TLSv1.2',
      cipher: 'ECDHE-RSA-AES128-GCM-SHA256',
      cert,
      unverified: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: '' },
      servername: 'a.example',
    });
    expect(summary.verified).toBe(false);
    expect(summary.unverifiedReason).toBe('self-signed certificate for a.example');
  });

  it('lists DNS and IP names only', () => {
    expect(certNames({ subjectaltname: 'email:x@y, DNS:a, URI:http://b, IP Address:::1' })).toEqual(
      ['a', '::1'],
    );
  });
});
