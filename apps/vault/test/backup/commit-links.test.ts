import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { startTestVault, type TestVault } from '../../src/testing/index.ts';
import { MeterClient, today } from '../../src/testing/meter-client.ts';
import { dbFile, query } from '../helpers/db.ts';
import { vaultCli } from './cli-run.ts';

let vault: TestVault;

type Row = { id: number; module_serial: number; meter_id: string; link: string | null };
const rows = () => query<Row>(vault.dataDir, 'SELECT id, module_serial, meter_id, link FROM tx_log ORDER BY id');

function writeDb(sql: (db: Database.Database) => void): void {
  const db = new Database(dbFile(vault.dataDir));
  try {
    db.transaction(() => sql(db))();
  } finally {
    db.close();
  }
}

before(async () => {
  vault = await startTestVault({ modules: 2 });
  const clients = await Promise.all(['links.one', 'links.two'].map(async (name) => {
    const c = await MeterClient.connect(vault.url, vault.trustDir);
    assert.equal((await c.register(name, 'long enough passphrase')).ok, true);
    await vault.credit(name, 50_000);
    assert.equal((await c.maced('purchase', { amount: 20_000 })).ok, true);
    return c;
  }));
  // Both meters at once, so the two modules' entries interleave in the log.
  for (let i = 0; i < 4; i++) {
    await Promise.all(clients.map((c) => c.maced('indicium', { kind: 'postage', postage: 500 + i, rateCategory: 'FCLT', mailDate: today() })));
  }
  for (const c of clients) c.close();
  await vault.kill('SIGTERM');
});

after(() => vault.stop());

test('every committed entry carries a commit link and the log verifies', async () => {
  const log = rows();
  assert.equal(log.length, 10);
  assert.ok(log.every((r) => r.link !== null && r.link.length === 43));
  assert.equal(new Set(log.map((r) => r.module_serial)).size, 2, 'both modules wrote entries');
  const v = await vaultCli(['verify-log', '--data', vault.dataDir]);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, /database log: 10 entries verified, chain intact/);
});

test('entries written before commit links get theirs when the vault starts, the same ones the bank would have made', async () => {
  const genuine = rows();
  writeDb((db) => db.prepare('UPDATE tx_log SET link = NULL WHERE id > 3').run());
  await vault.restart();
  await vault.kill('SIGTERM');
  assert.deepEqual(rows(), genuine);
});

test('an entry copied to a new row (no unique index on hashes since migration 3): verify-log finds the break', async () => {
  const last = rows().at(-1) as Row;
  const cols = 'module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link';
  writeDb((db) => db.prepare(`INSERT INTO tx_log (id, ${cols}) SELECT id + 1, ${cols} FROM tx_log WHERE id = ?`).run(last.id));
  const v = await vaultCli(['verify-log', '--data', vault.dataDir]);
  writeDb((db) => db.prepare('DELETE FROM tx_log WHERE id = ?').run(last.id + 1));
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`FIRST BREAK in database: entry ${last.id + 1}: does not link to entry ${last.id}`));
});

test('two rows of different modules and meters swapped, each module chain intact: verify-log finds the break', async () => {
  const log = rows();
  const at = log.findIndex((r, i) => i > 0 && r.module_serial !== log[i - 1]?.module_serial && r.meter_id !== log[i - 1]?.meter_id);
  assert.ok(at > 0, 'two neighbouring entries of different modules and meters');
  const [a, b] = [log[at - 1] as Row, log[at] as Row];
  const cols = 'module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link';
  writeDb((db) => {
    const image = (id: number) => db.prepare(`SELECT ${cols} FROM tx_log WHERE id = ?`).get(id) as Record<string, unknown>;
    const [x, y] = [image(a.id), image(b.id)];
    const put = db.prepare(`UPDATE tx_log SET ${cols.split(', ').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`);
    put.run({ ...y, id: a.id });
    put.run({ ...x, id: b.id });
  });
  const v = await vaultCli(['verify-log', '--data', vault.dataDir]);
  assert.equal(v.code, 1, v.out);
  assert.match(v.out, new RegExp(`FIRST BREAK in database: entry ${a.id}: does not link to entry ${a.id - 1}`));
});
