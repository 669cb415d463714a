import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { auditRecordSchema, auditSignatureInput, helloSignatureInput, p1363SignatureSchema } from '../src/index.ts';
import { deviceId, meterId } from './fixtures.ts';

test('hello text is "vbi1:hello:" + the nonce text', () => {
  assert.equal(helloSignatureInput('AAECAwQFBgcICQoLDA0ODw'), 'vbi1:hello:AAECAwQFBgcICQoLDA0ODw');
});

test('audit text is "vbi1:audit:" + JCS(record), independent of key order', () => {
  const record = { at: '2026-11-24T10:15:00.000Z', pieces: 3, dr: 17780, ar: 2220, deviceId: { serial: 42, model: 1, vendor: 1 }, meterId };
  assert.equal(auditRecordSchema.safeParse(record).success, true);
  assert.equal(
    auditSignatureInput(record),
    `vbi1:audit:{"ar":2220,"at":"2026-11-24T10:15:00.000Z","deviceId":{"model":1,"serial":42,"vendor":1},"dr":17780,"meterId":"${meterId}","pieces":3}`,
  );
});

test('a P-256 r‖s signature over the audit text fits the signature schema and verifies', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const record = { meterId, deviceId, ar: 0, dr: 0, pieces: 0, at: '2026-11-24T10:15:00.000Z' };
  const data = Buffer.from(auditSignatureInput(record), 'utf8');
  const signature = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  assert.equal(p1363SignatureSchema.safeParse(signature.toString('base64url')).success, true);
  assert.equal(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature), true);
});
