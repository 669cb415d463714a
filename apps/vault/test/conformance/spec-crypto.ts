/**
 * SPEC §1–§3 cryptography, re-implemented from the SPEC text with node:crypto and the
 * `canonicalize` package only, so the conformance suite does not share code with the vault
 * (deliberately no @vbi/protocol import here).
 */
import { constants, createHmac, createPublicKey, publicEncrypt, randomBytes, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import canonicalize from 'canonicalize';

/** SPEC §1: RFC 8785 canonical JSON. */
export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (typeof text !== 'string') throw new TypeError('value has no JSON form');
  return text;
}

/** SPEC §1: base64url without padding. */
export const b64u = (bytes: Buffer): string => bytes.toString('base64url');
export const unb64u = (text: string): Buffer => Buffer.from(text, 'base64url');

/** SPEC §3: nonces and challenges are 16 bytes. */
export const nonce = (): string => b64u(randomBytes(16));

/** SPEC §3.1: HMAC-SHA256(HMK, "vbi1:" + req|res + ":" + op + ":" + JCS(body)), base64url. */
export function mac(hmk: Buffer, direction: 'req' | 'res', op: string, body: unknown): string {
  return b64u(createHmac('sha256', hmk).update(Buffer.from(`vbi1:${direction}:${op}:${jcs(body)}`, 'utf8')).digest());
}

/** SPEC §3.1: compared in constant time. */
export function macMatches(hmk: Buffer, direction: 'req' | 'res', op: string, body: unknown, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const want = unb64u(mac(hmk, direction, op, body));
  const got = unb64u(received);
  return got.length === want.length && b64u(got) === received && timingSafeEqual(got, want);
}

/** SPEC §2: the four pinned trust files. */
export interface Trust {
  bankAuth: KeyObject;
  bankEnc: KeyObject;
  caPem: string;
  releasePem: string;
}

export function loadTrust(trustDir: string): Trust {
  const read = (name: string) => readFileSync(join(trustDir, name), 'utf8');
  return {
    bankAuth: createPublicKey(read('bank-auth.pub.pem')),
    bankEnc: createPublicKey(read('bank-enc.pub.pem')),
    caPem: read('ca.pem'),
    releasePem: read('release.pub.pem'),
  };
}

/** SPEC §2/§3.3: RSA-OAEP with SHA-256 and MGF1-SHA-256 over the UTF-8 of JCS(payload). */
export function seal(bankEnc: KeyObject, payload: object): string {
  const ciphertext = publicEncrypt(
    { key: bankEnc, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(jcs(payload), 'utf8'),
  );
  return b64u(ciphertext);
}

/** ECDSA-P256-SHA256 with an IEEE P1363 (r‖s) signature over the UTF-8 of `text` or the bytes. */
export function p1363Verifies(key: KeyObject, data: string | Buffer, signature: string): boolean {
  const sig = unb64u(signature);
  if (sig.length !== 64) return false;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return verify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, sig);
}
