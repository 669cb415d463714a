/**
 * `DIR/keystore.json`: where the vault's keys are.
 * - version 1, the software store: every private key, sealed with AES-256-GCM under a key derived
 *   with scrypt from the key store passphrase (unchanged since the first vault);
 * - version 2, a PKCS#11 token: which library, token and vault id (the bank's keys are in the
 *   token), the CA certificate, and the release key sealed as in version 1 (it signs the update
 *   feed, not postage, and only `release publish` opens it).
 */
import { createCipheriv, createDecipheriv, createPrivateKey, randomBytes, scryptSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { KeyAccess, TokenRef } from './backend.ts';
import { keystorePassphrase } from './passphrase.ts';

export const KEYSTORE_FILE = 'keystore.json';

/** The software store's private key material, as `init` makes it. Never logged. */
export interface KeyMaterial {
  /** ECDSA P-256, PKCS#8 DER: signs hello and audit answers. */
  bankAuth: Buffer;
  /** RSA-3072, PKCS#8 DER: opens `sealed` secrets. */
  bankEnc: Buffer;
  /** AES-256: seals PSD packages and the keys wrapped inside them. */
  psdWrap: Buffer;
  /** HMAC-SHA256: checkpoint records; module memory keys are derived from it. */
  checkpoint: Buffer;
  /** HMAC-SHA256: transaction log entries; the link and backup keys are derived from it. */
  log: Buffer;
  /** Ed25519, PKCS#8 DER: signs the update feed. */
  release: Buffer;
  /** ECDSA P-256, PKCS#8 DER: the certificate authority's key. */
  caKey: Buffer;
  caCertPem: string;
}

const b64 = z.string().regex(/^[A-Za-z0-9_-]*$/);
const sealedSchema = z.strictObject({
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }),
  iv: b64,
  tag: b64,
  ciphertext: b64,
});
type Sealed = z.infer<typeof sealedSchema>;
const fileSchema = z.discriminatedUnion('version', [
  sealedSchema.extend({ version: z.literal(1) }),
  z.strictObject({
    version: z.literal(2),
    backend: z.literal('pkcs11'),
    token: z.strictObject({ module: z.string().min(1), label: z.string().min(1), vaultId: b64 }),
    caCertPem: z.string(),
    release: sealedSchema,
  }),
]);
const softwareSchema = z.strictObject({
  bankAuth: b64, bankEnc: b64, psdWrap: b64, checkpoint: b64, log: b64, release: b64, caKey: b64, caCertPem: z.string(),
});
const releaseOnlySchema = z.strictObject({ release: b64 });

const KDF = { N: 2 ** 15, r: 8, p: 1 };
const AAD = Buffer.from('vbi1:keystore');

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase, salt, 32, { ...kdf, maxmem: 128 * kdf.N * kdf.r * 2 });
}

function seal(dataDir: string, content: object): Sealed {
  const passphrase = keystorePassphrase(dataDir, true);
  const salt = randomBytes(16);
  const key = deriveKey(passphrase, salt, KDF);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  return {
    kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64url') }, iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url'),
  };
}

function unseal(dataDir: string, sealed: Sealed): unknown {
  const key = deriveKey(keystorePassphrase(dataDir, false), Buffer.from(sealed.kdf.salt, 'base64url'), sealed.kdf);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url')).setAAD(AAD);
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
  } catch {
    throw new Error('could not open the key store: wrong passphrase or damaged file');
  }
  try {
    return JSON.parse(plain.toString('utf8'));
  } finally {
    plain.fill(0);
  }
}

function writeFile(dataDir: string, file: object): void {
  writeFileSync(join(dataDir, KEYSTORE_FILE), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** Seals the software store's key material to `DIR/keystore.json` (version 1). */
export function writeKeyStore(dataDir: string, keys: KeyMaterial): void {
  const content = {
    bankAuth: keys.bankAuth.toString('base64url'), bankEnc: keys.bankEnc.toString('base64url'),
    psdWrap: keys.psdWrap.toString('base64url'), checkpoint: keys.checkpoint.toString('base64url'),
    log: keys.log.toString('base64url'), release: keys.release.toString('base64url'),
    caKey: keys.caKey.toString('base64url'), caCertPem: keys.caCertPem,
  };
  writeFile(dataDir, { version: 1, ...seal(dataDir, content) });
}

/** Writes a token vault's `DIR/keystore.json` (version 2): where the keys are, and the sealed release key. */
export function writeTokenKeyStore(dataDir: string, o: { token: TokenRef; caCertPem: string; release: Buffer }): void {
  const release = seal(dataDir, { release: o.release.toString('base64url') });
  writeFile(dataDir, { version: 2, backend: 'pkcs11', token: o.token, caCertPem: o.caCertPem, release });
}

/** An opened key store. */
export interface KeyStore {
  /** Where the bank's keys are: what every thread opens its key backend from (open-backend.ts). */
  readonly access: KeyAccess;
  readonly caCertPem: string;
  /** The Ed25519 release key that signs the update feed (`release publish`). */
  releaseSigningKey(): KeyObject;
}

/**
 * Opens `DIR/keystore.json`. The software store needs `VBI_KEYSTORE_PASSPHRASE` (or the
 * development passphrase file) now; a token vault only for its release key. Throws a message
 * without secrets when the passphrase is wrong or the file is damaged.
 */
export function openKeyStore(dataDir: string): KeyStore {
  const file = fileSchema.parse(JSON.parse(readFileSync(join(dataDir, KEYSTORE_FILE), 'utf8')));
  const buf = (s: string) => Buffer.from(s, 'base64url');
  const releaseKey = (der: Buffer) => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (file.version === 2) {
    return {
      access: { kind: 'pkcs11', token: file.token },
      caCertPem: file.caCertPem,
      releaseSigningKey: () => releaseKey(buf(releaseOnlySchema.parse(unseal(dataDir, file.release)).release)),
    };
  }
  const c = softwareSchema.parse(unseal(dataDir, file));
  const keys = {
    bankAuth: buf(c.bankAuth), bankEnc: buf(c.bankEnc), psdWrap: buf(c.psdWrap), checkpoint: buf(c.checkpoint),
    log: buf(c.log), caKey: buf(c.caKey),
  };
  const release = buf(c.release);
  return { access: { kind: 'software', keys }, caCertPem: c.caCertPem, releaseSigningKey: () => releaseKey(release) };
}
