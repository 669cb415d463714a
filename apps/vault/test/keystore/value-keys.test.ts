/**
 * The value keys (ledger, piece seal, audit): random in a new software key store; in one made
 * before they existed, derived from the log key — distinct, and the same from every copy.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KEYSTORE_FILE, openKeyStore, writeKeyStore, type KeyMaterial } from '../../src/keystore/keystore.ts';
import { openBackend } from '../../src/keystore/open-backend.ts';
import { sealJson } from '../../src/keystore/sealed-json.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-value-keys-'));
const previous = process.env.VBI_KEYSTORE_PASSPHRASE;
const PASSPHRASE = 'value-keys-test-passphrase';

function material(): KeyMaterial {
  const k = () => randomBytes(32);
  return { bankAuth: k(), bankEnc: k(), psdWrap: k(), checkpoint: k(), log: k(), ledger: k(), pieceSeal: k(), audit: k(), caKey: k(), caCertPem: '' };
}

/** The MACs of one input under the three value keys and the log key, as the backend opened from the store makes them. */
function macs(): string[] {
  const b = openBackend(openKeyStore(dir).access);
  try {
    return [b.logMac, b.ledgerMac, b.pieceSealMac, b.auditMac].map((k) => k.mac('probe').toString('hex'));
  } finally {
    b.close();
  }
}

before(() => {
  process.env.VBI_KEYSTORE_PASSPHRASE = PASSPHRASE;
});
after(() => {
  if (previous === undefined) delete process.env.VBI_KEYSTORE_PASSPHRASE;
  else process.env.VBI_KEYSTORE_PASSPHRASE = previous;
  rmSync(dir, { recursive: true, force: true });
});

test('a new key store keeps its own ledger, piece-seal and audit keys, sealed', () => {
  const keys = material();
  writeKeyStore(dir, keys);
  const access = openKeyStore(dir).access;
  assert.equal(access.kind, 'software');
  if (access.kind !== 'software') return;
  assert.deepEqual(Buffer.from(access.keys.ledger ?? []), keys.ledger);
  assert.deepEqual(Buffer.from(access.keys.audit ?? []), keys.audit);
  assert.ok(!readFileSync(join(dir, KEYSTORE_FILE), 'utf8').includes(keys.ledger.toString('base64url')));
});

test('a key store made before the value keys derives them from its log key: distinct, and the same every time', () => {
  const keys = material();
  const b = (x: Buffer) => x.toString('base64url');
  // The content as earlier versions sealed it: no ledger, pieceSeal or audit.
  const content = { bankAuth: b(keys.bankAuth), bankEnc: b(keys.bankEnc), psdWrap: b(keys.psdWrap), checkpoint: b(keys.checkpoint), log: b(keys.log), caKey: b(keys.caKey), caCertPem: '' };
  writeFileSync(join(dir, KEYSTORE_FILE), JSON.stringify({ version: 1, ...sealJson(PASSPHRASE, 'vbi1:keystore', content) }));
  const first = macs();
  assert.deepEqual(macs(), first, 'the same keys from every opening');
  assert.equal(new Set(first).size, 4, 'no two keys alike');
});
