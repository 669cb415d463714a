/**
 * A token vault's keys never leave the token: every private and secret key `vault init` makes is
 * sensitive and not extractable, so PKCS#11 itself refuses to return its value (C_GetAttributeValue
 * of CKA_VALUE or of a private exponent) or to wrap it out (C_WrapKey); a meter key unwrapped for
 * signing cannot be wrapped out either. Checked on a real SoftHSM2 token, through a session of
 * our own (the same library and PIN the vault uses).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openKeyStore } from '../../src/keystore/keystore.ts';
import { openBackend } from '../../src/keystore/open-backend.ts';
import { KEY_PAIRS, SECRET_KEYS } from '../../src/keystore/pkcs11/catalog.ts';
import { initTokenVault } from '../../src/keystore/pkcs11/init-token.ts';
import { meterKeyTemplate } from '../../src/keystore/pkcs11/pkcs11-backend.ts';
import { openTokenSession, P11, type TokenSession } from '../../src/keystore/pkcs11/token.ts';
import { softHsmToken } from '../../src/testing/softhsm.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-token-keys-'));
let t: TokenSession;
let vaultId: Buffer;

before(async () => {
  const token = softHsmToken();
  const ref = await initTokenVault(dir, { module: token.module, label: token.label });
  vaultId = Buffer.from(ref.vaultId, 'base64url');
  t = openTokenSession({ module: ref.module, label: ref.label, vaultId }, true);
});
after(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

function flag(handle: Buffer, type: number): boolean {
  const value = t.p11.C_GetAttributeValue(t.session, handle, [{ type }])[0]?.value;
  return Buffer.isBuffer(value) ? value[0] === 1 : value === true;
}

/** The token object itself (`find` gives a session's copy of it). */
function stored(label: string, objectClass: number): Buffer {
  t.p11.C_FindObjectsInit(t.session, [
    { type: P11.CKA_CLASS, value: objectClass }, { type: P11.CKA_LABEL, value: label }, { type: P11.CKA_ID, value: vaultId },
    { type: P11.CKA_TOKEN, value: true },
  ]);
  const [handle] = t.p11.C_FindObjects(t.session, 2);
  t.p11.C_FindObjectsFinal(t.session);
  assert.ok(handle, `${label} is in the token`);
  return handle;
}

/** Every private and secret key of the vault, by label, as the token keeps it. */
function bankKeys(): Array<[string, Buffer]> {
  return [
    ...Object.keys(SECRET_KEYS).map((label) => [label, stored(label, P11.CKO_SECRET_KEY)] as [string, Buffer]),
    ...Object.keys(KEY_PAIRS).map((label) => [label, stored(label, P11.CKO_PRIVATE_KEY)] as [string, Buffer]),
  ];
}

/** The attributes that would hold a key's value. */
const valueAttributes = (label: string) => (label === 'bank-enc' ? [P11.CKA_PRIVATE_EXPONENT, P11.CKA_PRIME_1] : [P11.CKA_VALUE]);

test('every bank key is in the token, sensitive, never extractable, and made there', () => {
  const keys = bankKeys();
  assert.equal(keys.length, 11);
  for (const [label, handle] of keys) {
    assert.equal(flag(handle, P11.CKA_TOKEN), true, `${label}: persistent`);
    assert.equal(flag(handle, P11.CKA_SENSITIVE), true, `${label}: sensitive`);
    assert.equal(flag(handle, P11.CKA_EXTRACTABLE), false, `${label}: not extractable`);
    assert.equal(flag(handle, P11.CKA_NEVER_EXTRACTABLE), true, `${label}: never extractable`);
    assert.equal(flag(handle, P11.CKA_ALWAYS_SENSITIVE), true, `${label}: always sensitive`);
    assert.equal(flag(handle, P11.CKA_LOCAL), true, `${label}: generated in the token`);
  }
});

test('the token refuses to return any key value (C_GetAttributeValue)', () => {
  for (const [label, handle] of bankKeys()) {
    for (const type of valueAttributes(label)) {
      assert.throws(() => t.p11.C_GetAttributeValue(t.session, handle, [{ type }]), /CKR_ATTRIBUTE_SENSITIVE/, `${label}: value refused`);
    }
  }
});

