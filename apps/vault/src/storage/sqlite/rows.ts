/** Rows of the SQLite PSD database as the Storage interface returns them. */
import type { CreditEntry, CreditKind } from '../../ledger/credits.ts';

export const CREDIT_COLUMNS = 'account, seq, amount, kind, made_by AS "by", reason, at, prev_hash AS prevHash, hash, mac';

export type CreditDbRow = Omit<CreditEntry, 'kind'> & { kind: string };

export function toCredit(row: CreditDbRow): CreditEntry {
  // The kind is checked with the MAC (ledger/credits.ts): a row with another kind does not verify.
  return { ...row, kind: row.kind as CreditKind };
}

export const LOG_COLUMNS = `id, module_serial AS moduleSerial, seq, meter_id AS meterId, type, amount, ar, dr,
  piece_number AS pieceNumber, at, prev_hash AS prevHash, hash, mac, link`;

export const AUDIT_COLUMNS = 'id, at, event, module_serial AS moduleSerial, meter_id AS meterId, detail, mac';
