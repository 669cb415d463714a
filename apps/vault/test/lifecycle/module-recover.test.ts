/**
 * Operator recovery in place (docs/vault.md "Operator procedures"): one module inhibited at start
 * (its memory is an old copy that does not hold the database's checkpoint), the vault serving on
 * the other; `vault module recover` brings it back without a restart, refusing what does not
 * verify; the log chain still verifies afterwards.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { startTestVault, type TestVault } from '../../src/testing/index.ts';
import { vaultCli } from '../backup/cli-run.ts';
import { PASS } from '../conformance/fixture.ts';
import { assertOk, Meter, today } from '../conformance/meter.ts';
import { loadTrust } from '../conformance/spec-crypto.ts';

let vault: TestVault;
/** The HMK mr.one registered with (a login MACs its answer with it). */
let hmk: Buffer;
const cli = (...args: string[]) => vaultCli([...args, '--data', vault.dataDir]);

async function moduleStates(): Promise<Record<number, string>> {
  const r = await cli('status', '--json');
  assert.equal(r.code, 0, r.err);
  const status = JSON.parse(r.out) as { modules: Array<{ serial: number; state: string }> };
  return Object.fromEntries(status.modules.map((m) => [m.serial, m.state]));
}

async function lastTxOf(serial: number): Promise<string | null> {
  const [row] = await vault.query<{ last_tx_at: string | null }>('SELECT last_tx_at FROM modules WHERE serial = ?', serial);
  return row?.last_tx_at ?? null;
}

before(async () => {
  // Two modules, one failure tolerated: the vault goes on serving while module 1 is inhibited.
  vault = await startTestVault({ modules: 2, startArgs: ['--halt-threshold', '1'] });
  const memory = join(vault.dataDir, 'modules', '1.mem');
  copyFileSync(memory, `${memory}.old`);
  const m = await Meter.open(vault.url, loadTrust(vault.trustDir));
  assertOk(await m.register('mr.one', PASS)); // an idle bank gives module 1 the batch
  hmk = m.hmk;
  await vault.credit('mr.one', 5000);
  assertOk(await m.maced('purchase', { amount: 5000 }));
  m.close();
  assert.notEqual(await lastTxOf(1), null, 'module 1 committed batches');
  await vault.kill('SIGTERM');
  copyFileSync(`${memory}.old`, memory); // its memory no longer holds the database's checkpoint
  await vault.restart();
});

after(() => vault?.stop());

test('an inhibited module is brought back in place; refusals change nothing; the log still verifies', async () => {
  assert.deepEqual(await moduleStates(), { 1: 'inhibited', 2: 'ready' });
  const status = await cli('status');
  assert.match(status.out, /inhibited: 1 — see "pnpm vault module recover --help"/);
  const m = await Meter.open(vault.url, loadTrust(vault.trustDir));
  assertOk(await m.login('mr.one', PASS, hmk), 'the vault serves on module 2');

  const notInhibited = await cli('module', 'recover', '--serial', '2');
  assert.equal(notInhibited.code, 1);
  assert.match(notInhibited.err, /module 2 is not inhibited/);
  const unknown = await cli('module', 'recover', '--serial', '9');
  assert.match(unknown.err, /module 9 is not run by this vault process/);

  if (vault.database.kind === 'sqlite') {
    // A checkpoint that does not verify is refused by the module itself.
    const db = new Database(join(vault.dataDir, 'vault.sqlite'));
    const { mac } = db.prepare('SELECT mac FROM checkpoints WHERE module_serial = 1').get() as { mac: string };
    db.prepare('UPDATE checkpoints SET mac = ? WHERE module_serial = 1').run(`${mac.slice(0, -2)}AA`);
    const forged = await cli('module', 'recover', '--serial', '1');
    db.prepare('UPDATE checkpoints SET mac = ? WHERE module_serial = 1').run(mac);
    db.close();
    assert.equal(forged.code, 1);
    assert.match(forged.err, /checkpoint MAC does not verify/);
    assert.equal((await moduleStates())[1], 'inhibited');
  }

  const before = await lastTxOf(1);
  const r = await cli('module', 'recover', '--serial', '1', '--reason', 'memory restored from an old copy');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /module 1 recovered and serving again/);
  assert.deepEqual(await moduleStates(), { 1: 'ready', 2: 'ready' });
  // The next batches go to module 1 again (an idle bank hands the first module the batch).
  for (let i = 0; i < 3; i++) {
    assertOk(await m.maced('indicium', { kind: 'postage', postage: 100, rateCategory: 'FCLT', mailDate: today() }));
  }
  assert.notEqual(await lastTxOf(1), before, 'module 1 serves again');
  const [audit] = await vault.query<{ detail: string }>("SELECT detail FROM audit_log WHERE event = 'module-recovered' AND module_serial = 1");
  assert.ok(audit, 'the recovery is audited');
  assert.deepEqual(JSON.parse(audit.detail).reason, 'memory restored from an old copy');
  m.close();

  await vault.kill('SIGTERM');
  const check = await vaultCli(['verify-log', '--data', vault.dataDir]);
  assert.equal(check.code, 0, check.out + check.err);
  await vault.restart();
  assert.deepEqual(await moduleStates(), { 1: 'ready', 2: 'ready' }, 'and it starts cleanly afterwards');
});
