/**
 * Certificates for TLS tests, made with the openssl command line in a temporary directory:
 * a CA, server certificates signed by it (for localhost/127.0.0.1, for another host name,
 * one that expired in 2020), a server certificate from a CA the client does not know, and a
 * client certificate for mutual TLS. EC P-256 keys: generated in milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertPair {
  cert: string;
  key: string;
}

export interface TestPki {
  dir: string;
  /** The CA jetsub is told about (--cafile). */
  ca: string;
  /** Signed by `ca`, for localhost and 127.0.0.1. */
  server: CertPair;
  /** Signed by `ca`, for broker.example.net only. */
  wrongHost: CertPair;
  /** Signed by `ca`, for localhost, valid 2020-01-01 to 2020-01-02. */
  expired: CertPair;
  /** For localhost, signed by a CA jetsub is not told about. */
  unknownCa: CertPair;
  /** Signed by `ca`, for client authentication. */
  client: CertPair;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKeyAndRequest(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`]);
}

function newCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=jetsub test ${name}`]);
}

/** Signs `name`.csr with `ca` through `openssl ca`, which takes explicit start and end dates. */
function sign(dir: string, ca: string, name: string, extensions: string, dates?: { start: string; end: string }): CertPair {
  const extFile = `${name}.ext`;
  writeFileSync(join(dir, extFile), `${extensions}\n`);
  const validity = dates ? ['-startdate', dates.start, '-enddate', dates.end] : ['-days', '2'];
  openssl(dir, ['ca', '-batch', '-config', 'ca.cnf', '-cert', `${ca}.pem`, '-keyfile', `${ca}.key`, '-in', `${name}.csr`,
    '-out', `${name}.pem`, '-extfile', extFile, '-notext', ...validity]);
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'jetsub-pki-'));
  writeFileSync(join(dir, 'ca.cnf'), [
    '[ca]', 'default_ca = test', '[test]', 'database = index.txt', 'new_certs_dir = .', 'serial = serial',
    'default_md = sha256', 'policy = any', 'unique_subject = no', '[any]', 'commonName = supplied', '',
  ].join('\n'));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  newCa(dir, 'ca');
  newCa(dir, 'other-ca');
  const serverExt = 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth';
  for (const [name, cn] of [['server', 'localhost'], ['wrong-host', 'broker.example.net'], ['expired', 'localhost'], ['unknown-ca', 'localhost'], ['client', 'jetsub']]) {
    newKeyAndRequest(dir, name!, cn!);
  }
  const pki: TestPki = {
    dir,
    ca: join(dir, 'ca.pem'),
    server: sign(dir, 'ca', 'server', serverExt),
    wrongHost: sign(dir, 'ca', 'wrong-host', 'subjectAltName=DNS:broker.example.net\nextendedKeyUsage=serverAuth'),
    expired: sign(dir, 'ca', 'expired', serverExt, { start: '20200101000000Z', end: '20200102000000Z' }),
    unknownCa: sign(dir, 'other-ca', 'unknown-ca', serverExt),
    client: sign(dir, 'ca', 'client', 'extendedKeyUsage=clientAuth'),
  };
  // mosquitto started as root reads its files as the mosquitto user.
  chmodSync(dir, 0o755);
  for (const file of readdirSync(dir)) chmodSync(join(dir, file), 0o644);
  return pki;
}

/** mosquitto.conf lines for a TLS listener on 127.0.0.1. */
export function tlsListener(port: number, server: CertPair, options: { ca?: string; requireCertificate?: boolean } = {}): string {
  return [
    `listener ${port} 127.0.0.1`,
    `certfile ${server.cert}`,
    `keyfile ${server.key}`,
    ...(options.ca ? [`cafile ${options.ca}`] : []),
    ...(options.requireCertificate ? ['require_certificate true'] : []),
  ].join('\n');
}
