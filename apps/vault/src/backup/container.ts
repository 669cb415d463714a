/**
 * The sealed file layout shared by log segments and snapshots:
 * MAGIC (8 bytes) · header length (uint32 BE) · header JSON (holds the IV) · ciphertext · GCM tag (16).
 * MAGIC, length and header are the associated data, so nothing in the file can change unnoticed.
 */
import { createCipheriv, createDecipheriv, randomBytes, type CipherGCM, type DecipherGCM } from 'node:crypto';

export const TAG_BYTES = 16;
const MAX_HEADER = 64 * 1024;

export class SealedFileError extends Error {}

export function headerBytes(magic: string, header: object): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([Buffer.from(magic, 'latin1'), len, json]);
}

/** Splits the prefix; returns the raw header object and where the ciphertext starts. */
export function parseHeader(magic: string, bytes: Buffer): { header: unknown; prefix: Buffer } {
  const m = magic.length;
  if (bytes.length < m + 4 || bytes.subarray(0, m).toString('latin1') !== magic) throw new SealedFileError('not a file of this kind');
  const len = bytes.readUInt32BE(m);
  if (len > MAX_HEADER || bytes.length < m + 4 + len) throw new SealedFileError('header is truncated');
  const prefix = bytes.subarray(0, m + 4 + len);
  try {
    return { header: JSON.parse(prefix.subarray(m + 4).toString('utf8')), prefix };
  } catch {
    throw new SealedFileError('header is not JSON');
  }
}

export function newIv(): string {
  return randomBytes(12).toString('base64url');
}

export function cipherFor(key: Buffer, iv: string, aad: Buffer): CipherGCM {
  return createCipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(aad);
}

export function decipherFor(key: Buffer, iv: string, aad: Buffer, tag: Buffer): DecipherGCM {
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(aad);
  d.setAuthTag(tag);
  return d;
}

/** Seals a whole payload in memory (segments are small). `header` must carry `iv` (and the sealed file key, if any). */
export function sealBytes(magic: string, header: { iv: string }, plain: Buffer, key: Buffer): Buffer {
  const prefix = headerBytes(magic, header);
  const cipher = cipherFor(key, header.iv, prefix);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([prefix, body, cipher.getAuthTag()]);
}

/**
 * Opens a sealed payload; `keyOf` reads the IV and the file's key from the header. Throws
 * SealedFileError when anything fails authentication.
 */
export function openBytes(
  magic: string,
  bytes: Buffer,
  keyOf: (header: unknown) => { iv: string; key: Buffer },
): { header: unknown; plain: Buffer } {
  const { header, prefix } = parseHeader(magic, bytes);
  if (bytes.length < prefix.length + TAG_BYTES) throw new SealedFileError('file is truncated');
  const { iv, key } = keyOf(header);
  try {
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const d = decipherFor(key, iv, prefix, tag);
    const plain = Buffer.concat([d.update(bytes.subarray(prefix.length, bytes.length - TAG_BYTES)), d.final()]);
    return { header, plain };
  } catch {
    throw new SealedFileError('seal does not verify (wrong key or altered file)');
  } finally {
    key.fill(0);
  }
}
