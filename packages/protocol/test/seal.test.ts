import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, generateKeyPairSync, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSealed, randomNonce, sealForBank, toB64url } from '../src/crypto/index.ts';
import { canonicalJson, loginSecretSchema, ProtocolError, registerSecretSchema, sealedSchema } from '../src/index.ts';

let publicKey: KeyObject;
let privateKey: KeyObject;
let publicPem: string;
let dir: string;

before(() => {
  ({ publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 }));
  publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  dir = mkdtempSync(join(tmpdir(), 'vbi-protocol-seal-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const isBadRequest = (e: unknown) => e instanceof ProtocolError && e.code === 'BAD_REQUEST';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
}

const OAEP_OPTS = ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'];

describe('sealForBank / openSealed', () => {
  test('round trip of the longest register secret, from PEM and from KeyObject', () => {
    const secret = { hmk: toB64url(randomBytes(32)), passphrase: '"'.repeat(86), clientNonce: randomNonce(), loginNonce: randomNonce() };
    assert.equal(registerSecretSchema.safeParse(secret).success, true);
    for (const key of [publicPem, publicKey]) {
      const sealed = sealForBank(key, secret);
      assert.equal(sealedSchema.safeParse(sealed).success, true);
      assert.deepEqual(openSealed(privateKey, sealed), secret);
    }
  });

  test('round trip of the longest login secret (a 200-byte passphrase of SPEC v1.0)', () => {
    const secret = { passphrase: '"'.repeat(100), clientNonce: randomNonce(), loginNonce: randomNonce() };
    assert.equal(loginSecretSchema.safeParse(secret).success, true);
    assert.deepEqual(openSealed(privateKey, sealForBank(publicKey, secret)), secret);
  });

  test('sealing is randomised', () => {
    const secret = { passphrase: 'correct horse battery', clientNonce: randomNonce(), loginNonce: randomNonce() };
    assert.equal(loginSecretSchema.safeParse(secret).success, true);
    assert.notEqual(sealForBank(publicKey, secret), sealForBank(publicKey, secret));
  });

  test('openssl opens what we seal with OAEP SHA-256 / MGF1-SHA-256, over the JCS bytes', (t) => {
    if (!hasOpenssl()) return t.skip('openssl not available');
    const secret = { passphrase: 'Bürokratie 2026', clientNonce: randomNonce() };
    const keyFile = join(dir, 'bank-enc.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const sealed = Buffer.from(sealForBank(publicPem, secret), 'base64url');
    const plain = execFileSync('openssl', ['pkeyutl', '-decrypt', '-inkey', keyFile, ...OAEP_OPTS], { input: sealed });
    assert.equal(plain.toString('utf8'), canonicalJson(secret));
  });

  test('we open what openssl seals', (t) => {
    if (!hasOpenssl()) return t.skip('openssl not available');
    const pubFile = join(dir, 'bank-enc.pub.pem');
    writeFileSync(pubFile, publicPem);
    const text = '{"clientNonce":"AAAAAAAAAAAAAAAAAAAAAA","passphrase":"from openssl"}';
    const sealed = execFileSync('openssl', ['pkeyutl', '-encrypt', '-pubin', '-inkey', pubFile, ...OAEP_OPTS], { input: text });
    assert.deepEqual(openSealed(privateKey, sealed.toString('base64url')), JSON.parse(text));
  });

  test('a payload beyond one OAEP block is refused while sealing', () => {
    assert.throws(() => sealForBank(publicKey, { passphrase: 'x'.repeat(400) }));
  });

  test('wrong key, tampering, wrong size and non-JSON all give BAD_REQUEST', () => {
    const sealed = sealForBank(publicKey, { passphrase: 'correct horse battery', clientNonce: randomNonce() });
    const other = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey;
    assert.throws(() => openSealed(other, sealed), isBadRequest);

    const tampered = Buffer.from(sealed, 'base64url');
    tampered[100]! ^= 1;
    assert.throws(() => openSealed(privateKey, tampered.toString('base64url')), isBadRequest);

    assert.throws(() => openSealed(privateKey, sealed.slice(4)), isBadRequest);
    assert.throws(() => openSealed(privateKey, `${sealed}==`), isBadRequest);

    const notJson = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('not json'));
    assert.throws(() => openSealed(privateKey, notJson.toString('base64url')), isBadRequest);
  });

  test('a sealed text that is not JSON gives a message without the plaintext', () => {
    const plain = Buffer.from('hunter2hunter2 is my passphrase');
    const sealed = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plain);
    assert.throws(
      () => openSealed(privateKey, sealed.toString('base64url')),
      (e) => isBadRequest(e) && !(e as Error).message.includes('hunter2') && (e as Error).cause === undefined,
    );
  });

  test('only RSA-3072 bank keys are used', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 2048 });
    assert.throws(() => sealForBank(small.publicKey, {}), /RSA-3072/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => sealForBank(ec.publicKey, {}), /RSA-3072/);
    assert.throws(() => openSealed(small.privateKey, 'A'.repeat(512)), /RSA-3072/);
  });
});
