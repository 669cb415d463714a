/**
 * A JSON document sealed under a passphrase: AES-256-GCM with a key derived by scrypt
 * (N=2^15, r=8, p=1, random salt). The key stores (`keystore.json`, `release-keystore.json`) use it.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';

export const b64url = z.string().regex(/^[A-Za-z0-9_-]*$/);

export const sealedJsonSchema = z.strictObject({
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64url }),
  iv: b64url,
  tag: b64url,
  ciphertext: b64url,
});
export type SealedJson = z.infer<typeof sealedJsonSchema>;

const KDF = { N: 2 ** 15, r: 8, p: 1 };

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase, salt, 32, { ...kdf, maxmem: 128 * kdf.N * kdf.r * 2 });
}

export function sealJson(passphrase: string, aad: string, content: object): SealedJson {
  const salt = randomBytes(16);
  const key = deriveKey(passphrase, salt, KDF);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  key.fill(0);
  return {
    kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64url') }, iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'), ciphertext: ciphertext.toString('base64url'),
  };
}

/** Opens a sealed document; `what` names it in the one error a wrong passphrase or a damaged file gives. */
export function unsealJson(passphrase: string, aad: string, sealed: SealedJson, what: string): unknown {
  const key = deriveKey(passphrase, Buffer.from(sealed.kdf.salt, 'base64url'), sealed.kdf);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url')).setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
  } catch {
    throw new Error(`could not open the ${what}: wrong passphrase or damaged file`);
  } finally {
    key.fill(0);
  }
  try {
    return JSON.parse(plain.toString('utf8'));
  } finally {
    plain.fill(0);
  }
}
