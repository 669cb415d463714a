/**
 * `vault verify-log` and `vault report` on a known workload (credits, purchases, pieces, a refund,
 * a withdrawal that hands DR back to the account): the ledger reconciles and the report's figures
 * are exactly the workload's; then single-row changes that no transaction would meet (a credit
 * gone, a refund flag cleared, a piece row deleted, an older package, an account renamed, the log's
 * last entry removed, an audit entry edited) are each reported as a break. On SQLite, and on
 * PostgreSQL with VBI_TEST_STORAGE=postgres (CI stage unit-postgres).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openVaultBackend } from '../../src/keystore/open-backend.ts';
import { ledgerKeysOf, type LedgerKeys } from '../../src/reconcile/keys.ts';
import type { SignedReport } from '../../src/reconcile/postal-report.ts';
import { reconcileLedger } from '../../src/reconcile/reconcile.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { startTestVault, type TestVault } from '../../src/testing/index.ts';
import { MeterClient, today } from '../../src/testing/meter-client.ts';
import { vaultCli } from '../backup/cli-run.ts';

let vault: TestVault;
let keys: LedgerKeys;
const clients: MeterClient[] = [];
const work = mkdtempSync(join(tmpdir(), 'vbi-ledger-'));
const ids: Record<string, string> = {};
let bobOldPackage: Buffer;

async function ok(c: MeterClient, op: 'purchase' | 'indicium' | 'refund', body: object): Promise<void> {
  const a = await c.maced(op, body as never);
  assert.equal(a.ok, true, JSON.stringify(a.error));
}
const print = (c: MeterClient, postage: number) => ok(c, 'indicium', { kind: 'postage', postage, rateCategory: 'FCLT', mailDate: today() });

/** The reconciliation's breaks, run in this process on the vault's database. */
async function breaks(): Promise<string[]> {
  const storage = await openStorage(vault.database);
  try {
    return (await reconcileLedger(storage, keys, { refundWindowDays: 30 })).report.breaks;
  } finally {
    await storage.close();
  }
}

before(async () => {
  // Demo vault: every account starts with a 3000-mill demo credit (a module-made ledger entry).
  vault = await startTestVault({ modules: 2, startArgs: ['--demo-funds', '3000'] });
  keys = ledgerKeysOf(openVaultBackend(vault.dataDir));
  for (const name of ['alice', 'bob', 'carol']) {
    const c = await MeterClient.connect(vault.url, vault.trustDir);
    clients.push(c);
    assert.equal((await c.register(name, 'a long enough passphrase')).ok, true);
    ids[name] = c.meterId;
  }
  const [alice, bob, carol] = clients as [MeterClient, MeterClient, MeterClient];
  await vault.credit('alice', 10_000);
  await ok(alice, 'purchase', { amount: 6000 });
  for (const postage of [500, 700, 900]) await print(alice, postage);
  await ok(alice, 'refund', { pieceNumber: 2 });
  // Carol buys her demo funds, prints 500 and is withdrawn: 2500 of DR back to her account.
  await ok(carol, 'purchase', { amount: 3000 });
  await print(carol, 500);
  const withdrawn = await vaultCli(['meter', 'withdraw', '--data', vault.dataDir, '--user', 'carol', '--confirm', '--reason', 'closed']);
  assert.equal(withdrawn.code, 0, withdrawn.out + withdrawn.err);
  await ok(bob, 'purchase', { amount: 3000 });
  bobOldPackage = (await vault.query<{ package: Buffer }>('SELECT package FROM packages WHERE meter_id = ?', ids.bob))[0]?.package as Buffer;
  await print(bob, 1000);
  await ok(bob, 'indicium', { kind: 'test', postage: 0, rateCategory: 'TEST', mailDate: today() }); // an audit entry
});

after(async () => {
  for (const c of clients) c.close();
  await vault.stop();
  rmSync(work, { recursive: true, force: true });
});

