/** Log entries and audit records read back from either database (the operator console and recovery). */
import type { LogEntryType } from '../ledger/chain.ts';
import type { AuditEntry, StoredLogEntry } from './storage.ts';

/** The columns of a tx_log row, as both databases name them (`SELECT *`). */
export interface LogDbRow {
  id: number | bigint | string;
  module_serial: number;
  seq: number | bigint | string;
  meter_id: string;
  type: string;
  amount: number | bigint | string;
  ar: number | bigint | string;
  dr: number | bigint | string;
  piece_number: number | null;
  at: string;
  prev_hash: string;
  hash: string;
  mac: string;
  link: string | null;
}

export function toLogEntry(r: LogDbRow): StoredLogEntry {
  return {
    id: Number(r.id), moduleSerial: r.module_serial, seq: Number(r.seq), meterId: r.meter_id, type: r.type as LogEntryType,
    amount: Number(r.amount), ar: Number(r.ar), dr: Number(r.dr), pieceNumber: r.piece_number, at: r.at, prevHash: r.prev_hash,
    hash: r.hash, mac: r.mac, link: r.link,
  };
}

export interface AuditDbRow {
  id: number | bigint | string;
  at: string;
  event: string;
  module_serial: number | null;
  meter_id: string | null;
  detail: string | null;
}

export function toAudit(r: AuditDbRow): AuditEntry & { id: number } {
  return {
    id: Number(r.id), at: r.at, event: r.event, moduleSerial: r.module_serial ?? undefined, meterId: r.meter_id ?? undefined,
    detail: r.detail === null ? undefined : JSON.parse(r.detail),
  };
}
