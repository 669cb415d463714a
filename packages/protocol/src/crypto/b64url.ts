import { Buffer } from 'node:buffer';

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Unpadded base64url of `bytes`, without copying them. */
export function toB64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Strict decode: only the base64url alphabet, no padding, and only the one canonical text
 * of the bytes (unused low bits zero). Throws a TypeError otherwise.
 */
export function fromB64url(text: string): Buffer {
  if (typeof text !== 'string' || !ALPHABET.test(text) || text.length % 4 === 1) {
    throw new TypeError('not base64url without padding');
  }
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) {
    throw new TypeError('not canonical base64url');
  }
  return bytes;
}
