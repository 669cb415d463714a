/**
 * The software store behind the backend interface gives exactly what the vault gave before:
 * data sealed the old way (node:crypto directly on the key bytes) opens, and the derived keys
 * (link, module memory, backups) are the same HKDF-SHA256 outputs. Existing vaults keep working.
 */
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { commitLink, GENESIS_LINK } from '../../src/ledger/chain.ts';
import { ModuleMemory } from '../../src/bank/module-memory.ts';
import { openPackage, sealPackage, type PsdPackage } from '../../src/bank/psd-package.ts';
import { softwareBackend } from '../../src/keystore/software-backend.ts';

const psdWrap = Buffer.alloc(32, 0x11);
const checkpoint = Buffer.alloc(32, 0x22);
const log = Buffer.alloc(32, 0x33);
const keys = softwareBackend({ psdWrap, checkpoint, log });
const hkdf = (key: Buffer, info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
const dir = mkdtempSync(join(tmpdir(), 'vbi-compat-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The sealing of the vault before key backends: version ‖ IV ‖ tag ‖ ciphertext. */
function oldSeal(key: Buffer, plain: string, aad: string, version: number[]): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from(version), iv, cipher.getAuthTag(), body]);
}

const pkg: PsdPackage = {
  v: 1, meterId: 'm-1', state: 'manufactured', ar: 0, dr: 0, totalDownloaded: 0, totalRefunded: 0,
  deviceId: { vendor: 1, model: 1, serial: 1 }, certSerial: 1, licenseZip: null, signingKey: 'k', hmk: null, passphraseHash: null,
  repetitionList: [], lastTxAt: null, challenge: null, keyNotBefore: 'a', keyNotAfter: 'b', pieceCounter: 0, failedLogins: 0, lockedUntil: null,
};

test('a package sealed the old way opens, and one sealed now opens the old way', () => {
  assert.deepEqual(openPackage(keys.psd, 'm-1', oldSeal(psdWrap, JSON.stringify(pkg), 'vbi1:psd:m-1', [1])), pkg);
  const sealed = sealPackage(keys.psd, pkg);
  const decipher = createDecipheriv('aes-256-gcm', psdWrap, sealed.subarray(1, 13)).setAAD(Buffer.from('vbi1:psd:m-1'));
  decipher.setAuthTag(sealed.subarray(13, 29));
  assert.deepEqual(JSON.parse(Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString()), pkg);
});

test('MACs and commit links are the same HMACs, the link key still HKDF(log key, "vbi1:log:link")', () => {
  assert.deepEqual(keys.checkpointMac.mac('vbi1:chk:x'), createHmac('sha256', checkpoint).update('vbi1:chk:x').digest());
  assert.deepEqual(keys.logMac.mac('vbi1:log:h'), createHmac('sha256', log).update('vbi1:log:h').digest());
  const expected = createHmac('sha256', hkdf(log, 'vbi1:log:link')).update(`vbi1:link:${GENESIS_LINK}:h`).digest('base64url');
  assert.equal(commitLink(keys.linkMac, GENESIS_LINK, 'h'), expected);
});

test('a module memory file written the old way (HKDF of the checkpoint key per serial) opens', () => {
  const content = { serial: 2, writeSeq: 1, records: [{ checkpoint: null, chainHead: 'g', totals: { reset: 9, printed: 0, refunded: 0 }, txs: [] }] };
  const sealed = oldSeal(hkdf(checkpoint, 'vbi1:module-memory:2'), JSON.stringify(content), 'vbi1:mem:2', []);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(sealed.length);
  mkdirSync(join(dir, 'modules'));
  // writeSeq 1 lives in slot B (4 MiB in).
  const file = Buffer.alloc(4 * 1024 * 1024 + 4 + sealed.length);
  Buffer.concat([length, sealed]).copy(file, 4 * 1024 * 1024);
  writeFileSync(join(dir, 'modules', '2.mem'), file);
  assert.equal(ModuleMemory.open(dir, 2, keys.moduleMemory(2), false).newest.totals.reset, 9);
});

test('backup files are sealed under the same derived keys, with nothing added to their headers', () => {
  for (const purpose of ['segment', 'snapshot'] as const) {
    assert.deepEqual(keys.backupFiles(purpose).newFileKey(), { key: hkdf(log, `vbi1:backup:${purpose}`), wrapped: null });
  }
});
