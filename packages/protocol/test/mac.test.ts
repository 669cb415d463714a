import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { computeMac, fromB64url, macInput, verifyMac, type MacDirection } from '../src/crypto/index.ts';
import { encodeRequest, parseRequestFrame, requestBodySchemas, responseBodySchemas, type OpName } from '../src/index.ts';

interface Vector {
  hmkHex: string;
  hmkB64url: string;
  direction: MacDirection;
  op: OpName;
  body: Record<string, unknown>;
  macInput: string;
  macHex: string;
  mac: string;
}

const { vectors } = JSON.parse(readFileSync(new URL('./vectors/mac-vectors.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
};

function opensslHmac(hexKey: string, input: string): string | null {
  try {
    const out = execFileSync('openssl', ['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${hexKey}`, '-binary'], {
      input: Buffer.from(input, 'utf8'),
    });
    return out.toString('hex');
  } catch {
    return null; // openssl absent: the stored vectors still hold
  }
}

describe('MAC vectors', () => {
  assert.ok(vectors.length >= 6);
  for (const v of vectors) {
    const hmk = Buffer.from(v.hmkHex, 'hex');
    test(`${v.direction} ${v.op}: input, MAC and verify match the stored vector`, () => {
      assert.deepEqual(fromB64url(v.hmkB64url), hmk);
      assert.equal(macInput(v.direction, v.op, v.body), v.macInput);
      assert.equal(computeMac(hmk, v.direction, v.op, v.body), v.mac);
      assert.equal(Buffer.from(v.mac, 'base64url').toString('hex'), v.macHex);
      assert.equal(verifyMac(hmk, v.direction, v.op, v.body, v.mac), true);
    });
    test(`${v.direction} ${v.op}: body is valid for its op`, () => {
      const schema = v.direction === 'req' ? requestBodySchemas[v.op] : responseBodySchemas[v.op];
      assert.equal(schema.safeParse(v.body).success, true);
    });
    test(`${v.direction} ${v.op}: openssl agrees`, (t) => {
      const independent = opensslHmac(v.hmkHex, v.macInput);
      if (independent === null) return t.skip('openssl not available');
      assert.equal(independent, v.macHex);
    });
  }
});

describe('verifyMac refusals', () => {
  const v = vectors[0]!;
  const hmk = Buffer.from(v.hmkHex, 'hex');
  const check = (mac: unknown, overrides: Partial<Vector> = {}, key: Uint8Array = hmk) =>
    verifyMac(key, overrides.direction ?? v.direction, overrides.op ?? v.op, overrides.body ?? v.body, mac as string);

  test('wrong length and garbage are false, never a throw', () => {
    for (const mac of ['', v.mac.slice(1), `${v.mac}A`, `${v.mac}=`, '!'.repeat(43), 'x'.repeat(100_000), undefined, null, 42, {}]) {
      assert.equal(check(mac), false, String(mac).slice(0, 50));
    }
  });
  test('a non-canonical spelling of the right bytes is false', () => {
    const last = v.mac.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) + 1]!; // same top 4 bits, a low bit set
    const variant = v.mac.slice(0, -1) + sibling;
    assert.deepEqual(Buffer.from(variant, 'base64url'), Buffer.from(v.mac, 'base64url'));
    assert.equal(check(variant), false);
  });
  test('direction, op, body and key are all bound', () => {
    assert.equal(check(v.mac, { direction: v.direction === 'req' ? 'res' : 'req' }), false);
    assert.equal(check(v.mac, { op: 'refund' }), false);
    assert.equal(check(v.mac, { body: { ...v.body, amount: 20001 } }), false);
    const otherKey = Buffer.from(hmk);
    otherKey[0]! ^= 1;
    assert.equal(check(v.mac, {}, otherKey), false);
  });
  test('an HMK of the wrong size is false in verify and throws in compute', () => {
    assert.equal(check(v.mac, {}, hmk.subarray(1)), false);
    assert.throws(() => computeMac(hmk.subarray(1), 'req', 'logout', {}), /32 bytes/);
  });
  test('a body with no JSON form is false', () => {
    assert.equal(check(v.mac, { body: { amount: Number.NaN } }), false);
  });
  test('key order of the body does not change the MAC', () => {
    const reversed = Object.fromEntries(Object.entries(v.body).reverse());
    assert.equal(computeMac(hmk, v.direction, v.op, reversed), v.mac);
  });
});

describe('MAC over a parsed frame', () => {
  test('the body parseRequestFrame hands back verifies against the sender’s MAC', () => {
    for (const v of vectors.filter((x) => x.direction === 'req')) {
      const hmk = Buffer.from(v.hmkHex, 'hex');
      const text = encodeRequest(11, v.op, v.body, v.mac);
      const parsed = parseRequestFrame(text, Buffer.byteLength(text));
      assert.ok(parsed.ok, v.op);
      assert.equal(verifyMac(hmk, 'req', parsed.frame.op, parsed.frame.body, parsed.frame.mac!), true, v.op);
    }
  });
});
