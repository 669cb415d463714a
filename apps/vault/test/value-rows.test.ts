/**
 * The rows that decide value, edited under a running vault by someone with write access to the
 * database but no keys: each attempt is refused (and audited), the registers do not move, and the
 * genuine row, put back, works again. The checks themselves are unit-tested in test/bank and test/ledger.
 * On SQLite, and on PostgreSQL with VBI_TEST_STORAGE=postgres (CI stage unit-postgres).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestVault, type TestVault } from '../src/testing/index.ts';
import { MeterClient, today } from '../src/testing/meter-client.ts';

let vault: TestVault;
const clients: MeterClient[] = [];
const PASS = 'a long enough passphrase';

async function signedUp(name: string, credit: number, buy: number): Promise<MeterClient> {
  const c = await MeterClient.connect(vault.url, vault.trustDir);
  clients.push(c);
  assert.equal((await c.register(name, PASS)).ok, true);
  if (credit > 0) await vault.credit(name, credit);
  if (buy > 0) assert.equal((await c.maced('purchase', { amount: buy })).ok, true);
  return c;
}

async function print(c: MeterClient, postage: number): Promise<number> {
  const a = await c.maced('indicium', { kind: 'postage', postage, rateCategory: 'FCLT', mailDate: today() });
  assert.equal(a.ok, true, JSON.stringify(a.error));
  return (a.body as { pieceNumber: number }).pieceNumber;
}

const lastAudit = async () => (await vault.query<{ event: string; detail: string | null }>('SELECT event, detail FROM audit_log ORDER BY id DESC LIMIT 1'))[0];

before(async () => {
  vault = await startTestVault({ modules: 1 });
});
after(async () => {
  for (const c of clients) c.close();
  await vault.stop();
});

test('refund: an edited postage or date, a row moved from another meter, an invented row: NOT_FOUND, audited, nothing moves', async () => {
  const c = await signedUp('rows.refund', 5000, 5000);
  const other = await signedUp('rows.other', 5000, 5000);
  const n = await print(c, 400);
  await print(other, 900);
  const before = { ...c.registers };
  const row = (m: MeterClient) => `meter_id = '${m.meterId}' AND piece_number = 1`;
  const edits = [
    [`UPDATE pieces SET postage = 4000 WHERE ${row(c)}`, `UPDATE pieces SET postage = 400 WHERE ${row(c)}`],
    [`UPDATE pieces SET created_at = '2099-01-01T00:00:00.000Z' WHERE ${row(c)}`, null],
  ] as const;
  const created = (await vault.query<{ created_at: string }>(`SELECT created_at FROM pieces WHERE ${row(c)}`))[0]?.created_at;
  for (const [edit, undo] of edits) {
    await vault.exec(edit);
    const r = await c.maced('refund', { pieceNumber: n });
    assert.equal(r.error?.code, 'NOT_FOUND', edit);
    assert.equal((await lastAudit())?.event, 'piece-refused');
    await vault.exec(undo ?? `UPDATE pieces SET created_at = '${created}' WHERE ${row(c)}`);
  }
  // The other meter's piece 1 (900 mills), copied over this meter's piece 1.
  const original = (await vault.query<Record<string, unknown>>(`SELECT * FROM pieces WHERE ${row(c)}`))[0];
  await vault.exec(`DELETE FROM pieces WHERE ${row(c)}`);
  await vault.exec(`INSERT INTO pieces SELECT '${c.meterId}', piece_number, postage, indicium, mail_date, created_at, refunded, seal FROM pieces WHERE ${row(other)}`);
  assert.equal((await c.maced('refund', { pieceNumber: n })).error?.code, 'NOT_FOUND');
  await vault.exec(`DELETE FROM pieces WHERE ${row(c)}`);
  assert.equal((await c.maced('refund', { pieceNumber: n })).error?.code, 'NOT_FOUND', 'deleted');
  await vault.exec('INSERT INTO pieces VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ...Object.values(original as object));
  assert.deepEqual(c.registers, before);
  const good = await c.maced('refund', { pieceNumber: n });
  assert.equal(good.ok, true, 'the genuine row refunds');
  assert.deepEqual(c.registers, { ar: before.ar, dr: before.dr + 400 });
});

test('a refunded piece whose flag is cleared (or an older copy of its row) is neither refunded nor printed again', async () => {
  const c = await signedUp('rows.twice', 5000, 5000);
  const n = await print(c, 300);
  const older = (await vault.query<Record<string, unknown>>('SELECT * FROM pieces WHERE meter_id = ? AND piece_number = ?', c.meterId, n))[0];
  assert.equal((await c.maced('refund', { pieceNumber: n })).ok, true);
  const after = { ...c.registers };
  await vault.exec('DELETE FROM pieces WHERE meter_id = ? AND piece_number = ?', c.meterId, n);
  await vault.exec('INSERT INTO pieces VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ...Object.values(older as object));
  assert.equal((await c.maced('refund', { pieceNumber: n })).error?.code, 'NOT_REFUNDABLE');
  assert.equal((await c.maced('piece', { pieceNumber: n })).error?.code, 'NOT_FOUND');
  assert.deepEqual(c.registers, after);
});

test("a meter's own older package (authentic) is refused and audited; put back, the meter works", async () => {
  const c = await signedUp('rows.rollback', 5000, 2000);
  const old = (await vault.query<{ package: Buffer }>('SELECT package FROM packages WHERE meter_id = ?', c.meterId))[0]?.package;
  await print(c, 700);
  const now = (await vault.query<{ package: Buffer }>('SELECT package FROM packages WHERE meter_id = ?', c.meterId))[0]?.package;
  await vault.exec('UPDATE packages SET package = ? WHERE meter_id = ?', old, c.meterId);
  const mirror = { ...c.registers };
  c.registers = { ar: 0, dr: 2000 }; // what the older package holds: the meter would print its 700 again
  assert.equal((await c.maced('indicium', { kind: 'postage', postage: 700, rateCategory: 'FCLT', mailDate: today() })).error?.code, 'METER_NOT_OPERATIONAL');
  assert.equal((await lastAudit())?.event, 'package-rollback');
  assert.equal((await c.login('rows.rollback', PASS)).error?.code, 'METER_NOT_OPERATIONAL', 'login too');
  await vault.exec('UPDATE packages SET package = ? WHERE meter_id = ?', now, c.meterId);
  c.registers = mirror;
  assert.equal((await c.login('rows.rollback', PASS)).ok, true);
  assert.deepEqual(c.registers, { ar: 700, dr: 1300 });
});

test('funds come only from credit entries made with the ledger key; the demo credit is one', async () => {
  const rich = await signedUp('rows.rich', 9000, 0);
  const poor = await signedUp('rows.poor', 0, 0);
  // The rich account's entry moved to the poor account's chain; then a forged amount on the poor one's own entry.
  await vault.exec(`INSERT INTO credits (id, account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
    SELECT (SELECT max(id) FROM credits) + seq, 'rows.poor', seq, amount, kind, made_by, reason, at, prev_hash, hash, mac FROM credits WHERE account = 'rows.rich'`);
  assert.equal((await poor.maced('purchase', { amount: 1 })).error?.code, 'INSUFFICIENT_FUNDS');
  assert.equal((await lastAudit())?.event, 'credit-refused');
  await vault.exec("DELETE FROM credits WHERE account = 'rows.poor'");
  await vault.credit('rows.poor', 10);
  await vault.exec("UPDATE credits SET amount = 100000 WHERE account = 'rows.poor'");
  assert.equal((await poor.maced('purchase', { amount: 11 })).error?.code, 'INSUFFICIENT_FUNDS');
  await vault.exec("UPDATE credits SET amount = 10 WHERE account = 'rows.poor'");
  const buy = await poor.maced('purchase', { amount: 10 });
  assert.equal((buy.body as { funds: number }).funds, 0);
  // The hint of which entries a purchase reads, raised: the module counts from its package, so nothing is lost or gained.
  await vault.exec("UPDATE accounts SET credits_seen = 0 WHERE username = 'rows.rich'");
  assert.equal(((await rich.maced('purchase', { amount: 9000 })).body as { funds: number }).funds, 0);
  assert.equal((await rich.maced('purchase', { amount: 1 })).error?.code, 'INSUFFICIENT_FUNDS');
});
