/** SPEC v1.1: a hello's loginNonce is 16 random bytes, fresh each time, valid for 120 s. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nonceSchema } from '@vbi/protocol';
import { expectedLoginNonce, issueLoginNonce, LOGIN_NONCE_TTL_MS } from '../../src/server/login-nonce.ts';

test('a loginNonce is 16 bytes of base64url, different each time', () => {
  const a = issueLoginNonce();
  const b = issueLoginNonce();
  assert.equal(nonceSchema.safeParse(a.value).success, true);
  assert.notEqual(a.value, b.value);
});

test('it is expected for 120 s after the hello, not a millisecond longer; none issued expects none', () => {
  const at = 1_000_000;
  const issued = issueLoginNonce(at);
  assert.equal(LOGIN_NONCE_TTL_MS, 120_000);
  assert.equal(expectedLoginNonce(issued, at), issued.value);
  assert.equal(expectedLoginNonce(issued, at + 120_000), issued.value);
  assert.equal(expectedLoginNonce(issued, at + 120_001), null);
  assert.equal(expectedLoginNonce(null, at), null);
});
