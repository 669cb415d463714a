import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { decodeIndicium, INDICIUM_LENGTH, IndiciumError, signIndicium, verifyIndicium } from '../src/index.ts';
import { makeCertificate, POSTAGE_FIELDS, TEST_PRINT_FIELDS } from './fixtures.ts';

const meter = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherMeter = generateKeyPairSync('ec', { namedCurve: 'P-256' });

describe('sign and verify', () => {
  it('verifies with the public KeyObject and its PEM, and not with another key', () => {
    const indicium = signIndicium(POSTAGE_FIELDS, meter.privateKey);
    assert.equal(indicium.length, INDICIUM_LENGTH);
    assert.equal(verifyIndicium(indicium, meter.publicKey), true);
    assert.equal(verifyIndicium(indicium, meter.publicKey.export({ type: 'spki', format: 'pem' }) as string), true);
    assert.equal(verifyIndicium(indicium, otherMeter.publicKey), false);
  });

  it('verifies against an X.509 certificate made by openssl', () => {
    const cert = makeCertificate(7);
    const indicium = signIndicium(TEST_PRINT_FIELDS, cert.privateKey);
    assert.equal(verifyIndicium(indicium, cert.certPem), true);
    assert.equal(verifyIndicium(indicium, makeCertificate(7).certPem), false);
  });

  it('refuses the right key in a certificate whose serial is not the indicium\'s (bytes 2–5)', () => {
    const cert = makeCertificate(POSTAGE_FIELDS.certSerial);
    const indicium = signIndicium(POSTAGE_FIELDS, cert.privateKey);
    assert.equal(verifyIndicium(indicium, makeCertificate(POSTAGE_FIELDS.certSerial + 1, cert.keyPem).certPem), false);
    assert.equal(verifyIndicium(indicium, makeCertificate(POSTAGE_FIELDS.certSerial + 2 ** 32, cert.keyPem).certPem), false);
    assert.equal(verifyIndicium(indicium, cert.certPem), true);
  });

  it('fails on every single flipped byte of the 113, by signature or by decode', () => {
    const indicium = signIndicium(POSTAGE_FIELDS, meter.privateKey);
    for (let offset = 0; offset < INDICIUM_LENGTH; offset++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const tampered = Buffer.from(indicium);
        tampered[offset] = (tampered[offset] ?? 0) ^ mask;
        assert.equal(verifyIndicium(tampered, meter.publicKey), false, `byte ${offset} ^ ${mask} still verifies`);
      }
    }
  });

  it('returns false for bytes of the wrong length or format', () => {
    const indicium = signIndicium(POSTAGE_FIELDS, meter.privateKey);
    assert.equal(verifyIndicium(indicium.subarray(0, 112), meter.publicKey), false);
    assert.equal(verifyIndicium(Buffer.concat([indicium, Buffer.alloc(1)]), meter.publicKey), false);
  });

  it('produces an r‖s signature that decodes back to the same fields', () => {
    const decoded = decodeIndicium(signIndicium(POSTAGE_FIELDS, meter.privateKey));
    assert.equal(decoded.signature.length, 64);
    assert.equal(decoded.postage, POSTAGE_FIELDS.postage);
  });

  it('refuses keys that are not P-256, and unreadable PEM, without echoing the key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    assert.throws(() => signIndicium(POSTAGE_FIELDS, rsa.privateKey), /must be an ECDSA P-256 key/);
    assert.throws(() => signIndicium(POSTAGE_FIELDS, p384.privateKey), /must be an ECDSA P-256 key/);
    const indicium = signIndicium(POSTAGE_FIELDS, meter.privateKey);
    assert.throws(() => verifyIndicium(indicium, p384.publicKey), IndiciumError);
    assert.throws(
      () => verifyIndicium(indicium, '-----BEGIN PUBLIC KEY-----\nnot-a-key\n-----END PUBLIC KEY-----\n'),
      (err: unknown) => err instanceof IndiciumError && !err.message.includes('not-a-key'),
    );
  });

  it('refuses to sign invalid fields and signs nothing', () => {
    assert.throws(() => signIndicium({ ...POSTAGE_FIELDS, dr: -1 }, meter.privateKey), /dr must be ≥ 0/);
  });
});
