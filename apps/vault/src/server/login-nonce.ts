/**
 * SPEC v1.1 "Replay": the `hello` answer carries a loginNonce, valid for one `login` or `register`
 * on the same connection within 120 s. The session keeps only the latest one; taking it uses it up.
 * Only a module can open the sealed payload that carries it back, so the vault passes the nonce it
 * expects in the module command and the module compares (bank/module-ops.ts).
 */
import { randomBytes } from 'node:crypto';

export const LOGIN_NONCE_TTL_MS = 120_000;

export interface LoginNonce {
  value: string;
  expiresAt: number;
}

/** A fresh nonce for this connection; it replaces any earlier one. */
export function issueLoginNonce(now: number = Date.now()): LoginNonce {
  return { value: randomBytes(16).toString('base64url'), expiresAt: now + LOGIN_NONCE_TTL_MS };
}

/** The nonce a login/register on this connection must carry, or null when there is none still valid. */
export function expectedLoginNonce(issued: LoginNonce | null, now: number = Date.now()): string | null {
  return issued !== null && now <= issued.expiresAt ? issued.value : null;
}