test('the token refuses to wrap any bank key out, even under the vault\'s own wrapping key (C_WrapKey)', () => {
  const wrapping = t.find('meter-wrap', P11.CKO_SECRET_KEY);
  for (const [label, handle] of bankKeys()) {
    if (label === 'meter-wrap') continue;
    assert.throws(
      () => t.p11.C_WrapKey(t.session, { mechanism: P11.CKM_AES_KEY_WRAP_PAD }, wrapping, handle, Buffer.alloc(4096)),
      /CKR_KEY_UNEXTRACTABLE|CKR_KEY_NOT_WRAPPABLE/,
      `${label}: not wrappable`,
    );
  }
});

test('a session copy of a bank key (what each thread signs and seals with) is as sensitive; no copy may relax it', () => {
  for (const [label, handle] of bankKeys()) {
    const copy = t.p11.C_CopyObject(t.session, handle, [{ type: P11.CKA_TOKEN, value: false }]);
    assert.equal(flag(copy, P11.CKA_TOKEN), false, `${label}: a session object`);
    assert.equal(flag(copy, P11.CKA_SENSITIVE), true, `${label}: copy sensitive`);
    assert.equal(flag(copy, P11.CKA_EXTRACTABLE), false, `${label}: copy not extractable`);
    for (const type of valueAttributes(label)) {
      assert.throws(() => t.p11.C_GetAttributeValue(t.session, copy, [{ type }]), /CKR_ATTRIBUTE_SENSITIVE/, `${label}: copy's value refused`);
    }
    t.p11.C_DestroyObject(t.session, copy);
    for (const relax of [{ type: P11.CKA_EXTRACTABLE, value: true }, { type: P11.CKA_SENSITIVE, value: false }]) {
      assert.throws(() => t.p11.C_CopyObject(t.session, handle, [{ type: P11.CKA_TOKEN, value: false }, relax]), /CKR_ATTRIBUTE_READ_ONLY|CKR_TEMPLATE_INCONSISTENT|CKR_ATTRIBUTE_VALUE_INVALID/, `${label}: copy relaxed`);
    }
  }
});

test('a meter key unwrapped for signing is a sensitive session object that cannot be wrapped out again', () => {
  const backend = openBackend(openKeyStore(dir).access);
  try {
    const { blob } = backend.meterKeys.generate();
    const key = t.p11.C_UnwrapKey(t.session, { mechanism: P11.CKM_AES_KEY_WRAP_PAD }, t.find('meter-wrap', P11.CKO_SECRET_KEY), blob, [
      { type: P11.CKA_CLASS, value: P11.CKO_PRIVATE_KEY },
      { type: P11.CKA_KEY_TYPE, value: P11.CKK_EC },
      ...meterKeyTemplate(false),
    ]);
    assert.throws(() => t.p11.C_GetAttributeValue(t.session, key, [{ type: P11.CKA_VALUE }]), /CKR_ATTRIBUTE_SENSITIVE/);
    assert.throws(
      () => t.p11.C_WrapKey(t.session, { mechanism: P11.CKM_AES_KEY_WRAP_PAD }, t.find('meter-wrap', P11.CKO_SECRET_KEY), key, Buffer.alloc(512)),
      /CKR_KEY_UNEXTRACTABLE/,
    );
    // The blob the package keeps is the token's wrap (RFC 5649), not a key anyone can import.
    assert.notEqual(blob.subarray(0, 2).toString('hex'), '3081', 'not a PKCS#8 DER');
    t.p11.C_DestroyObject(t.session, key);
  } finally {
    backend.close();
  }
});

test('keystore.json names the token and holds no bank key nor the release key; the PIN is in no file', () => {
  const text = readFileSync(join(dir, 'keystore.json'), 'utf8');
  const file = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(file).sort(), ['backend', 'caCertPem', 'token', 'version']);
  // The release key has a store of its own, which `vault start` never opens.
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, 'release-keystore.json'), 'utf8')) as object).sort(),
    ['ciphertext', 'iv', 'kdf', 'tag', 'version']);
  assert.equal(text.includes(softHsmToken().pin), false);
  for (const name of ['bank-auth.pub.pem', 'bank-enc.pub.pem', 'ca.pem']) {
    assert.match(readFileSync(join(dir, 'trust', name), 'utf8'), /-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/);
  }
});
