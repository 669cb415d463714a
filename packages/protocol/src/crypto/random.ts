import { randomBytes } from 'node:crypto';

/** 16 fresh random bytes as base64url: a client nonce or a module challenge. */
export function randomNonce(): string {
  return randomBytes(16).toString('base64url');
}
