import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hasHmk, loadHmk, saveHmk } from '../../src/core/profile/hmk-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-hmk-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the HMK round-trips only with the right passphrase and never sits on disk in the clear', () => {
  const hmk = Buffer.alloc(32, 7);
  hmk[0] = 0xab;
  saveHmk(dir, 'Alice', 'correct horse battery staple', hmk);
  assert.ok(hasHmk(dir, 'alice'));
  const raw = readFileSync(join(dir, 'accounts', 'alice', 'hmk.json'), 'utf8');
  assert.ok(!raw.includes(hmk.toString('base64url')));
  assert.ok(!raw.includes(hmk.toString('hex')));
  assert.ok(!raw.includes('correct horse'));
  assert.deepEqual(loadHmk(dir, 'Alice', 'correct horse battery staple'), hmk);
  assert.throws(() => loadHmk(dir, 'Alice', 'wrong passphrase!!'), (e: Error & { code?: string }) => e.code === 'AUTH_FAILED' && !e.message.includes('wrong passphrase'));
});

test('a file copied to another username does not open (the username is bound in)', async () => {
  const { copyFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'accounts', 'mallory'), { recursive: true });
  copyFileSync(join(dir, 'accounts', 'alice', 'hmk.json'), join(dir, 'accounts', 'mallory', 'hmk.json'));
  assert.throws(() => loadHmk(dir, 'mallory', 'correct horse battery staple'), /does not unlock/);
});

test('an account that is not on this computer says so', () => {
  assert.throws(() => loadHmk(dir, 'nobody', 'whatever passphrase'), (e: Error & { code?: string }) => e.code === 'NO_LOCAL_ACCOUNT');
});
