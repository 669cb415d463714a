import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { applyMigrations } from '../../src/sqlite/apply-migrations.ts';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-migrations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a schema-2 database keeps its meters, packages and log through the later migrations', () => {
  const file = join(dir, 'vault.sqlite');
  const old = new Database(file);
  applyMigrations(old, MIGRATIONS.filter((m) => m.version <= 2));
  old.prepare(`INSERT INTO meters (id, state, psd_serial, cert_serial, certificate, package, created_at)
    VALUES ('m-1', 'operational', 1, 1, 'PEM', x'0102', '2026-01-01T00:00:00.000Z')`).run();
  const entry = `INSERT INTO tx_log (module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link)
    VALUES (1, ?, 'm-1', 'purchase', 5, 0, 5, NULL, '2026-01-01T00:00:00.000Z', 'p', ?, 'mac', 'link')`;
  old.prepare(entry).run(1, 'h-1');
  old.close();

  const storage = openSqliteStore(file);
  try {
    assert.deepEqual(storage.sealedPackages(['m-1'])[0], Buffer.from([1, 2]));
    assert.equal(storage.meterInfo('m-1')?.state, 'operational');
  } finally {
    storage.close();
  }
  const db = new Database(file);
  try {
    const meterColumns = (db.prepare('PRAGMA table_info(meters)').all() as Array<{ name: string }>).map((c) => c.name);
    assert.ok(!meterColumns.includes('package'), 'the package moved out of the meter row');
    assert.deepEqual(db.prepare('SELECT seq, hash, link FROM tx_log').all(), [{ seq: 1, hash: 'h-1', link: 'link' }]);
    // Log hashes carry no unique index any more (the chain is what catches a duplicate).
    db.prepare(entry).run(2, 'h-1');
    assert.deepEqual(db.prepare('SELECT max(version) AS v FROM schema_migrations').get(), { v: MIGRATIONS.at(-1)?.version });
  } finally {
    db.close();
  }
});
