/**
 * A register mismatch the vault's operator resolves (docs/vault.md "Operator procedures"): the
 * desktop's record went astray (an old profile restored), so its login cannot reconcile and value
 * operations stop; after `vault meter resolve --confirm` the next login carries the vault's state
 * under the MAC and the desktop adopts it. A real vault, the real CLI, the real desktop core.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { makeDesktop, PASSPHRASE, startTestVault, type TestVault } from '../helpers/desktop-fixture.ts';

const REPO_ROOT = join(import.meta.dirname, '../../../..');
let vault: TestVault;

before(async () => {
  vault = await startTestVault();
});
after(() => vault?.stop());

function operator(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'apps/vault/src/cli/main.ts'), ...args, '--data', vault.dataDir], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('after the operator confirms the vault\'s state, the desktop adopts it at its next login and value operations go on', async (t) => {
  const d = makeDesktop(vault);
  t.after(() => d.cleanup());
  await d.call('register', { username: 'resolve.me', licenseZip: '94105', passphrase: PASSPHRASE });
  await vault.credit('resolve.me', 20_000);
  await d.call('buyPostage', { amountMills: 10_000 });
  await d.call('logout', {});
  const file = join(d.profileDir, 'accounts', 'resolve.me', 'mirror.json');
  const mirror = JSON.parse(readFileSync(file, 'utf8')) as { registers: { ar: number; dr: number } };
  writeFileSync(file, JSON.stringify({ ...mirror, registers: { ar: 0, dr: 0 } })); // the record from before the purchase

  const blocked = await d.call('login', { username: 'resolve.me', passphrase: PASSPHRASE });
  assert.equal(blocked.valueOpsBlocked, true, 'an unexplained difference stops value operations');
  await d.call('logout', {});

  const r = await operator('meter', 'resolve', '--user', 'resolve.me', '--confirm', '--reason', 'old profile restored');
  assert.equal(r.code, 0, r.out);
  const adopted = await d.call('login', { username: 'resolve.me', passphrase: PASSPHRASE });
  assert.equal(adopted.valueOpsBlocked, false);
  assert.deepEqual(adopted.registers, { ar: 0, dr: 10_000 }, 'the vault\'s registers');
  const bought = await d.call('buyPostage', { amountMills: 1_000 });
  assert.deepEqual(bought.registers, { ar: 0, dr: 11_000 });
  assert.deepEqual((JSON.parse(readFileSync(file, 'utf8')) as { registers: unknown }).registers, { ar: 0, dr: 11_000 }, 'the record follows');
});
