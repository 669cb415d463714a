/**
 * The ledger schema (SQLite 7) on a database that already holds value: refused without the keys (nothing changes);
 * with them, funds and purchases become each account's opening credit, unrefunded pieces are
 * sealed, audit entries chained and packages learn their account — once, in the migration.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openPackage, sealPackage, type PsdPackage } from '../../src/bank/psd-package.ts';
import { upgradeKeysOf } from '../../src/bank/upgrade-keys.ts';
import type { KeyBackend } from '../../src/keystore/backend.ts';
import { softwareBackend } from '../../src/keystore/software-backend.ts';
import { auditLinker, checkAuditEntry } from '../../src/ledger/audit-chain.ts';
import { checkCreditEntry, EMPTY_CREDIT_HEAD } from '../../src/ledger/credits.ts';
import { pieceSealVerifies } from '../../src/ledger/piece-seal.ts';
import { applyMigrations } from '../../src/sqlite/apply-migrations.ts';
import { UpgradeNeedsKeys } from '../../src/storage/ledger-upgrade.ts';
import { LEDGER_SCHEMA, MIGRATIONS } from '../../src/storage/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/storage/sqlite/sqlite-storage.ts';
import { openPackageContent } from '../bank/package-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'vbi-legacy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const k = () => randomBytes(32);
const keys: KeyBackend = softwareBackend({ psdWrap: k(), log: k(), ledger: k(), pieceSeal: k(), audit: k() });
const METER = openPackageContent().meterId;
const T = '2026-11-01T10:00:00.000Z';

/** A vault before the ledger schema (7): alice (funds 700, bought 300), her meter's version-1 package, two pieces (one refunded), two audit entries. */
function beforeLedger(file: string): void {
  const db = new Database(file);
  applyMigrations(db, MIGRATIONS.filter((m) => m.version < LEDGER_SCHEMA));
  const { account: _a, credits: _c, refunds: _r, refundsForgottenThrough: _f, ...v1 } = openPackageContent({ ar: 200, dr: 100, totalDownloaded: 300 });
  const sealed = sealPackage(keys.psd, { ...v1, v: 1 } as unknown as PsdPackage);
  db.exec(`INSERT INTO accounts (id, username, funds, created_at) VALUES (1, 'Alice', 700, '${T}')`);
  db.prepare(`INSERT INTO meters (id, state, psd_serial, cert_serial, certificate, account_id, created_at) VALUES (?, 'operational', 1, 1, 'PEM', 1, '${T}')`).run(METER);
  db.prepare('INSERT INTO packages (meter_id, package) VALUES (?, ?)').run(METER, sealed);
  db.prepare(`INSERT INTO tx_log (module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link)
    VALUES (1, 1, ?, 'purchase', 300, 0, 300, NULL, '${T}', 'p', 'h', 'm', 'l')`).run(METER);
  const piece = db.prepare(`INSERT INTO pieces (meter_id, piece_number, postage, indicium, mail_date, created_at, refunded) VALUES (?, ?, 100, ?, '2026-11-01', '${T}', ?)`);
  piece.run(METER, 1, randomBytes(113), 1);
  piece.run(METER, 2, randomBytes(113), 0);
  db.exec(`INSERT INTO audit_log (at, event, detail) VALUES ('${T}', 'inspection', NULL), ('${T}', 're-print', '{"pieceNumber":2}')`);
  db.close();
}

const version = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT max(version) FROM schema_migrations').pluck().get();
  } finally {
    db.close();
  }
};

test('without the keys the upgrade is refused and the database stays before the ledger schema', () => {
  const file = join(dir, 'no-keys.sqlite');
  beforeLedger(file);
  assert.throws(() => openSqliteStore(file), UpgradeNeedsKeys);
  assert.equal(version(file), LEDGER_SCHEMA - 1);
});

test('with the keys: opening credit = funds + purchases, unrefunded pieces sealed, audits chained, the package names its account', () => {
  const file = join(dir, 'keys.sqlite');
  beforeLedger(file);
  const store = openSqliteStore(file, { upgradeKeys: upgradeKeysOf(keys) });
  try {
    const [opening, ...more] = store.credits('alice', 0);
    assert.equal(more.length, 0);
    assert.ok(opening !== undefined);
    assert.equal(checkCreditEntry(keys.ledgerMac, 'alice', EMPTY_CREDIT_HEAD, opening), null);
    assert.deepEqual([opening.amount, opening.kind], [1000, 'opening']);
    const p1 = store.piece(METER, 1);
    const p2 = store.piece(METER, 2);
    assert.equal(p1?.seal, null, 'a refunded piece stays unsealed: never refunded or printed again');
    assert.ok(p2 !== undefined && pieceSealVerifies(keys.pieceSealMac, { ...p2, meterId: METER }, p2.seal));
    const linker = auditLinker(keys.auditMac);
    let prev = linker.genesis;
    store.auditEntries(0, 10).forEach((a, i) => {
      assert.equal(checkAuditEntry(linker, prev, i, a, a.mac), null);
      prev = a.mac as string;
    });
    const pkg = openPackage(keys.psd, METER, store.sealedPackages([METER])[0] as Buffer);
    assert.deepEqual([pkg.v, pkg.account, pkg.ar, pkg.dr], [2, 'alice', 200, 100]);
  } finally {
    store.close();
  }
  assert.equal(version(file), MIGRATIONS.at(-1)?.version);
});
