/**
 * EME-OAEP decoding (RFC 8017 §7.1.2) with SHA-256 and MGF1-SHA-256 and an empty label.
 *
 * SoftHSM2 2.6 accepts CKM_RSA_PKCS_OAEP only with SHA-1 (any other hashAlg is
 * CKR_ARGUMENTS_BAD), while SPEC §3.3 seals with SHA-256. So the token does the private-key step
 * alone (CKM_RSA_X_509: the encoded message EM, k bytes) and this removes the padding. EM holds
 * nothing but the padded secret the decryption would have returned anyway; the key stays inside.
 *
 * Every failure is the same error, and the checks run over all bytes without stopping early, so
 * the time taken does not say which check failed (Manger's attack needs exactly that).
 */
import { createHash } from 'node:crypto';

const H = 32;
const EMPTY_LABEL_HASH = createHash('sha256').digest();

export class OaepError extends Error {
  constructor() {
    super('decryption error');
  }
}

function mgf1(seed: Buffer, length: number): Buffer {
  const out = Buffer.alloc(Math.ceil(length / H) * H);
  const counter = Buffer.alloc(4);
  for (let i = 0, at = 0; at < length; i++, at += H) {
    counter.writeUInt32BE(i);
    createHash('sha256').update(seed).update(counter).digest().copy(out, at);
  }
  return out.subarray(0, length);
}

/** Returns the message inside EM (`k` bytes, the modulus length); throws OaepError otherwise. */
export function decodeOaepSha256(em: Buffer, k: number): Buffer {
  if (k < 2 * H + 2 || em.length > k) throw new OaepError();
  // A raw RSA result may come without its leading zero bytes.
  const full = em.length === k ? em : Buffer.concat([Buffer.alloc(k - em.length), em]);
  const maskedSeed = full.subarray(1, 1 + H);
  const maskedDb = full.subarray(1 + H);
  const seed = mgf1(maskedDb, H);
  for (let i = 0; i < H; i++) seed[i] = (seed[i] as number) ^ (maskedSeed[i] as number);
  const db = mgf1(seed, k - H - 1);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (maskedDb[i] as number);
  seed.fill(0);

  let bad = full[0] as number;
  for (let i = 0; i < H; i++) bad |= (db[i] as number) ^ (EMPTY_LABEL_HASH[i] as number);
  // After lHash: zero bytes, one 0x01, the message. Scan all of it whatever is found.
  let looking = 1;
  let start = 0;
  for (let i = H; i < db.length; i++) {
    const byte = db[i] as number;
    const isOne = byte === 1 ? 1 : 0;
    const isZero = byte === 0 ? 1 : 0;
    start = looking & isOne ? i + 1 : start;
    bad |= looking & (1 - isOne) & (1 - isZero);
    looking &= 1 - isOne;
  }
  bad |= looking;
  if (bad !== 0) {
    db.fill(0);
    throw new OaepError();
  }
  const message = Buffer.from(db.subarray(start));
  db.fill(0);
  return message;
}
