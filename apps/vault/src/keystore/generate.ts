/** `vault init`: makes the vault's keys (SPEC §2) and writes the public trust bundle to `DIR/trust/`. */
import { createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCaCertificate } from './ca.ts';
import type { KeyMaterial } from './keystore.ts';
import { RELEASE_KEYSTORE_FILE, writeReleaseKeyStore } from './release-keystore.ts';

export const TRUST_FILES = ['bank-auth.pub.pem', 'bank-enc.pub.pem', 'ca.pem', 'release.pub.pem'] as const;

const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'spki' }) as string;

/** Writes the public halves; `DIR/trust/` is the same whichever backend holds the private ones. */
export function writeTrustBundle(dataDir: string, pub: { bankAuth: KeyObject; bankEnc: KeyObject; release: KeyObject; caCertPem: string }): void {
  const trust = join(dataDir, 'trust');
  mkdirSync(trust, { recursive: true });
  writeFileSync(join(trust, 'bank-auth.pub.pem'), pem(pub.bankAuth));
  writeFileSync(join(trust, 'bank-enc.pub.pem'), pem(pub.bankEnc));
  writeFileSync(join(trust, 'ca.pem'), pub.caCertPem);
  writeFileSync(join(trust, 'release.pub.pem'), pem(pub.release));
}

/**
 * Makes the release key (Ed25519) in a key store of its own, `DIR/release-keystore.json`, whichever
 * backend holds the bank's keys; returns its public half for the trust bundle.
 */
export function makeReleaseKey(dataDir: string): KeyObject {
  const pair = generateKeyPairSync('ed25519');
  const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  writeReleaseKeyStore(join(dataDir, RELEASE_KEYSTORE_FILE), der);
  der.fill(0);
  return pair.publicKey;
}

/** Every key of a software-store vault, and its trust bundle. */
export async function generateKeys(dataDir: string): Promise<KeyMaterial> {
  const privateKeyEncoding = { type: 'pkcs8', format: 'der' } as const;
  const bankAuth = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding, publicKeyEncoding: { type: 'spki', format: 'der' } });
  const bankEnc = generateKeyPairSync('rsa', { modulusLength: 3072, privateKeyEncoding, publicKeyEncoding: { type: 'spki', format: 'der' } });
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const release = makeReleaseKey(dataDir);
  const caCertPem = await createCaCertificate(ca.publicKey, (tbs) => sign('sha256', tbs, { key: ca.privateKey, dsaEncoding: 'ieee-p1363' }));
  writeTrustBundle(dataDir, {
    bankAuth: createPublicKey({ key: bankAuth.publicKey, format: 'der', type: 'spki' }),
    bankEnc: createPublicKey({ key: bankEnc.publicKey, format: 'der', type: 'spki' }),
    release,
    caCertPem,
  });
  return {
    bankAuth: bankAuth.privateKey,
    bankEnc: bankEnc.privateKey,
    psdWrap: randomBytes(32),
    checkpoint: randomBytes(32),
    log: randomBytes(32),
    caKey: ca.privateKey.export({ format: 'der', type: 'pkcs8' }),
    caCertPem,
  };
}
