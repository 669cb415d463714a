/** The whole-ledger reads of the Storage interface on PostgreSQL, in pages (verify-log, report): as sqlite/ledger-reads.ts. */
import type { CreditEntry } from '../../ledger/credits.ts';
import { toPiece, type PieceDbRow } from '../piece-row.ts';
import type { AccountMeter, PieceRow, StoredAuditEntry, StoredCheckpoint, StoredLogEntry } from '../storage.ts';
import type { Sql } from './pg-client.ts';

export const LOG_COLUMNS = `id, module_serial AS "moduleSerial", seq, meter_id AS "meterId", type, amount, ar, dr,
  piece_number AS "pieceNumber", at, prev_hash AS "prevHash", hash, mac, link`;
export const CREDIT_COLUMNS = 'account, seq, amount, kind, made_by AS "by", reason, at, prev_hash AS "prevHash", hash, mac';
export const AUDIT_COLUMNS = 'id, at, event, module_serial AS "moduleSerial", meter_id AS "meterId", detail, mac';

export function pgLedgerReads(sql: Sql) {
  const rows = async <T>(query: Promise<Iterable<unknown>>) => [...(await query)] as T[];
  return {
    logEntries: (afterId: number, limit: number) =>
      rows<StoredLogEntry>(sql`SELECT ${sql.unsafe(LOG_COLUMNS)} FROM tx_log WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`),
    auditEntries: (afterId: number, limit: number) =>
      rows<StoredAuditEntry>(sql`SELECT ${sql.unsafe(AUDIT_COLUMNS)} FROM audit_log WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`),
    creditEntries: (after: { account: string; seq: number } | null, limit: number) =>
      rows<CreditEntry>(sql`SELECT ${sql.unsafe(CREDIT_COLUMNS)} FROM credits
        WHERE (account, seq) > (${after?.account ?? ''}, ${after?.seq ?? 0}) ORDER BY account, seq LIMIT ${limit}`),
    pieces: async (after: { meterId: string; pieceNumber: number } | null, limit: number) =>
      (await rows<PieceDbRow>(sql`SELECT * FROM pieces WHERE (meter_id, piece_number) > (${after?.meterId ?? ''}, ${after?.pieceNumber ?? 0})
        ORDER BY meter_id, piece_number LIMIT ${limit}`)).map((r) => toPiece(r) as PieceRow),
    accountMeters: (afterMeterId: string | null, limit: number) =>
      rows<AccountMeter>(sql`SELECT m.id AS "meterId", a.id AS "accountId", a.username, p.package AS "sealedPackage"
        FROM meters m JOIN accounts a ON a.id = m.account_id JOIN packages p ON p.meter_id = m.id
        WHERE m.id > ${afterMeterId ?? ''} ORDER BY m.id LIMIT ${limit}`),
    checkpoints: () =>
      rows<StoredCheckpoint & { moduleSerial: number }>(sql`SELECT module_serial AS "moduleSerial", record, mac FROM checkpoints ORDER BY module_serial`),
  };
}
