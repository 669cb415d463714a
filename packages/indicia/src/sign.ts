import { createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { assembleIndicium, encodeSignedPart, INDICIUM_LENGTH, SIGNED_LENGTH } from './codec.ts';
import { IndiciumError } from './errors.ts';
import { ALGORITHM_ECDSA_P256_SHA256, FORMAT_VERSION, type IndiciumFields } from './fields.ts';

/** SPEC §5: bytes 2–5 hold the serial of the meter certificate that verifies the indicium. */
const CERT_SERIAL_OFFSET = 2;

/** Signs the signed part: ECDSA P-256 over SHA-256, IEEE P1363 r‖s (e.g. a key kept in a PKCS#11 token). */
export type IndiciumSigner = (signedPart: Buffer) => Buffer;

/**
 * Encodes and signs (ECDSA P-256, SHA-256, r‖s). Pass an already imported KeyObject (importing per
 * call is slow), or a signer that signs elsewhere.
 */
export function signIndicium(fields: IndiciumFields, privateKey: KeyObject | IndiciumSigner): Buffer {
  const signedPart = encodeSignedPart(fields);
  if (typeof privateKey === 'function') return assembleIndicium(signedPart, privateKey(signedPart));
  assertP256(privateKey);
  const signature = sign('sha256', signedPart, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return assembleIndicium(signedPart, signature);
}

/** A verification key, and the certificate serial it is bound to when it came in a certificate. */
interface VerificationKey {
  publicKey: KeyObject;
  certSerial: bigint | null;
}

function readVerificationKey(key: KeyObject | string): VerificationKey {
  if (typeof key !== 'string') {
    assertP256(key);
    return { publicKey: key, certSerial: null };
  }
  let found: VerificationKey;
  try {
    if (key.includes('-----BEGIN CERTIFICATE-----')) {
      const certificate = new X509Certificate(key);
      found = { publicKey: certificate.publicKey, certSerial: BigInt(`0x${certificate.serialNumber}`) };
    } else {
      found = { publicKey: createPublicKey(key), certSerial: null };
    }
  } catch {
    throw new IndiciumError('could not read the verification key: expected a PEM public key or PEM X.509 certificate');
  }
  assertP256(found.publicKey);
  return found;
}

/**
 * The meter's public key from a KeyObject, a PEM public key or a PEM X.509 certificate.
 * Throws IndiciumError when the key cannot be read or is not P-256.
 */
export function indiciumVerificationKey(key: KeyObject | string): KeyObject {
  return readVerificationKey(key).publicKey;
}

/**
 * True only when the bytes are a format-1 indicium whose signature over bytes 0–48 verifies
 * with the key and, when the key comes in a meter certificate, whose certificate serial (bytes
 * 2–5) is that certificate's serial. Malformed bytes give false; an unusable key throws IndiciumError.
 */
export function verifyIndicium(bytes: Uint8Array, key: KeyObject | string): boolean {
  const { publicKey, certSerial } = readVerificationKey(key);
  if (bytes.length !== INDICIUM_LENGTH) return false;
  if (bytes[0] !== FORMAT_VERSION || bytes[1] !== ALGORITHM_ECDSA_P256_SHA256) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (certSerial !== null && certSerial !== BigInt(view.getUint32(CERT_SERIAL_OFFSET, true))) return false;
  return verify(
    'sha256',
    bytes.subarray(0, SIGNED_LENGTH),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    bytes.subarray(SIGNED_LENGTH),
  );
}

/** Keys already found to be P-256: a signer reuses its key for every indicium. */
const p256Keys = new WeakSet<KeyObject>();

function assertP256(key: KeyObject): void {
  if (p256Keys.has(key)) return;
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new IndiciumError('the indicium key must be an ECDSA P-256 key');
  }
  p256Keys.add(key);
}
