import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCertificateAuthority } from './ca.ts';
import type { KeyMaterial } from './keystore.ts';

export const TRUST_FILES = ['bank-auth.pub.pem', 'bank-enc.pub.pem', 'ca.pem', 'release.pub.pem'] as const;

/** Generates every key of the vault (SPEC §2) and writes the public trust bundle to `DIR/trust/`. */
export async function generateKeys(dataDir: string): Promise<KeyMaterial> {
  const privateKeyEncoding = { type: 'pkcs8', format: 'der' } as const;
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const bankAuth = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding, publicKeyEncoding });
  const bankEnc = generateKeyPairSync('rsa', { modulusLength: 3072, privateKeyEncoding, publicKeyEncoding });
  const release = generateKeyPairSync('ed25519', { privateKeyEncoding, publicKeyEncoding });
  const ca = await createCertificateAuthority();
  const trust = join(dataDir, 'trust');
  mkdirSync(trust, { recursive: true });
  writeFileSync(join(trust, 'bank-auth.pub.pem'), bankAuth.publicKey);
  writeFileSync(join(trust, 'bank-enc.pub.pem'), bankEnc.publicKey);
  writeFileSync(join(trust, 'ca.pem'), ca.certPem);
  writeFileSync(join(trust, 'release.pub.pem'), release.publicKey);
  return {
    bankAuth: bankAuth.privateKey,
    bankEnc: bankEnc.privateKey,
    psdWrap: randomBytes(32),
    checkpoint: randomBytes(32),
    log: randomBytes(32),
    ledger: randomBytes(32),
    pieceSeal: randomBytes(32),
    audit: randomBytes(32),
    release: release.privateKey,
    caKey: ca.keyPkcs8,
    caCertPem: ca.certPem,
  };
}
