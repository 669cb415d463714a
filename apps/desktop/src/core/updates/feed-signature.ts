import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** The pinned release key (`trust/release.pub.pem`), or null when it is not an Ed25519 key. */
export function releasePublicKey(pem: string): KeyObject | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** Checks a `.sig` file (base64 of a 64-byte Ed25519 signature, surrounding whitespace allowed)
 * over the exact yml bytes. */
export function verifyFeedSignature(yml: Buffer, sigText: string, key: KeyObject): 'valid' | 'malformed' | 'invalid' {
  const text = sigText.trim();
  if (!/^[A-Za-z0-9+/]{86}==$/.test(text)) return 'malformed';
  return verify(null, yml, key, Buffer.from(text, 'base64')) ? 'valid' : 'invalid';
}
