/**
 * Every key-backend operation, on both backends: the software store (from `vault init`'s key
 * generation) and PKCS#11 on a real SoftHSM2 token made for this test process. Each check would
 * fail if the operation broke: signatures verify with the trust bundle's public keys, sealed data
 * opens only with the same associated data, certificates verify under the CA certificate.
 */
import assert from 'node:assert/strict';
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openSealedWith, sealForBank } from '@vbi/protocol/crypto';
import { ModuleMemory } from '../../src/bank/module-memory.ts';
import { openPackage, PackageRefused, sealPackage, unwrapSecret, wrapSecret, type PsdPackage } from '../../src/bank/psd-package.ts';
import { SealBroken, type KeyBackend } from '../../src/keystore/backend.ts';
import { MeterCertificateIssuer } from '../../src/keystore/ca.ts';
import { generateKeys } from '../../src/keystore/generate.ts';
import { openKeyStore, writeKeyStore } from '../../src/keystore/keystore.ts';
import { openBackend } from '../../src/keystore/open-backend.ts';
import { initTokenVault } from '../../src/keystore/pkcs11/init-token.ts';
import { softHsmToken } from '../../src/testing/softhsm.ts';

const work = mkdtempSync(join(tmpdir(), 'vbi-backends-'));
after(() => rmSync(work, { recursive: true, force: true }));

const METER = '3b0c6d2e-6a4e-4f0f-9c1e-0d7b1c2a9e11';

function samplePackage(signingKey: string): PsdPackage {
  return {
    v: 1, meterId: METER, state: 'operational', ar: 1000, dr: 500, totalDownloaded: 1500, totalRefunded: 0,
    deviceId: { vendor: 1, model: 1, serial: 7 }, certSerial: 7, licenseZip: '20001', signingKey, hmk: null,
    passphraseHash: null, repetitionList: [], lastTxAt: null, challenge: null, keyNotBefore: '2026-01-01T00:00:00.000Z',
    keyNotAfter: '2029-01-01T00:00:00.000Z', pieceCounter: 3, failedLogins: 0, lockedUntil: null,
  };
}

