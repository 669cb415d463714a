/**
 * The HMK on disk: AES-256-GCM under a key derived from the passphrase with scrypt. The
 * passphrase itself is never stored. A wrong passphrase fails the GCM tag and says so plainly.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { readJson, writeJsonAtomic } from './json-file.ts';
import { accountDir } from './paths.ts';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const hmkFileSchema = z.strictObject({
  v: z.literal(1),
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: b64 }),
  iv: b64,
  ct: b64,
  tag: b64,
});

function hmkPath(profileDir: string, username: string): string {
  return join(accountDir(profileDir, username), 'hmk.json');
}

function deriveKey(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem: 128 * params.N * params.r * 2 });
}

function aad(username: string): Buffer {
  return Buffer.from(`vbi-desktop:hmk:v1:${username.toLowerCase()}`, 'utf8');
}

export function hasHmk(profileDir: string, username: string): boolean {
  return existsSync(hmkPath(profileDir, username));
}

export function saveHmk(profileDir: string, username: string, passphrase: string, hmk: Buffer): void {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = deriveKey(passphrase, salt, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(username));
  const ct = Buffer.concat([cipher.update(hmk), cipher.final()]);
  key.fill(0);
  writeJsonAtomic(hmkPath(profileDir, username), {
    v: 1,
    kdf: { name: 'scrypt', ...SCRYPT, salt: salt.toString('base64url') },
    iv: iv.toString('base64url'),
    ct: ct.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
  });
}

export function loadHmk(profileDir: string, username: string, passphrase: string): Buffer {
  const file = readJson(hmkPath(profileDir, username), hmkFileSchema);
  if (!file) {
    throw new AppError('NO_LOCAL_ACCOUNT', `The account "${username}" was not created on this computer, so its key is not here.`);
  }
  const key = deriveKey(passphrase, Buffer.from(file.kdf.salt, 'base64url'), file.kdf);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64url'));
    decipher.setAAD(aad(username));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(file.ct, 'base64url')), decipher.final()]);
  } catch {
    throw new AppError('AUTH_FAILED', 'That passphrase does not unlock this account.');
  } finally {
    key.fill(0);
  }
}
