/**
 * Keys kept apart (issue 14): modules that serve meters hold no CA or release key, the minting
 * module only the PSD and CA keys, the release key has a store of its own, and `vault start`
 * refuses a development passphrase file unless it is told `--dev`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openKeyStore } from '../../src/keystore/keystore.ts';
import { mintKeys, moduleKeys, openBackend } from '../../src/keystore/open-backend.ts';
import { openReleaseSigningKey, RELEASE_KEYSTORE_FILE } from '../../src/keystore/release-keystore.ts';
import { startTestVault, type TestVault } from '../../src/testing/index.ts';
import { vaultCli } from '../backup/cli-run.ts';

let vault: TestVault;

before(async () => {
  vault = await startTestVault({ modules: 1, poolSize: 1 });
  await vault.kill('SIGTERM');
});
after(() => vault.stop());

test('a serving module gets no CA, release or backup key; the minting module only the PSD and CA keys', () => {
  const store = openKeyStore(vault.dataDir);
  const serving = moduleKeys(store).access;
  const minting = mintKeys(store).access;
  assert.equal(serving.kind, 'software');
  assert.equal(minting.kind, 'software');
  if (serving.kind !== 'software' || minting.kind !== 'software') return;
  assert.deepEqual(Object.keys(serving.keys).sort(), ['bankAuth', 'bankEnc', 'checkpoint', 'log', 'psdWrap']);
  assert.deepEqual(Object.keys(minting.keys).sort(), ['caKey', 'psdWrap']);
  const backend = openBackend(serving);
  try {
    assert.throws(() => backend.signAsCa(Buffer.from('tbs')), /holds no caKey key/);
  } finally {
    backend.close();
  }
});

test('the release key is in its own store, not in keystore.json, and still signs', () => {
  const store = openKeyStore(vault.dataDir);
  assert.ok(store.access.kind === 'software' && !('release' in store.access.keys));
  const releaseStore = join(vault.dataDir, RELEASE_KEYSTORE_FILE);
  assert.ok(existsSync(releaseStore));
  const key = openReleaseSigningKey(releaseStore, vault.dataDir);
  const pub = readFileSync(join(vault.trustDir, 'release.pub.pem'), 'utf8');
  assert.equal(key.asymmetricKeyType, 'ed25519');
  assert.match(pub, /BEGIN PUBLIC KEY/);
});

test('vault start refuses the development passphrase file without --dev, and says how to set one', async () => {
  const env = { ...process.env };
  delete env.VBI_KEYSTORE_PASSPHRASE;
  const refused = await vaultCli(['start', '--data', vault.dataDir, '--port', '0'], env);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /VBI_KEYSTORE_PASSPHRASE is not set/);
  assert.match(refused.err, /--dev/);
});
