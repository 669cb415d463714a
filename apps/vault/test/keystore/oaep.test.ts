/**
 * The OAEP decoding the PKCS#11 backend does after the token's raw RSA step (SoftHSM2's own
 * OAEP is SHA-1 only): it must give back exactly what node's RSA-OAEP-SHA256 sealed, and refuse
 * anything else with one and the same error.
 */
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { decodeOaepSha256, OaepError } from '../../src/keystore/pkcs11/oaep.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
const K = 384;
const oaep = { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
/** What a token's CKM_RSA_X_509 decryption returns: the encoded message. */
const rawDecrypt = (c: Buffer) => privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, c);

test('decodes what RSA-OAEP-SHA256 sealed, for messages of every length up to the maximum', () => {
  for (const length of [0, 1, 31, 32, 200, K - 2 * 32 - 2]) {
    const message = randomBytes(length);
    assert.deepEqual(decodeOaepSha256(rawDecrypt(publicEncrypt(oaep, message)), K), message, `length ${length}`);
  }
});

test('accepts the encoded message without its leading zero byte (as some tokens return it)', () => {
  const message = Buffer.from('{"passphrase":"x"}');
  const em = rawDecrypt(publicEncrypt(oaep, message));
  assert.equal(em[0], 0);
  assert.deepEqual(decodeOaepSha256(em.subarray(1), K), message);
});

test('refuses SHA-1 OAEP, PKCS#1 v1.5, an altered ciphertext and a wrong length, all with the same error', () => {
  const message = Buffer.from('secret');
  const bad = [
    rawDecrypt(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, message)),
    rawDecrypt(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message)),
    (() => {
      const c = publicEncrypt(oaep, message);
      c[100] = (c[100] as number) ^ 1;
      return rawDecrypt(c);
    })(),
    Buffer.alloc(K + 1),
    Buffer.alloc(K),
  ];
  for (const em of bad) assert.throws(() => decodeOaepSha256(em, K), (err: unknown) => err instanceof OaepError && err.message === 'decryption error');
});
