/**
 * A development TLS certificate for `vault start --tls-cert/--tls-key`: self-signed ECDSA P-256,
 * for localhost, 127.0.0.1, ::1 and any extra host names or addresses, valid one year. A copy goes
 * into the trust bundle (`trust/tls-dev.pem`) so a desktop pinned to this vault trusts exactly it.
 * Production uses a certificate from a public CA (or terminates TLS at a load balancer) instead.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

export const TLS_DIR = 'tls';
export const DEV_CERT_FILE = 'dev-cert.pem';
export const DEV_KEY_FILE = 'dev-key.pem';
/** The trust bundle's copy of the development certificate (SPEC §2 lists four files; this one is ours). */
export const TRUST_TLS_FILE = 'tls-dev.pem';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export interface DevCertificateFiles {
  certFile: string;
  keyFile: string;
  trustFile: string;
}

function pemOf(label: string, der: ArrayBuffer): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Makes the certificate and key in DIR/tls/ and copies the certificate into DIR/trust/. */
export async function makeDevCertificate(dataDir: string, extraHosts: readonly string[] = []): Promise<DevCertificateFiles> {
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...extraHosts])];
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + 365 * 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: 'CN=VBI Meter vault (development)',
    notBefore,
    notAfter,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((h) => (isIP(h) === 0 ? { type: 'dns', value: h } : { type: 'ip', value: h }))),
    ],
  });
  const dir = join(dataDir, TLS_DIR);
  mkdirSync(dir, { recursive: true });
  const files: DevCertificateFiles = { certFile: join(dir, DEV_CERT_FILE), keyFile: join(dir, DEV_KEY_FILE), trustFile: join(dataDir, 'trust', TRUST_TLS_FILE) };
  writeFileSync(files.keyFile, pemOf('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), { mode: 0o600 });
  chmodSync(files.keyFile, 0o600);
  const pem = cert.toString('pem');
  writeFileSync(files.certFile, `${pem}\n`);
  mkdirSync(join(dataDir, 'trust'), { recursive: true });
  writeFileSync(files.trustFile, `${pem}\n`);
  return files;
}
