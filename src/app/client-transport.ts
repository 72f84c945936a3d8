import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Transport } from '../client/transport/connection.js';
import type { TransportChoice } from './client-options.js';
import { fileErrorText } from '../shared/file-error.js';

/** A file the client was pointed at that cannot be used: one line, exit 1. */
class ClientFileError extends Error {
  readonly code = 'EFILE';
}

/** Reads `--ca FILE`: PEM text holding at least one certificate. */
function readCa(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ClientFileError(`cannot read --ca ${file}: ${fileErrorText(error)}`);
  }
  const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  try {
    if (first === null) throw new Error('no PEM certificate in it');
    new X509Certificate(first[0]);
  } catch (error) {
    throw new ClientFileError(`--ca ${file} is not a CA certificate: ${fileErrorText(error)}`);
  }
  return text;
}

/** The transport the command line chose, with its files read (errors are one line). */
export function loadTransport(choice: TransportChoice): Transport {
  switch (choice.type) {
    case 'tcp':
    case 'udp':
      return choice;
    case 'tls':
      return {
        type: 'tls',
        ca: choice.caFile === undefined ? undefined : readCa(choice.caFile),
        servername: choice.servername,
        insecure: choice.insecure,
      };
    default:
      return choice satisfies never;
  }
}
