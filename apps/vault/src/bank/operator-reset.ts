/**
 * The operator's passphrase reset (`vault reset-passphrase`, docs/vault.md "Forgotten passphrase"):
 * a one-time passphrase's hash, sealed by the bank's PSD key to the meter and the username, kept in
 * the database until the person's next sign-in, where a module applies it to the package. The vault
 * process never sees it open; a copied or stale record is refused by the seal or by its issue time.
 */
import { randomInt } from 'node:crypto';
import type { AeadKey } from '../keystore/backend.ts';
import { hashPassphrase } from './passphrase-hash.ts';

export interface OperatorReset {
  username: string;
  hash: string;
  issuedAt: string;
}

/** How long a reset may wait for its sign-in. */
export const RESET_VALID_MS = 72 * 3600 * 1000;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const aad = (meterId: string) => `vbi1:reset:${meterId}`;

/** A one-time passphrase a person can read out and type: 5 groups of 4 (about 99 bits), e.g. `k3m9-…`. */
export function oneTimePassphrase(): string {
  const groups = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
  return groups.join('-');
}

export async function sealOperatorReset(psd: AeadKey, meterId: string, username: string, passphrase: string, now: Date): Promise<Buffer> {
  const reset: OperatorReset = { username: username.toLowerCase(), hash: await hashPassphrase(passphrase), issuedAt: now.toISOString() };
  return psd.seal(JSON.stringify(reset), aad(meterId), 0);
}

/** The reset for `username` on this meter if it opens, names them, and is still valid; else null. */
export function openOperatorReset(psd: AeadKey, meterId: string, username: string, sealed: string, now: Date): OperatorReset | null {
  try {
    const r = JSON.parse(psd.open(Buffer.from(sealed, 'base64url'), aad(meterId)).toString('utf8')) as OperatorReset;
    const issued = Date.parse(r.issuedAt);
    if (r.username !== username.toLowerCase() || !(issued <= now.getTime() && now.getTime() - issued < RESET_VALID_MS)) return null;
    return r;
  } catch {
    return null;
  }
}
