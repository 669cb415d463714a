/**
 * The value keys (ledger, piece seal, audit): random in a new key store; derived from the log key
 * in a key store made before they existed, the same from every copy of it.
 */
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KEYSTORE_FILE, openKeyStore, writeKeyStore, type KeyMaterial } from '../../src/keystore/keystore.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-value-keys-'));
const previous = process.env.VBI_KEYSTORE_PASSPHRASE;
const PASSPHRASE = 'value-keys-test-passphrase';

function material(): KeyMaterial {
  const k = () => randomBytes(32);
  return {
    bankAuth: k(), bankEnc: k(), psdWrap: k(), checkpoint: k(), log: k(), ledger: k(), pieceSeal: k(), audit: k(),
    release: k(), caKey: k(), caCertPem: '',
  };
}

/** A key store as versions before the value keys wrote it: the same sealing, no ledger/pieceSeal/audit. */
function writeOldKeyStore(dataDir: string, keys: KeyMaterial): void {
  const salt = randomBytes(16);
  const kdf = { N: 2 ** 15, r: 8, p: 1 };
  const key = scryptSync(PASSPHRASE, salt, 32, { ...kdf, maxmem: 128 * kdf.N * kdf.r * 2 });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from('vbi1:keystore'));
  const b = (x: Buffer) => x.toString('base64url');
  const content = {
    bankAuth: b(keys.bankAuth), bankEnc: b(keys.bankEnc), psdWrap: b(keys.psdWrap), checkpoint: b(keys.checkpoint), log: b(keys.log),
    release: b(keys.release), caKey: b(keys.caKey), caCertPem: keys.caCertPem,
  };
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
  writeFileSync(join(dataDir, KEYSTORE_FILE), JSON.stringify({
    version: 1, kdf: { name: 'scrypt', ...kdf, salt: b(salt) }, iv: b(iv), tag: b(cipher.getAuthTag()), ciphertext: b(ciphertext),
  }));
}

before(() => {
  process.env.VBI_KEYSTORE_PASSPHRASE = PASSPHRASE;
});
after(() => {
  if (previous === undefined) delete process.env.VBI_KEYSTORE_PASSPHRASE;
  else process.env.VBI_KEYSTORE_PASSPHRASE = previous;
  rmSync(dir, { recursive: true, force: true });
});

test('a new key store keeps its own ledger, piece-seal and audit keys', () => {
  const keys = material();
  writeKeyStore(dir, keys);
  const opened = openKeyStore(dir).material;
  assert.deepEqual(opened.ledger, keys.ledger);
  assert.deepEqual(opened.pieceSeal, keys.pieceSeal);
  assert.deepEqual(opened.audit, keys.audit);
  assert.ok(!readFileSync(join(dir, KEYSTORE_FILE), 'utf8').includes(keys.ledger.toString('base64url')), 'sealed at rest');
});

test('a key store made before the value keys derives them from its log key: distinct, and the same every time', () => {
  const keys = material();
  writeOldKeyStore(dir, keys);
  const a = openKeyStore(dir).material;
  const b = openKeyStore(dir).material;
  assert.deepEqual(a.ledger, b.ledger);
  assert.deepEqual(a.audit, b.audit);
  const all = [a.log, a.ledger, a.pieceSeal, a.audit].map((k) => k.toString('hex'));
  assert.equal(new Set(all).size, 4, 'no two keys alike');
  assert.deepEqual(a.log, keys.log);
});
