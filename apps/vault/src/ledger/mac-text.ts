/** MACs as the vault stores them: base64url text of HMAC-SHA256, compared as exact text. */
import { timingSafeEqual } from 'node:crypto';
import type { MacKey } from '../keystore/backend.ts';

export function hmacText(key: MacKey, input: string): string {
  return key.mac(input).toString('base64url');
}

/**
 * Compares MAC texts exactly, in constant time. Comparing decoded bytes would accept another
 * text for the same MAC (Node's base64url decoder ignores padding bits and stray characters),
 * and a stored row whose bytes changed must never verify.
 */
export function sameMacText(expected: string, stored: string): boolean {
  const x = Buffer.from(expected, 'utf8');
  const y = Buffer.from(stored, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
