/** Secrets sealed to the bank-enc key: RSA-OAEP, SHA-256, MGF1-SHA-256 over UTF-8 JCS (SPEC §3.3). */
import { Buffer } from 'node:buffer';
import { constants, createPublicKey, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { ProtocolError } from '../errors.ts';
import { sealedSchema } from '../fields.ts';
import { canonicalJson } from '../jcs.ts';

const MODULUS_BITS = 3072;

function oaep(key: KeyObject) {
  // Node sets the MGF1 hash to oaepHash unless told otherwise, which is what SPEC asks.
  return { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
}

function assertBankKey(key: KeyObject): void {
  if (key.asymmetricKeyType !== 'rsa' || key.asymmetricKeyDetails?.modulusLength !== MODULUS_BITS) {
    throw new TypeError(`bank-enc key must be RSA-${MODULUS_BITS}`);
  }
}

/** Seals JCS(payload) to the bank; returns 384 bytes as base64url. */
export function sealForBank(bankEncPublicKeyPem: string | KeyObject, payload: object): string {
  const key = typeof bankEncPublicKeyPem === 'string' ? createPublicKey(bankEncPublicKeyPem) : bankEncPublicKeyPem;
  assertBankKey(key);
  const plaintext = Buffer.from(canonicalJson(payload), 'utf8');
  try {
    return publicEncrypt(oaep(key), plaintext).toString('base64url');
  } finally {
    plaintext.fill(0);
  }
}

/** Opens a sealed secret and parses its JSON; any failure is one BAD_REQUEST without details. */
export function openSealed(bankEncPrivateKey: KeyObject, sealed: string): unknown {
  assertBankKey(bankEncPrivateKey);
  return openSealedWith((ciphertext) => privateDecrypt(oaep(bankEncPrivateKey), ciphertext), sealed);
}

/**
 * The same, with the RSA-OAEP decryption done by the caller (a key backend that keeps bank-enc
 * elsewhere, e.g. in a PKCS#11 token). `decrypt` throws on anything that does not decrypt.
 */
export function openSealedWith(decrypt: (ciphertext: Buffer) => Buffer, sealed: string): unknown {
  if (!sealedSchema.safeParse(sealed).success) {
    throw new ProtocolError('BAD_REQUEST', 'sealed: must be 384 bytes as base64url');
  }
  let plaintext: Buffer;
  try {
    plaintext = decrypt(Buffer.from(sealed, 'base64url'));
  } catch {
    throw new ProtocolError('BAD_REQUEST', 'sealed: cannot be opened with the bank key');
  }
  try {
    return JSON.parse(plaintext.toString('utf8'));
  } catch {
    throw new ProtocolError('BAD_REQUEST', 'sealed: does not hold JSON');
  } finally {
    plaintext.fill(0);
  }
}
