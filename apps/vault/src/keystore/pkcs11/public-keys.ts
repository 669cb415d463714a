/** Public halves of the token's key pairs as node:crypto keys (for the trust bundle and certificates). */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { KEY_PAIRS, type PairLabel } from './catalog.ts';
import { P11, type TokenSession } from './token.ts';

/** SubjectPublicKeyInfo of a P-256 key up to its BIT STRING; the 65-byte uncompressed point follows. */
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** CKA_EC_POINT is the point wrapped in a DER OCTET STRING (04 41 04‖x‖y); some tokens give it bare. */
export function p256SpkiFromEcPoint(ecPoint: Buffer): Buffer {
  const point = ecPoint.length === 67 && ecPoint[0] === 0x04 && ecPoint[1] === 65 ? ecPoint.subarray(2) : ecPoint;
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('the token returned an EC point that is not an uncompressed P-256 point');
  return Buffer.concat([P256_SPKI_PREFIX, point]);
}

function attribute(t: TokenSession, handle: Buffer, type: number): Buffer {
  const [attr] = t.p11.C_GetAttributeValue(t.session, handle, [{ type }]);
  if (!Buffer.isBuffer(attr?.value)) throw new Error('the token returned no public key attribute');
  return attr.value;
}

/** The public key of the vault's key pair `label` (bank-auth, bank-enc, ca). */
export function tokenPublicKey(t: TokenSession, label: PairLabel): KeyObject {
  const handle = t.find(label, P11.CKO_PUBLIC_KEY);
  if (KEY_PAIRS[label] === 'ec') {
    return createPublicKey({ key: p256SpkiFromEcPoint(attribute(t, handle, P11.CKA_EC_POINT)), format: 'der', type: 'spki' });
  }
  const n = attribute(t, handle, P11.CKA_MODULUS).toString('base64url');
  const e = attribute(t, handle, P11.CKA_PUBLIC_EXPONENT).toString('base64url');
  return createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' });
}
