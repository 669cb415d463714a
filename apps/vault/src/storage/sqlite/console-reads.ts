/** The operator console's reads on SQLite (Storage: accounts, meterLog, meterAudit, lastModuleEntry, retiredCertificates). */
import type Database from 'better-sqlite3';
import { toAudit, toLogEntry, type AuditDbRow, type LogDbRow } from '../log-row.ts';
import type { AccountRow, RetiredCertificate } from '../storage.ts';
import type { SyncStorage } from './sqlite-storage.ts';

type ConsoleReads = Pick<SyncStorage, 'accounts' | 'meterLog' | 'meterAudit' | 'lastModuleEntry' | 'retiredCertificates'>;

export function consoleReads(db: Database.Database): ConsoleReads {
  const q = {
    accounts: db.prepare(
      `SELECT a.id, a.username, a.funds, m.id AS meterId FROM accounts a JOIN meters m ON m.account_id = a.id
       ORDER BY a.username COLLATE NOCASE`,
    ),
    // No index on meter_id (it would cost every commit a page): an operator's read scans, newest first.
    meterLog: db.prepare('SELECT * FROM tx_log WHERE meter_id = ? ORDER BY id DESC LIMIT ?'),
    meterAudit: db.prepare('SELECT * FROM audit_log WHERE meter_id = ? ORDER BY id DESC LIMIT ?'),
    lastModuleEntry: db.prepare('SELECT * FROM tx_log WHERE module_serial = ? ORDER BY id DESC LIMIT 1'),
    retired: db.prepare('SELECT cert_serial AS certSerial, retired_at AS retiredAt FROM retired_certificates WHERE meter_id = ? ORDER BY retired_at, cert_serial'),
  };
  return {
    accounts: () => q.accounts.all() as AccountRow[],
    meterLog: (meterId, limit) => (q.meterLog.all(meterId, limit) as LogDbRow[]).map(toLogEntry),
    meterAudit: (meterId, limit) => (q.meterAudit.all(meterId, limit) as AuditDbRow[]).map(toAudit),
    lastModuleEntry(serial) {
      const row = q.lastModuleEntry.get(serial) as LogDbRow | undefined;
      return row === undefined ? undefined : toLogEntry(row);
    },
    retiredCertificates: (meterId) => q.retired.all(meterId) as RetiredCertificate[],
  };
}