test('verify-log reconciles the workload: credits → purchases → pieces → refunds, per account and in total', async () => {
  const v = await vaultCli(['verify-log', '--data', vault.dataDir, '--json']);
  assert.equal(v.code, 0, v.out + v.err);
  const r = JSON.parse(v.out) as { totals: Record<string, number>; accounts: Array<Record<string, unknown>>; breakCount: number; intact: boolean };
  assert.deepEqual(r.totals, { credited: 19_000, purchased: 12_000, returned: 2500, funds: 9500, pieces: 5, printed: 3600, refunds: 1, refunded: 700 });
  assert.deepEqual(r.accounts.map((a) => [a.account, a.credited, a.credits, a.purchased, a.returned, a.funds]), [
    ['alice', 13_000, 2, 6000, 0, 7000], ['bob', 3000, 1, 3000, 0, 0], ['carol', 3000, 1, 3000, 2500, 2500],
  ]);
  const text = await vaultCli(['verify-log', '--data', vault.dataDir]);
  assert.match(text.out, /credited 19000 \+ returned by withdrawal 2500 = bought 12000 \+ funds left 9500/);
  assert.match(text.out, /ledger: reconciled, no break/);
});

test('the postal report: the workload\'s figures, self-reconciling per meter, signed; report verify checks the signature', async () => {
  const out = join(work, 'period');
  const r = await vaultCli(['report', '--data', vault.dataDir, '--from', today(-1), '--to', today(1), '--out', out]);
  assert.equal(r.code, 0, r.err);
  const signed = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as SignedReport;
  const byAccount = Object.fromEntries(signed.report.meters.map((m) => [m.account, m]));
  assert.deepEqual(byAccount.alice && { ...byAccount.alice, meterId: undefined, deviceId: undefined }, {
    meterId: undefined, deviceId: undefined, account: 'alice', opening: { ar: 0, dr: 0 }, downloaded: 6000, downloads: 1, pieces: 3, postage: 2100,
    refunds: 1, refunded: 700, returned: 0, credited: 13_000, credits: 2, closing: { ar: 2100, dr: 4600 },
  });
  assert.deepEqual([byAccount.bob?.downloaded, byAccount.bob?.postage, byAccount.bob?.closing], [3000, 1000, { ar: 1000, dr: 2000 }]);
  assert.deepEqual([byAccount.carol?.downloaded, byAccount.carol?.postage, byAccount.carol?.returned, byAccount.carol?.closing], [3000, 500, 2500, { ar: 500, dr: 0 }]);
  for (const m of signed.report.meters) {
    assert.equal(m.closing.dr, m.opening.dr + m.downloaded - m.postage + m.refunded - m.returned, `${m.meterId} DR`);
    assert.equal(m.closing.ar, m.opening.ar + m.postage, `${m.meterId} AR`);
  }
  const t = signed.report.totals;
  assert.deepEqual([t.downloaded, t.pieces, t.postage, t.refunds, t.refunded, t.returned, t.credited], [12_000, 5, 3600, 1, 700, 2500, 19_000]);
  const csv = readFileSync(`${out}.csv`, 'utf8').trim().split('\r\n');
  assert.equal(csv[0], 'meter_id,device_id,account,opening_ar,opening_dr,downloaded,downloads,pieces,postage,refunds,refunded,returned,credited,credits,closing_ar,closing_dr');
  assert.equal(csv.at(-1), `TOTAL,${t.meters} meters,,0,0,12000,3,5,3600,1,700,2500,19000,4,3600,6600`);

  assert.equal((await vaultCli(['report', 'verify', '--file', `${out}.json`, '--trust', vault.trustDir])).code, 0);
  writeFileSync(`${out}.json`, JSON.stringify({ ...signed, report: { ...signed.report, totals: { ...t, postage: t.postage - 1 } } }));
  const forged = await vaultCli(['report', 'verify', '--file', `${out}.json`, '--trust', vault.trustDir]);
  assert.equal(forged.code, 1, 'an edited figure');
  assert.match(forged.out, /does NOT verify/);

  // A period after all of it: nothing happened, and the registers carry over.
  const later = await vaultCli(['report', '--data', vault.dataDir, '--from', today(1), '--to', today(2), '--out', join(work, 'later')]);
  assert.equal(later.code, 0, later.err);
  const quiet = (JSON.parse(readFileSync(join(work, 'later.json'), 'utf8')) as SignedReport).report.totals;
  assert.deepEqual([quiet.downloaded, quiet.pieces, quiet.opening, quiet.closing], [0, 0, { ar: 3600, dr: 6600 }, { ar: 3600, dr: 6600 }]);
});

