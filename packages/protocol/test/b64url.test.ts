import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromB64url, randomNonce, toB64url } from '../src/crypto/index.ts';
import { b64urlBytes, b64urlLength, nonceSchema } from '../src/index.ts';

describe('toB64url / fromB64url', () => {
  test('round trip of every length 0..40, including a subarray view', () => {
    const bytes = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff);
    for (let n = 0; n <= 40; n += 1) {
      const view = bytes.subarray(3, 3 + n);
      const text = toB64url(view);
      assert.equal(text.length, b64urlLength(n));
      assert.deepEqual(new Uint8Array(fromB64url(text)), view);
    }
  });
  test('strict: padding, foreign characters, impossible length and non-canonical refused', () => {
    for (const bad of ['AQ==', 'AQ=', 'A+8', 'A/8', 'AB CD', 'A', 'AQJ', 'AR']) {
      assert.throws(() => fromB64url(bad), TypeError, bad);
    }
    assert.deepEqual([...fromB64url('AQ')], [1]);
  });
});

describe('b64urlBytes schema', () => {
  test('accepts exactly n bytes in canonical form only', () => {
    for (const n of [16, 32, 64, 113, 384]) {
      const schema = b64urlBytes(n);
      const text = Buffer.alloc(n, 0xa5).toString('base64url');
      assert.equal(schema.safeParse(text).success, true, `n=${n}`);
      assert.equal(schema.safeParse(Buffer.alloc(n - 1, 0xa5).toString('base64url')).success, false);
      assert.equal(schema.safeParse(Buffer.alloc(n + 1, 0xa5).toString('base64url')).success, false);
      // standard base64 ("+", "/", "=") is not base64url
      assert.equal(schema.safeParse(Buffer.alloc(n, 0xfb).toString('base64')).success, false);
      assert.equal(schema.safeParse(Buffer.alloc(n, 0xfb).toString('base64url')).success, true);
    }
    assert.equal(nonceSchema.safeParse('AAAAAAAAAAAAAAAAAAAAAB').success, false); // low bits set
    assert.equal(nonceSchema.safeParse('AAAAAAAAAAAAAAAAAAAAAQ').success, true);
  });
  test('randomNonce makes distinct valid nonces', () => {
    const a = randomNonce();
    const b = randomNonce();
    assert.notEqual(a, b);
    assert.equal(nonceSchema.safeParse(a).success, true);
    assert.equal(fromB64url(a).length, 16);
  });
});
