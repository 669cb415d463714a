/** The operator console's reads on SQLite (Storage: accounts, fundsOf, meterLog, meterAudit, lastModuleEntry, retiredCertificates). */
import type Database from 'better-sqlite3';
import { toAudit, toLogEntry, type AuditDbRow, type LogDbRow } from '../log-row.ts';
import type { AccountRow, RetiredCertificate } from '../storage.ts';
import type { SyncStorage } from './sqlite-storage.ts';

type ConsoleReads = Pick<SyncStorage, 'accounts' | 'fundsOf' | 'meterLog' | 'meterAudit' | 'lastModuleEntry' | 'retiredCertificates'>;

export function consoleReads(db: Database.Database): ConsoleReads {
  const q = {
    accounts: db.prepare(
      `SELECT a.id, a.username, m.id AS meterId, a.credits_seen AS creditsSeen FROM accounts a JOIN meters m ON m.account_id = a.id
       ORDER BY a.username COLLATE NOCASE`,
    ),
    funds: db.prepare(`SELECT (SELECT coalesce(sum(c.amount), 0) FROM credits c WHERE c.account = lower(a.username))
        - (SELECT coalesce(sum(CASE t.type WHEN 'purchase' THEN t.amount ELSE -t.amount END), 0) FROM tx_log t
           WHERE t.meter_id = m.id AND t.type IN ('purchase', 'withdraw'))
      FROM meters m LEFT JOIN accounts a ON a.id = m.account_id WHERE m.id = ?`).pluck(),
    // No index on meter_id (it would cost every commit a page): an operator's read scans, newest first.
    meterLog: db.prepare('SELECT * FROM tx_log WHERE meter_id = ? ORDER BY id DESC LIMIT ?'),
    meterAudit: db.prepare('SELECT * FROM audit_log WHERE meter_id = ? ORDER BY id DESC LIMIT ?'),
    lastModuleEntry: db.prepare('SELECT * FROM tx_log WHERE module_serial = ? ORDER BY id DESC LIMIT 1'),
    retired: db.prepare('SELECT cert_serial AS certSerial, retired_at AS retiredAt FROM retired_certificates WHERE meter_id = ? ORDER BY retired_at, cert_serial'),
  };
  return {
    accounts: () => q.accounts.all() as AccountRow[],
    fundsOf: (meterIds) => meterIds.map((id) => (q.funds.get(id) as number | undefined) ?? 0),
    meterLog: (meterId, limit) => (q.meterLog.all(meterId, limit) as LogDbRow[]).map(toLogEntry),
    meterAudit: (meterId, limit) => (q.meterAudit.all(meterId, limit) as AuditDbRow[]).map(toAudit),
    lastModuleEntry(serial) {
      const row = q.lastModuleEntry.get(serial) as LogDbRow | undefined;
      return row === undefined ? undefined : toLogEntry(row);
    },
    retiredCertificates: (meterId) => q.retired.all(meterId) as RetiredCertificate[],
  };
}
