/**
 * A snapshot taken before migrations 3 and 4 (packages still in `meters`, a unique index on log
 * hashes) recovers with the log off-loaded after the upgrade: the operator's last snapshot often
 * predates the upgrade that the disaster followed.
 */
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { openPackage } from '../../src/bank/psd-package.ts';
import { backupKeys } from '../../src/backup/keys.ts';
import { restoreSnapshot, writeSnapshot } from '../../src/backup/snapshot.ts';
import type { AeadKey } from '../../src/keystore/backend.ts';
import { openVaultBackend } from '../../src/keystore/open-backend.ts';
import { applyMigrations } from '../../src/sqlite/apply-migrations.ts';
import { MIGRATIONS } from '../../src/storage/sqlite/migrations.ts';
import { startTestVault, type TestVault } from '../../src/testing/index.ts';
import { MeterClient, today } from '../../src/testing/meter-client.ts';
import { vaultCli } from './cli-run.ts';

const PASSPHRASE = 'long enough passphrase';
const work = mkdtempSync(join(tmpdir(), 'vbi-old-snapshot-'));
let vault: TestVault;
const clients: MeterClient[] = [];
const NAMES = ['old.one', 'old.two'];

async function load(c: MeterClient, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const a = await c.maced('indicium', { kind: 'postage', postage: 300 + i, rateCategory: 'FCLT', mailDate: today() });
    assert.equal(a.ok, true, JSON.stringify(a.error));
  }
}

/** Rewrites a current-schema database as schema 2 made it (the migrations of that version), rows unchanged. */
function downgradeToSchema2(current: string, old: string): void {
  const db = new Database(old);
  try {
    applyMigrations(db, MIGRATIONS.filter((m) => m.version <= 2));
    db.prepare('ATTACH DATABASE ? AS cur').run(current);
    db.transaction(() => {
      db.exec(`
        INSERT INTO accounts SELECT id, username, funds, created_at FROM cur.accounts;
        INSERT INTO meters (id, state, psd_serial, cert_serial, certificate, package, account_id, last_audit_at, created_at)
          SELECT m.id, m.state, m.psd_serial, m.cert_serial, m.certificate, p.package, m.account_id, m.last_audit_at, m.created_at
          FROM cur.meters m JOIN cur.packages p ON p.meter_id = m.id;
        DELETE FROM serials;
        INSERT INTO serials SELECT name, next FROM cur.serials;
        INSERT INTO pieces SELECT meter_id, piece_number, postage, indicium, mail_date, created_at, refunded FROM cur.pieces;
        INSERT INTO modules SELECT serial, created_at, last_tx_at, last_tx_value FROM cur.modules;
        INSERT INTO checkpoints SELECT module_serial, record, mac FROM cur.checkpoints;
        INSERT INTO tx_log SELECT id, module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link FROM cur.tx_log;
        INSERT INTO audit_log SELECT id, at, event, module_serial, meter_id, detail FROM cur.audit_log;
      `);
    })();
    db.exec('DETACH DATABASE cur');
  } finally {
    db.close();
  }
}

/** Registers, piece counter and piece rows of every assigned meter. */
function registers(dataDir: string, wrapKey: AeadKey): Record<string, unknown> {
  const db = new Database(join(dataDir, 'vault.sqlite'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT m.id, p.package, (SELECT count(*) FROM pieces WHERE meter_id = m.id) AS pieces
      FROM meters m JOIN packages p ON p.meter_id = m.id WHERE m.account_id IS NOT NULL ORDER BY m.id`).all() as Array<{ id: string; package: Buffer; pieces: number }>;
    return Object.fromEntries(rows.map((r) => {
      const pkg = openPackage(wrapKey, r.id, r.package);
      return [r.id, { ar: pkg.ar, dr: pkg.dr, pieceCounter: pkg.pieceCounter, pieceRows: r.pieces }];
    }));
  } finally {
    db.close();
  }
}

before(async () => {
  vault = await startTestVault({ modules: 2, startArgs: ['--log-offload-seconds', '1'] });
  for (const name of NAMES) {
    const c = await MeterClient.connect(vault.url, vault.trustDir);
    clients.push(c);
    assert.equal((await c.register(name, PASSPHRASE)).ok, true);
    await vault.credit(name, 50_000);
    assert.equal((await c.maced('purchase', { amount: 20_000 })).ok, true);
    await load(c, 2);
  }
});

after(async () => {
  for (const c of clients) c.close();
  await vault.stop();
  rmSync(work, { recursive: true, force: true });
});

test('a snapshot of schema 2 plus the log off-loaded since: recovered to the current schema, registers identical, served', async () => {
  const backend = openVaultBackend(vault.dataDir);
  const key = backupKeys(backend).snapshot;
  // The snapshot the earlier version would have written: schema 2, the same rows.
  const current = join(work, 'current');
  const old = join(work, 'old');
  mkdirSync(current);
  mkdirSync(old);
  await writeSnapshot(vault.dataDir, join(work, 'current.vbisnap'), key);
  restoreSnapshot(join(work, 'current.vbisnap'), key, current);
  downgradeToSchema2(join(current, 'vault.sqlite'), join(old, 'vault.sqlite'));
  copyFileSync(join(current, 'support.sqlite'), join(old, 'support.sqlite'));
  const snapshot = join(work, 'schema2.vbisnap');
  await writeSnapshot(old, snapshot, key);

  for (const c of clients) {
    await load(c, 2);
    assert.equal((await c.maced('refund', { pieceNumber: 1 })).ok, true);
  }
  await vault.kill('SIGTERM'); // the final off-load
  const expected = registers(vault.dataDir, backend.psd);

  const keys = join(work, 'keys');
  mkdirSync(keys);
  for (const f of ['keystore.json', 'keystore.passphrase', 'trust']) {
    if (existsSync(join(vault.dataDir, f))) cpSync(join(vault.dataDir, f), join(keys, f), { recursive: true });
  }
  const fresh = join(work, 'new');
  const r = await vaultCli(['recover', '--snapshot', snapshot, '--logs', join(vault.dataDir, 'backup', 'log'), '--keys', keys, '--data', fresh]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /recovered: .* [1-9]\d* replayed/);
  assert.deepEqual(registers(fresh, backend.psd), expected);
  const db = new Database(join(fresh, 'vault.sqlite'), { readonly: true });
  try {
    assert.equal(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get(), MIGRATIONS.at(-1)?.version);
    assert.deepEqual(db.prepare("SELECT name FROM pragma_index_list('tx_log')").all(), [], 'no index on log hashes');
  } finally {
    db.close();
  }
  const v = await vaultCli(['verify-log', '--data', fresh, '--logs', join(vault.dataDir, 'backup', 'log')]);
  assert.equal(v.code, 0, v.out + v.err);

  // The rebuilt vault starts on its seeded module memory and serves both meters.
  const rebuilt = await startTestVault({ modules: 2, copyOf: fresh });
  try {
    for (const [i, c] of clients.entries()) {
      const again = await MeterClient.connect(rebuilt.url, rebuilt.trustDir);
      try {
        assert.equal((await again.login(NAMES[i] as string, PASSPHRASE, c.hmk)).ok, true);
        await load(again, 1);
      } finally {
        again.close();
      }
    }
  } finally {
    await rebuilt.stop();
  }
});
