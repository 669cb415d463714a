/** The whole-ledger reads of the Storage interface, in pages (verify-log, report). */
import type Database from 'better-sqlite3';
import type { CreditEntry } from '../../ledger/credits.ts';
import type { AccountMeter, PieceRow, StoredAuditEntry, StoredCheckpoint, StoredLogEntry } from '../storage.ts';
import { toPiece, type PieceDbRow } from '../piece-row.ts';
import { AUDIT_COLUMNS, CREDIT_COLUMNS, LOG_COLUMNS, toCredit, type CreditDbRow } from './rows.ts';

export interface LedgerReads {
  logEntries(afterId: number, limit: number): StoredLogEntry[];
  auditEntries(afterId: number, limit: number): StoredAuditEntry[];
  creditEntries(after: { account: string; seq: number } | null, limit: number): CreditEntry[];
  pieces(after: { meterId: string; pieceNumber: number } | null, limit: number): PieceRow[];
  accountMeters(afterMeterId: string | null, limit: number): AccountMeter[];
  checkpoints(): Array<StoredCheckpoint & { moduleSerial: number }>;
}

export function ledgerReads(db: Database.Database): LedgerReads {
  const q = {
    log: db.prepare(`SELECT ${LOG_COLUMNS} FROM tx_log WHERE id > ? ORDER BY id LIMIT ?`),
    audit: db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`),
    credits: db.prepare(`SELECT ${CREDIT_COLUMNS} FROM credits WHERE (account, seq) > (?, ?) ORDER BY account, seq LIMIT ?`),
    pieces: db.prepare('SELECT * FROM pieces WHERE (meter_id, piece_number) > (?, ?) ORDER BY meter_id, piece_number LIMIT ?'),
    meters: db.prepare(`SELECT m.id AS meterId, a.id AS accountId, a.username, p.package AS sealedPackage
      FROM meters m JOIN accounts a ON a.id = m.account_id JOIN packages p ON p.meter_id = m.id
      WHERE m.id > ? ORDER BY m.id LIMIT ?`),
    checkpoints: db.prepare('SELECT module_serial AS moduleSerial, record, mac FROM checkpoints ORDER BY module_serial'),
  };
  return {
    logEntries: (afterId, limit) => q.log.all(afterId, limit) as StoredLogEntry[],
    auditEntries: (afterId, limit) => q.audit.all(afterId, limit) as StoredAuditEntry[],
    creditEntries: (after, limit) => (q.credits.all(after?.account ?? '', after?.seq ?? 0, limit) as CreditDbRow[]).map(toCredit),
    pieces: (after, limit) => (q.pieces.all(after?.meterId ?? '', after?.pieceNumber ?? 0, limit) as PieceDbRow[])
      .map((r) => toPiece(r) as PieceRow),
    accountMeters: (afterMeterId, limit) => q.meters.all(afterMeterId ?? '', limit) as AccountMeter[],
    checkpoints: () => q.checkpoints.all() as Array<StoredCheckpoint & { moduleSerial: number }>,
  };
}
