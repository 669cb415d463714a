/**
 * Appends audit entries to the SQLite PSD database, each MACed and chained to the one before
 * (ledger/audit-chain.ts), inside the caller's write transaction: every writer (the commit writer,
 * the main thread) reads the chain's head under SQLite's write lock, so appends form one chain.
 */
import type Database from 'better-sqlite3';
import { auditFieldsOf, type AuditLinker } from '../../ledger/audit-chain.ts';
import type { AuditEntry } from '../storage.ts';

export interface AuditWriter {
  /** Appends in the caller's transaction; throws when the storage was opened without the audit key. */
  append(entries: AuditEntry[]): void;
}

export function auditWriter(db: Database.Database, linker: AuditLinker | undefined): AuditWriter {
  const head = db.prepare('SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1');
  const insert = db.prepare('INSERT INTO audit_log (id, at, event, module_serial, meter_id, detail, mac) VALUES (?, ?, ?, ?, ?, ?, ?)');
  return {
    append(entries) {
      if (entries.length === 0) return;
      if (linker === undefined) throw new Error('this storage was opened without the audit key: it cannot write audit entries');
      // A last entry without a MAC (a row nobody with the key wrote) is not chained into: verify-log reports it.
      const last = head.get() as { id: number; mac: string | null } | undefined;
      let id = last?.id ?? 0;
      let prev = last?.mac ?? linker.genesis;
      for (const e of entries) {
        const fields = auditFieldsOf(++id, e);
        prev = linker.mac(prev, fields);
        insert.run(id, fields.at, fields.event, fields.moduleSerial, fields.meterId, fields.detail, prev);
      }
    },
  };
}
