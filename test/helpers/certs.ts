import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Certificates made for one test run by the machine's `openssl` (a throwaway CA and leaves
 * signed by it), never checked in. `openssl ca` sets exact dates, so expired and not-yet-valid
 * certificates say the same dates on every run.
 */
export interface TestCerts {
  readonly dir: string;
  /** The CA that signed every leaf but `selfSigned`. */
  readonly caFile: string;
  /** Its PEM text. */
  readonly ca: string;
  /** For localhost and 127.0.0.1, valid now. */
  readonly good: CertFiles;
  /** Valid only in January 2020. */
  readonly expired: CertFiles;
  /** Valid only in 2099. */
  readonly notYetValid: CertFiles;
  /** For a.example and www.a.example. */
  readonly wrongHost: CertFiles;
  /** localhost, signed by itself. */
  readonly selfSigned: CertFiles;
  /** The good certificate with the key of another: the server must refuse the pair. */
  readonly mismatchedKeyFile: string;
  remove(): void;
}

export interface CertFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

const CA_CONFIG = `[ca]
default_ca = test
[test]
dir = .
database = db/index.txt
new_certs_dir = db
serial = db/serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
`;

/** Whether `openssl` runs here (tests that need it skip without it, outside CI). */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'tcpchat-certs-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db/index.txt'), '');
  writeFileSync(join(dir, 'db/serial'), '01\n');
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '30',
    '-subj',
    '/CN=tcpchat test CA/O=tcpchat tests',
  );

  const files = (name: string): CertFiles => {
    const certFile = join(dir, `${name}.pem`);
    const keyFile = join(dir, `${name}.key`);
    return {
      certFile,
      keyFile,
      cert: readFileSync(certFile, 'utf8'),
      key: readFileSync(keyFile, 'utf8'),
    };
  };
  const leaf = (name: string, cn: string, san: string, dates: string[]): CertFiles => {
    run(
      'req',
      '-new',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${cn}`,
      '-addext',
      `subjectAltName=${san}`,
    );
    run(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.pem',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-notext',
      ...dates,
    );
    return files(name);
  };
  const local = 'DNS:localhost,IP:127.0.0.1';
  const good = leaf('good', 'localhost', local, ['-days', '30']);
  const expired = leaf('expired', 'localhost', local, [
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
  ]);
  const notYetValid = leaf('future', 'localhost', local, [
    '-startdate',
    '20990101000000Z',
    '-enddate',
    '20991231000000Z',
  ]);
  const wrongHost = leaf('wrong-host', 'a.example', 'DNS:a.example,DNS:www.a.example', [
    '-days',
    '30',
  ]);
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    `subjectAltName=${local}`,
  );
  const selfSigned = files('self');
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    good,
    expired,
    notYetValid,
    wrongHost,
    selfSigned,
    mismatchedKeyFile: wrongHost.keyFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
