/**
 * Schema 5 for a database that already holds value (migrations.ts): rows written before it carry no
 * MAC, so the upgrade adopts them once, as they are at that moment, inside the migration's
 * transaction — which is why it needs the keys, and why no later start ever re-adopts anything the
 * database offers (a row inserted afterwards would otherwise get a MAC from the vault):
 * - each account's funds, plus everything its meter has bought, become its opening credit entry
 *   (so credits − purchases = its funds, as before);
 * - each piece not refunded gets its seal (a refunded one stays unsealed: never refunded or
 *   re-printed again);
 * - each assigned meter's package learns its account (done by the bank: `bindAccount`);
 * - the audit entries are chained.
 * Then the funds column goes. Run `vault verify-log` before upgrading: what the database holds
 * then is what the ledger starts from.
 */
import type Database from 'better-sqlite3';
import type { MacKey } from '../../keystore/backend.ts';
import { auditLinker, type StoredAuditFields } from '../../ledger/audit-chain.ts';
import { EMPTY_CREDIT_HEAD, makeCreditEntry } from '../../ledger/credits.ts';
import { pieceSeal } from '../../ledger/piece-seal.ts';
import type { PieceDbRow } from './rows.ts';

/** The schema version that brought the credits ledger, piece seals and the audit chain. */
export const LEDGER_SCHEMA = 5;

export interface UpgradeKeys {
  ledger: MacKey;
  pieceSeal: MacKey;
  audit: MacKey;
  /** The package resealed to name its account (bank/upgrade-keys.ts: storage never opens a package). */
  bindAccount(meterId: string, sealedPackage: Buffer, account: string): Buffer;
}

export class UpgradeNeedsKeys extends Error {
  constructor() {
    super('this vault database predates the credits ledger (schema 5) and holds value: upgrade it with a command that opens the key '
      + 'store (vault start, credit, verify-log, report or recover)');
  }
}

/**
 * Seals every piece row that has no seal and was not refunded, in the caller's transaction. Only
 * for rows from a trusted source: the schema-5 upgrade (the database as it is then) and `recover`
 * (a snapshot and segments, both authenticated by the backup keys).
 */
export function sealUnsealedPieces(db: Database.Database, key: MacKey): number {
  const pieces = db.prepare('SELECT * FROM pieces WHERE refunded = 0 AND seal IS NULL').all() as PieceDbRow[];
  const seal = db.prepare('UPDATE pieces SET seal = ? WHERE meter_id = ? AND piece_number = ?');
  for (const p of pieces) {
    seal.run(pieceSeal(key, {
      meterId: p.meter_id, pieceNumber: p.piece_number, postage: p.postage, mailDate: p.mail_date, createdAt: p.created_at, indicium: p.indicium,
    }), p.meter_id, p.piece_number);
  }
  return pieces.length;
}

export function upgradeToLedger(db: Database.Database, keys: UpgradeKeys | undefined): void {
  const openings = db.prepare(`SELECT account, amount FROM (
      SELECT lower(a.username) AS account, a.funds + coalesce((SELECT sum(t.amount) FROM tx_log t JOIN meters m ON m.id = t.meter_id
        WHERE m.account_id = a.id AND t.type = 'purchase'), 0) AS amount
      FROM accounts a)
    WHERE amount > 0 ORDER BY account`).all() as Array<{ account: string; amount: number }>;
  const pieces = db.prepare('SELECT count(*) FROM pieces WHERE refunded = 0 AND seal IS NULL').pluck().get() as number;
  const audits = db.prepare('SELECT id, at, event, module_serial AS moduleSerial, meter_id AS meterId, detail FROM audit_log ORDER BY id')
    .all() as StoredAuditFields[];
  const bound = db.prepare(`SELECT m.id AS meterId, lower(a.username) AS account, p.package FROM meters m
    JOIN accounts a ON a.id = m.account_id JOIN packages p ON p.meter_id = m.id ORDER BY m.id`).all() as Array<{ meterId: string; account: string; package: Buffer }>;
  if (openings.length + pieces + audits.length + bound.length > 0) {
    if (keys === undefined) throw new UpgradeNeedsKeys();
    const at = new Date();
    const credit = db.prepare(`INSERT INTO credits (account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
      VALUES (@account, @seq, @amount, @kind, @by, @reason, @at, @prevHash, @hash, @mac)`);
    for (const o of openings) {
      credit.run(makeCreditEntry(keys.ledger, o.account, EMPTY_CREDIT_HEAD, {
        amount: o.amount, kind: 'opening', by: 'schema 5 upgrade', reason: 'funds and purchases before the credits ledger',
      }, at));
    }
    sealUnsealedPieces(db, keys.pieceSeal);
    const rebind = db.prepare('UPDATE packages SET package = ? WHERE meter_id = ?');
    for (const m of bound) rebind.run(keys.bindAccount(m.meterId, m.package, m.account), m.meterId);
    const linker = auditLinker(keys.audit);
    const mac = db.prepare('UPDATE audit_log SET mac = ? WHERE id = ?');
    let prev = linker.genesis;
    for (const f of audits) mac.run((prev = linker.mac(prev, f)), f.id);
  }
  db.exec('ALTER TABLE accounts DROP COLUMN funds');
}
