import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Signs bytes with the vault's release key (Ed25519); returns the 64-byte signature. */
export type ReleaseSigner = (data: Buffer) => Buffer;

/** A signer over an Ed25519 private KeyObject (as the key store hands it out). */
export function signerFromKey(privateKey: KeyObject): ReleaseSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the release key must be an Ed25519 key');
  return (data) => sign(null, data, privateKey);
}

/** The pinned public half, `DIR/trust/release.pub.pem`. */
export async function readReleasePublicKey(dataDir: string): Promise<KeyObject> {
  const path = join(dataDir, 'trust', 'release.pub.pem');
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch {
    throw new Error(`no release public key at ${path} (run "vault init --data DIR" first)`);
  }
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 public key`);
  return key;
}

/** The `.sig` file's text: base64 (RFC 4648, padded) of the raw 64-byte signature, one line. */
export const encodeSignatureFile = (signature: Buffer): string => `${signature.toString('base64')}\n`;

/** Signs the exact yml bytes and checks the signature against the pinned public key, so a key
 * store holding some other key can never publish a feed the clients would refuse. */
export function signUpdateInfo(ymlBytes: Buffer, signer: ReleaseSigner, publicKey: KeyObject): Buffer {
  const signature = signer(ymlBytes);
  if (signature.length !== 64 || !verify(null, ymlBytes, publicKey, signature)) {
    throw new Error('the release signing key does not match trust/release.pub.pem; nothing was published');
  }
  return signature;
}
