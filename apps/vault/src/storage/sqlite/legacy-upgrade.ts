/** Schema 5 on SQLite for a database that already holds value: reads and writes what ../ledger-upgrade.ts decides. */
import type Database from 'better-sqlite3';
import type { MacKey } from '../../keystore/backend.ts';
import type { StoredAuditFields } from '../../ledger/audit-chain.ts';
import { pieceSeal, type SealedPieceFields } from '../../ledger/piece-seal.ts';
import { planLedgerUpgrade, type LegacyRows, type UpgradeKeys } from '../ledger-upgrade.ts';

const UNSEALED = `SELECT meter_id AS meterId, piece_number AS pieceNumber, postage, mail_date AS mailDate, created_at AS createdAt, indicium
  FROM pieces WHERE refunded = 0 AND seal IS NULL`;

/**
 * Seals every piece row that has no seal and was not refunded, in the caller's transaction. Only
 * for rows from a trusted source: the ledger upgrade (the database as it is then) and `recover`
 * (a snapshot and segments, both authenticated by the backup keys).
 */
export function sealUnsealedPieces(db: Database.Database, key: MacKey): number {
  const pieces = db.prepare(UNSEALED).all() as SealedPieceFields[];
  const seal = db.prepare('UPDATE pieces SET seal = ? WHERE meter_id = ? AND piece_number = ?');
  for (const p of pieces) seal.run(pieceSeal(key, p), p.meterId, p.pieceNumber);
  return pieces.length;
}

function legacyRows(db: Database.Database): LegacyRows {
  return {
    openings: db.prepare(`SELECT account, amount FROM (
        SELECT lower(a.username) AS account, a.funds + coalesce((SELECT sum(t.amount) FROM tx_log t JOIN meters m ON m.id = t.meter_id
          WHERE m.account_id = a.id AND t.type = 'purchase'), 0) AS amount
        FROM accounts a)
      WHERE amount > 0 ORDER BY account`).all() as LegacyRows['openings'],
    unsealedPieces: db.prepare(UNSEALED).all() as SealedPieceFields[],
    audits: db.prepare('SELECT id, at, event, module_serial AS moduleSerial, meter_id AS meterId, detail FROM audit_log ORDER BY id')
      .all() as StoredAuditFields[],
    boundMeters: db.prepare(`SELECT m.id AS meterId, lower(a.username) AS account, p.package FROM meters m
      JOIN accounts a ON a.id = m.account_id JOIN packages p ON p.meter_id = m.id ORDER BY m.id`).all() as LegacyRows['boundMeters'],
  };
}

export function upgradeToLedger(db: Database.Database, keys: UpgradeKeys | undefined): void {
  const plan = planLedgerUpgrade(legacyRows(db), keys, new Date());
  const credit = db.prepare(`INSERT INTO credits (account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
    VALUES (@account, @seq, @amount, @kind, @by, @reason, @at, @prevHash, @hash, @mac)`);
  for (const c of plan.credits) credit.run(c);
  const seal = db.prepare('UPDATE pieces SET seal = ? WHERE meter_id = ? AND piece_number = ?');
  for (const s of plan.seals) seal.run(s.seal, s.meterId, s.pieceNumber);
  const rebind = db.prepare('UPDATE packages SET package = ? WHERE meter_id = ?');
  for (const p of plan.packages) rebind.run(p.package, p.meterId);
  const mac = db.prepare('UPDATE audit_log SET mac = ? WHERE id = ?');
  for (const a of plan.auditMacs) mac.run(a.mac, a.id);
  db.exec('ALTER TABLE accounts DROP COLUMN funds');
}
