import { readFile } from 'node:fs/promises';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { errorCode } from '../shared/error-code.js';
import { fileErrorText } from '../shared/file-error.js';
import { ServerError } from './core/server-error.js';

/** The certificate and key the server offers, read and checked. */
export interface ServerTls {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** When the certificate expires (the log warns when it has). */
  readonly validTo: Date;
}

async function read(option: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ServerError('ETLSFILE', `cannot read ${option} ${file}: ${fileErrorText(error)}`);
  }
}

/**
 * Reads `--tls-cert` and `--tls-key`: a PEM certificate (chain) and its private key, which must
 * match. Each way of being wrong is one line naming the file.
 */
export async function loadServerTls(certFile: string, keyFile: string): Promise<ServerTls> {
  const [cert, key] = await Promise.all([read('--tls-cert', certFile), read('--tls-key', keyFile)]);
  let validTo: Date;
  try {
    validTo = new Date(new X509Certificate(cert).validTo);
  } catch {
    throw new ServerError('ETLSFILE', `--tls-cert ${certFile} is not a PEM certificate`);
  }
  try {
    createPrivateKey(key);
  } catch {
    throw new ServerError(
      'ETLSFILE',
      `--tls-key ${keyFile} is not a PEM private key (or needs a passphrase)`,
    );
  }
  try {
    createSecureContext({ cert, key });
    return { cert, key, validTo };
  } catch (error) {
    const mismatch = errorCode(error) === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH';
    throw new ServerError(
      'ETLSFILE',
      mismatch
        ? `--tls-key ${keyFile} is not the key of --tls-cert ${certFile}`
        : `cannot use --tls-cert ${certFile} with --tls-key ${keyFile}: ${fileErrorText(error)}`,
    );
  }
}