/** The same checks for a backend made by `vault init`'s key generation in `dir`. */
function backendSuite(kind: 'software' | 'pkcs11', make: (dir: string) => Promise<void>): void {
  describe(`${kind} backend`, () => {
    const dir = join(work, kind);
    let keys: KeyBackend;
    const trust = (file: string) => readFileSync(join(dir, 'trust', file), 'utf8');

    before(async () => {
      mkdirSync(dir);
      await make(dir);
      keys = openBackend(openKeyStore(dir).access);
    });
    after(() => keys.close());

    test('bank-auth signs (P1363 r‖s) what the trust bundle verifies', () => {
      const message = Buffer.from('vbi1:hello:nonce');
      const signature = keys.signBankAuth(message);
      assert.equal(signature.length, 64);
      const pub = createPublicKey(trust('bank-auth.pub.pem'));
      assert.equal(verify('sha256', message, { key: pub, dsaEncoding: 'ieee-p1363' }, signature), true);
      assert.equal(verify('sha256', Buffer.from('other'), { key: pub, dsaEncoding: 'ieee-p1363' }, signature), false);
    });

    test('bank-enc opens what a client sealed with RSA-OAEP-SHA256, and refuses an altered seal', () => {
      const payload = { hmk: 'A'.repeat(43), passphrase: 'a passphrase long enough', clientNonce: 'n0nce' };
      const sealed = sealForBank(trust('bank-enc.pub.pem'), payload);
      assert.deepEqual(openSealedWith((c) => keys.decryptBankEnc(c), sealed), payload);
      const bytes = Buffer.from(sealed, 'base64url');
      bytes[200] = (bytes[200] as number) ^ 1;
      assert.throws(() => openSealedWith((c) => keys.decryptBankEnc(c), bytes.toString('base64url')), /cannot be opened/);
    });

    test('the PSD key seals packages and meter secrets bound to meter and purpose', () => {
      const hmk = Buffer.alloc(32, 7);
      const wrapped = wrapSecret(keys.psd, METER, 'hmk', hmk);
      assert.deepEqual(unwrapSecret(keys.psd, METER, 'hmk', wrapped), hmk);
      assert.throws(() => unwrapSecret(keys.psd, METER, 'sign', wrapped), PackageRefused);
      assert.throws(() => unwrapSecret(keys.psd, '00000000-0000-4000-8000-000000000000', 'hmk', wrapped), PackageRefused);
      const sealed = sealPackage(keys.psd, samplePackage('x'));
      assert.equal(sealed[0], 1, 'format version byte');
      assert.deepEqual(openPackage(keys.psd, METER, sealed), samplePackage('x'));
      const altered = Buffer.from(sealed);
      altered[altered.length - 1] = (altered[altered.length - 1] as number) ^ 1;
      assert.throws(() => openPackage(keys.psd, METER, altered), PackageRefused);
      assert.throws(() => keys.psd.open(sealed.subarray(1), 'vbi1:psd:another'), SealBroken);
    });

    test('checkpoint, log and link MACs: HMAC-SHA256, deterministic, one key each', () => {
      const macs = [keys.checkpointMac, keys.logMac, keys.linkMac].map((k) => k.mac('vbi1:chk:{"seq":1}'));
      for (const mac of macs) assert.equal(mac.length, 32);
      assert.deepEqual(keys.logMac.mac('vbi1:chk:{"seq":1}'), macs[1]);
      assert.equal(new Set(macs.map((m) => m.toString('hex'))).size, 3);
      assert.notDeepEqual(keys.logMac.mac('vbi1:chk:{"seq":2}'), macs[1]);
    });

    test('module memory: sealed per module, reopened after a restart, refused under another serial', () => {
      mkdirSync(join(dir, 'modules'), { recursive: true });
      const mem = ModuleMemory.open(dir, 3, keys.moduleMemory(3), true);
      mem.push({ checkpoint: { record: '{"seq":1}', mac: 'm' }, chainHead: 'h', totals: { reset: 5, printed: 0, refunded: 0 }, txs: [] });
      assert.deepEqual(ModuleMemory.open(dir, 3, keys.moduleMemory(3), false).newest.totals, { reset: 5, printed: 0, refunded: 0 });
      // Module 4 reading module 3's file (renamed) finds no authentic slot.
      mkdirSync(join(dir, 'other', 'modules'), { recursive: true });
      writeFileSync(join(dir, 'other', 'modules', '4.mem'), readFileSync(join(dir, 'modules', '3.mem')));
      assert.throws(() => ModuleMemory.open(join(dir, 'other'), 4, keys.moduleMemory(4), false), /failed authentication/);
    });

    test('a meter key is made, wrapped, and signs through its signer; the certificate verifies under the CA', async () => {
      const made = keys.meterKeys.generate();
      const signer = keys.meterKeys.signer(made.blob);
      const message = Buffer.from('signed part of an indicium');
      const signature = signer.sign(message);
      const pub = createPublicKey({ key: made.publicKeySpki, format: 'der', type: 'spki' });
      assert.equal(verify('sha256', message, { key: pub, dsaEncoding: 'ieee-p1363' }, signature), true);
      signer.release();
      const issuer = new MeterCertificateIssuer((tbs) => keys.signAsCa(tbs), trust('ca.pem'));
      const pem = await issuer.issue({
        certSerial: 42, deviceLabel: '1-1-42', publicKeySpki: made.publicKeySpki, notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000),
      });
      const cert = new X509Certificate(pem);
      assert.equal(cert.verify(new X509Certificate(trust('ca.pem')).publicKey), true);
      assert.equal(cert.serialNumber, '2A');
      assert.equal(cert.publicKey.export({ format: 'der', type: 'spki' }).equals(made.publicKeySpki), true);
    });

    test('backup file keys: a file key is given back for its file only', () => {
      for (const purpose of ['segment', 'snapshot'] as const) {
        const files = keys.backupFiles(purpose);
        const made = files.newFileKey();
        assert.equal(made.key.length, 32);
        assert.deepEqual(files.fileKey(made.wrapped), made.key);
        if (kind === 'software') assert.equal(made.wrapped, null, 'software files carry no key (the format is unchanged)');
        else {
          assert.notEqual(made.wrapped, null);
          assert.notDeepEqual(files.newFileKey().key, made.key, 'a fresh key per file');
          assert.throws(() => files.fileKey(null), /software key store/);
        }
      }
    });
  });
}

backendSuite('software', async (dir) => writeKeyStore(dir, await generateKeys(dir)));
backendSuite('pkcs11', async (dir) => {
  const token = softHsmToken();
  await initTokenVault(dir, { module: token.module, label: token.label });
});
