import { createCipheriv, createDecipheriv } from 'node:crypto';
import { z } from 'zod';
import { deviceIdSchema, isoTimestampSchema, MAX_AR, MAX_DR } from '@vbi/protocol';
import { METER_STATES } from '../storage/storage.ts';
import { randomBytesPooled } from './random-pool.ts';

/** The contents of a PSD package, exactly SPEC §4.1. Only a module ever sees it unsealed. */
export const psdPackageSchema = z.strictObject({
  v: z.literal(1),
  meterId: z.string(),
  state: z.enum(METER_STATES),
  ar: z.number().int().min(0).max(MAX_AR),
  dr: z.number().int().min(0).max(MAX_DR),
  totalDownloaded: z.number().int().min(0),
  totalRefunded: z.number().int().min(0),
  deviceId: deviceIdSchema,
  certSerial: z.number().int().min(1),
  licenseZip: z.string().nullable(),
  /** Indicium signing key (PKCS#8 DER), wrapped: see wrapSecret. */
  signingKey: z.string(),
  /** HMK, wrapped; null until the meter is registered. */
  hmk: z.string().nullable(),
  passphraseHash: z.string().nullable(),
  /** The last 5 passphrase hashes, newest last (may not be reused). */
  repetitionList: z.array(z.string()).max(5),
  lastTxAt: isoTimestampSchema.nullable(),
  challenge: z.string().nullable(),
  keyNotBefore: isoTimestampSchema,
  keyNotAfter: isoTimestampSchema,
  pieceCounter: z.number().int().min(0).max(0xffff_ffff),
  failedLogins: z.number().int().min(0),
  lockedUntil: isoTimestampSchema.nullable(),
});
export type PsdPackage = z.infer<typeof psdPackageSchema>;

export class PackageRefused extends Error {}

const VERSION = 1;
const IV = 12;
const TAG = 16;

function seal(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytesPooled(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 1 + IV + TAG || sealed[0] !== VERSION) throw new PackageRefused('sealed data is malformed');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + IV)).setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(1 + IV, 1 + IV + TAG));
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV + TAG)), decipher.final()]);
  } catch {
    throw new PackageRefused('sealed data failed authentication');
  }
}

/** Seals a package; the meter id is the associated data, so rows cannot be swapped. */
export function sealPackage(wrapKey: Buffer, pkg: PsdPackage): Buffer {
  return seal(wrapKey, Buffer.from(JSON.stringify(pkg), 'utf8'), `vbi1:psd:${pkg.meterId}`);
}

/**
 * Opens and checks a package: authentication with the meter id, schema, and the register
 * invariant AR + DR = total downloaded + total refunded (SPEC §4.1).
 */
export function openPackage(wrapKey: Buffer, meterId: string, sealed: Buffer): PsdPackage {
  const plain = open(wrapKey, sealed, `vbi1:psd:${meterId}`);
  const parsed = psdPackageSchema.safeParse(JSON.parse(plain.toString('utf8')));
  if (!parsed.success || parsed.data.meterId !== meterId) throw new PackageRefused('package content is invalid');
  const p = parsed.data;
  if (p.ar + p.dr !== p.totalDownloaded + p.totalRefunded) throw new PackageRefused('register invariant broken');
  return p;
}

/** Wraps a secret that lives inside a package (signing key, HMK), bound to meter and purpose. */
export function wrapSecret(wrapKey: Buffer, meterId: string, purpose: 'sign' | 'hmk', secret: Buffer): string {
  return seal(wrapKey, secret, `vbi1:key:${purpose}:${meterId}`).toString('base64url');
}

export function unwrapSecret(wrapKey: Buffer, meterId: string, purpose: 'sign' | 'hmk', wrapped: string): Buffer {
  return open(wrapKey, Buffer.from(wrapped, 'base64url'), `vbi1:key:${purpose}:${meterId}`);
}