test('single-row changes no transaction meets are reported as breaks; put back, the ledger reconciles again', async () => {
  assert.deepEqual(await breaks(), []);
  const cases: Array<[string, () => Promise<void>, () => Promise<void>, RegExp]> = [];
  const credit = (await vault.query<Record<string, unknown>>("SELECT * FROM credits WHERE account = 'alice' AND seq = 2"))[0] as Record<string, unknown>;
  cases.push(['a credit entry deleted', () => vault.exec("DELETE FROM credits WHERE account = 'alice' AND seq = 2"),
    () => vault.exec('INSERT INTO credits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', ...Object.values(credit)), /counted credits up to #2/]);
  cases.push(['a refunded flag cleared', () => vault.exec('UPDATE pieces SET refunded = ? WHERE meter_id = ? AND piece_number = 2', false, ids.alice),
    () => vault.exec('UPDATE pieces SET refunded = ? WHERE meter_id = ? AND piece_number = 2', true, ids.alice), /marked not refunded, but the log refunds it/]);
  const piece = (await vault.query<Record<string, unknown>>('SELECT * FROM pieces WHERE meter_id = ? AND piece_number = 3', ids.alice))[0] as Record<string, unknown>;
  cases.push(['a piece row deleted', () => vault.exec('DELETE FROM pieces WHERE meter_id = ? AND piece_number = 3', ids.alice),
    () => vault.exec('INSERT INTO pieces VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ...Object.values(piece)), /in the log but not in the pieces table/]);
  const bobNow = (await vault.query<{ package: Buffer }>('SELECT package FROM packages WHERE meter_id = ?', ids.bob))[0]?.package;
  cases.push(["a meter's older package", () => vault.exec('UPDATE packages SET package = ? WHERE meter_id = ?', bobOldPackage, ids.bob),
    () => vault.exec('UPDATE packages SET package = ? WHERE meter_id = ?', bobNow, ids.bob), /an older package\?/]);
  cases.push(['an account renamed', () => vault.exec("UPDATE accounts SET username = 'bobby' WHERE username = 'bob'"),
    () => vault.exec("UPDATE accounts SET username = 'bob' WHERE username = 'bobby'"), /assigns it to "bobby", its package to "bob"/]);
  const last = (await vault.query<Record<string, unknown>>('SELECT * FROM tx_log ORDER BY id DESC LIMIT 1'))[0] as Record<string, unknown>;
  cases.push(["the log's last entry removed", () => vault.exec('DELETE FROM tx_log WHERE id = ?', last.id),
    () => vault.exec('INSERT INTO tx_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', ...Object.values(last)), /its checkpoint's totals .* differ/]);
  const audit = (await vault.query<{ id: number; event: string }>("SELECT id, event FROM audit_log WHERE event = 'test-print'"))[0];
  assert.ok(audit !== undefined);
  cases.push(['an audit entry edited', () => vault.exec("UPDATE audit_log SET event = 'nothing' WHERE id = ?", audit.id),
    () => vault.exec('UPDATE audit_log SET event = ? WHERE id = ?', audit.event, audit.id), /audit log: .* MAC does not verify/]);
  for (const [what, change, undo, expected] of cases) {
    await change();
    const found = await breaks();
    await undo();
    assert.ok(found.some((b) => expected.test(b)), `${what}: ${JSON.stringify(found)}`);
    assert.deepEqual(await breaks(), [], `${what}, put back`);
  }
  const v = await vaultCli(['verify-log', '--data', vault.dataDir]);
  assert.equal(v.code, 0, v.out);
});
