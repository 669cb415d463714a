import { createCipheriv, createDecipheriv, createPrivateKey, hkdfSync, randomBytes, scryptSync, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { keystorePassphrase } from './passphrase.ts';

export const KEYSTORE_FILE = 'keystore.json';

/** The private key material of the module bank. Handed to module workers at start; never logged. */
export interface KeyMaterial {
  /** ECDSA P-256, PKCS#8 DER: signs hello and audit answers. */
  bankAuth: Buffer;
  /** RSA-3072, PKCS#8 DER: opens `sealed` secrets. */
  bankEnc: Buffer;
  /** AES-256: seals PSD packages and the keys wrapped inside them. */
  psdWrap: Buffer;
  /** HMAC-SHA256: checkpoint records; module memory keys are derived from it. */
  checkpoint: Buffer;
  /** HMAC-SHA256: transaction log entries. */
  log: Buffer;
  /** HMAC-SHA256: entries of the credits ledger (funds; src/ledger/credits.ts). */
  ledger: Buffer;
  /** HMAC-SHA256: the seal of each piece row (postage, dates, indicium; src/ledger/piece-seal.ts). */
  pieceSeal: Buffer;
  /** HMAC-SHA256: the chained MAC of each audit-log entry (src/ledger/audit-chain.ts). */
  audit: Buffer;
  /** Ed25519, PKCS#8 DER: signs the update feed. */
  release: Buffer;
  /** ECDSA P-256, PKCS#8 DER: the certificate authority's key. */
  caKey: Buffer;
  caCertPem: string;
}

const b64 = z.string().regex(/^[A-Za-z0-9_-]*$/);
const fileSchema = z.strictObject({
  version: z.literal(1),
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }),
  iv: b64,
  tag: b64,
  ciphertext: b64,
});
const contentSchema = z.strictObject({
  bankAuth: b64, bankEnc: b64, psdWrap: b64, checkpoint: b64, log: b64, release: b64, caKey: b64, caCertPem: z.string(),
  // Absent from key stores made before these keys existed: see valueKeysOf.
  ledger: b64.optional(), pieceSeal: b64.optional(), audit: b64.optional(),
});

/** The HMAC keys that protect value-bearing rows (docs/vault.md "What protects each column"). */
export const VALUE_KEY_NAMES = ['ledger', 'pieceSeal', 'audit'] as const;
type ValueKeyName = (typeof VALUE_KEY_NAMES)[number];

/**
 * A key store made before the value keys existed holds none: derive them from its log key
 * (HKDF-SHA256, info "vbi1:key:<name>"), so every copy of such a key store, key backups included,
 * yields the same keys. New key stores hold random ones (generate.ts).
 */
function valueKeysOf(c: z.infer<typeof contentSchema>): Record<ValueKeyName, Buffer> {
  const log = Buffer.from(c.log, 'base64url');
  const key = (name: ValueKeyName) => {
    const stored = c[name];
    return stored !== undefined ? Buffer.from(stored, 'base64url') : Buffer.from(hkdfSync('sha256', log, Buffer.alloc(0), `vbi1:key:${name}`, 32));
  };
  const keys = { ledger: key('ledger'), pieceSeal: key('pieceSeal'), audit: key('audit') };
  log.fill(0);
  return keys;
}

const KDF = { N: 2 ** 15, r: 8, p: 1 };
const AAD = Buffer.from('vbi1:keystore');

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase, salt, 32, { ...kdf, maxmem: 128 * kdf.N * kdf.r * 2 });
}

/** Seals the key material to `DIR/keystore.json` (AES-256-GCM under a scrypt-derived key). */
export function writeKeyStore(dataDir: string, keys: KeyMaterial): void {
  const passphrase = keystorePassphrase(dataDir, true);
  const salt = randomBytes(16);
  const key = deriveKey(passphrase, salt, KDF);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const content = {
    bankAuth: keys.bankAuth.toString('base64url'), bankEnc: keys.bankEnc.toString('base64url'),
    psdWrap: keys.psdWrap.toString('base64url'), checkpoint: keys.checkpoint.toString('base64url'),
    log: keys.log.toString('base64url'), ledger: keys.ledger.toString('base64url'),
    pieceSeal: keys.pieceSeal.toString('base64url'), audit: keys.audit.toString('base64url'), release: keys.release.toString('base64url'),
    caKey: keys.caKey.toString('base64url'), caCertPem: keys.caCertPem,
  };
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  const file = {
    version: 1, kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64url') }, iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url'),
  };
  writeFileSync(join(dataDir, KEYSTORE_FILE), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** Overwrites every key of the material once the caller is done with it. */
export function wipeKeyMaterial(keys: KeyMaterial): void {
  for (const value of Object.values(keys)) if (Buffer.isBuffer(value)) value.fill(0);
}

/** An opened key store. */
export interface KeyStore {
  /** All private key material, for handing to module workers. */
  readonly material: KeyMaterial;
  /** The Ed25519 release key that signs the update feed (`release publish`). */
  releaseSigningKey(): KeyObject;
}

/**
 * Opens `DIR/keystore.json` with `VBI_KEYSTORE_PASSPHRASE` (or the development passphrase
 * file) unless given the passphrase. Throws a message without secrets when the passphrase is wrong or the file is damaged.
 */
export function openKeyStore(dataDir: string, passphrase = keystorePassphrase(dataDir, false)): KeyStore {
  const file = fileSchema.parse(JSON.parse(readFileSync(join(dataDir, KEYSTORE_FILE), 'utf8')));
  const key = deriveKey(passphrase, Buffer.from(file.kdf.salt, 'base64url'), file.kdf);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64url')).setAAD(AAD);
    decipher.setAuthTag(Buffer.from(file.tag, 'base64url'));
    plain = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64url')), decipher.final()]);
  } catch {
    throw new Error('could not open the key store: wrong passphrase or damaged file');
  }
  const c = contentSchema.parse(JSON.parse(plain.toString('utf8')));
  plain.fill(0);
  const buf = (s: string) => Buffer.from(s, 'base64url');
  const material: KeyMaterial = {
    bankAuth: buf(c.bankAuth), bankEnc: buf(c.bankEnc), psdWrap: buf(c.psdWrap), checkpoint: buf(c.checkpoint),
    log: buf(c.log), ...valueKeysOf(c), release: buf(c.release), caKey: buf(c.caKey), caCertPem: c.caCertPem,
  };
  return {
    material,
    releaseSigningKey: () => createPrivateKey({ key: material.release, format: 'der', type: 'pkcs8' }),
  };
}
