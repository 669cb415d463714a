import Database from 'better-sqlite3';
import type { MacKey } from '../../keystore/backend.ts';
import { auditLinker } from '../../ledger/audit-chain.ts';
import type { LogLinker } from '../../ledger/chain.ts';
import { EMPTY_CREDIT_HEAD, type CreditEntry, type CreditHead } from '../../ledger/credits.ts';
import type {
  AccountRow,
  AuditEntry,
  MeterState,
  ModuleRow,
  NewMeter,
  Storage,
  StoredCheckpoint,
  StoredLogEntry,
  VaultTotals,
} from '../storage.ts';
import { auditWriter } from './audit-writer.ts';
import { batchCommitter } from './commit-batches.ts';
import type { UpgradeKeys } from '../ledger-upgrade.ts';
import { ledgerReads } from './ledger-reads.ts';
import { migrate } from './migrations.ts';
import { consoleReads } from './console-reads.ts';
import { toAudit, type AuditDbRow } from '../log-row.ts';
import { toPiece, type PieceDbRow } from '../piece-row.ts';
import { CREDIT_COLUMNS, LOG_COLUMNS, toCredit, type CreditDbRow } from './rows.ts';
import { sqlitePeople } from './sqlite-people.ts';

export interface SqliteOptions {
  /** WAL pages after which a commit checkpoints (SQLite's default is 1000). */
  walAutoCheckpointPages?: number;
  /** The bank's audit key: without it the storage cannot append audit entries (each is MACed and chained). */
  auditMac?: MacKey;
  /** Needed only to bring a database that holds value from before the ledger schema to it (legacy-upgrade.ts). */
  upgradeKeys?: UpgradeKeys;
}

/** The Storage calls, answered synchronously: what better-sqlite3 gives, for SQLite-only code (the commit writer). */
export type SyncStorage = {
  [K in keyof Storage]: Storage[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

/** Storage on one SQLite file (see openSqliteStore), behind the asynchronous interface. */
export function openSqliteStorage(file: string, options: SqliteOptions = {}): Storage {
  const store = openSqliteStore(file, options);
  const storage: Partial<Record<keyof Storage, unknown>> = {};
  for (const key of Object.keys(store) as Array<keyof Storage>) {
    const call = store[key] as (...args: unknown[]) => unknown;
    storage[key] = (...args: unknown[]) => {
      try {
        return Promise.resolve(call(...args));
      } catch (err) {
        return Promise.reject(err);
      }
    };
  }
  return storage as Storage;
}

/** Storage on one SQLite file: WAL, synchronous=FULL, prepared statements. */
export function openSqliteStore(file: string, options: SqliteOptions = {}): SyncStorage {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  if (options.walAutoCheckpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${options.walAutoCheckpointPages}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, options.upgradeKeys);
  } catch (err) {
    db.close();
    throw err;
  }
  const audits = auditWriter(db, options.auditMac === undefined ? undefined : auditLinker(options.auditMac));
  const reads = ledgerReads(db);

  const q = {
    nextSerial: db.prepare('UPDATE serials SET next = next + ? WHERE name = ? RETURNING next'),
    insertMeter: db.prepare(
      `INSERT INTO meters (id, state, psd_serial, cert_serial, certificate, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    insertPackage: db.prepare('INSERT INTO packages (meter_id, package) VALUES (?, ?)'),
    unassigned: db.prepare(
      `SELECT id FROM meters WHERE account_id IS NULL AND state = 'manufactured' ORDER BY psd_serial LIMIT ?`,
    ),
    pkg: db.prepare('SELECT package FROM packages WHERE meter_id = ?').pluck(),
    meterInfo: db.prepare('SELECT state, certificate, account_id FROM meters WHERE id = ?'),
    certBySerial: db.prepare(`SELECT certificate FROM meters WHERE cert_serial = ?
      UNION ALL SELECT certificate FROM retired_certificates WHERE cert_serial = ?`).pluck(),
    accountByName: db.prepare(
      `SELECT a.id, a.username, m.id AS meterId, a.credits_seen AS creditsSeen FROM accounts a JOIN meters m ON m.account_id = a.id
       WHERE a.username = ? COLLATE NOCASE`,
    ),
    accountByMeter: db.prepare(
      `SELECT a.id, a.username, m.id AS meterId, a.credits_seen AS creditsSeen FROM accounts a JOIN meters m ON m.account_id = a.id
       WHERE m.id = ?`,
    ),
    creditHead: db.prepare('SELECT seq, hash FROM credits WHERE account = ? ORDER BY seq DESC LIMIT 1'),
    insertCredit: db.prepare(`INSERT INTO credits (account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
      VALUES (@account, @seq, @amount, @kind, @by, @reason, @at, @prevHash, @hash, @mac) ON CONFLICT DO NOTHING`),
    credits: db.prepare(`SELECT ${CREDIT_COLUMNS} FROM credits WHERE account = ? AND seq > ? ORDER BY seq`),
    piece: db.prepare('SELECT * FROM pieces WHERE meter_id = ? AND piece_number = ?'),
    lastPiece: db.prepare('SELECT * FROM pieces WHERE meter_id = ? ORDER BY piece_number DESC LIMIT 1'),
    newestEntry: db.prepare(`SELECT ${LOG_COLUMNS} FROM tx_log WHERE meter_id = ? ORDER BY id DESC LIMIT 1`),
    insertModule: db.prepare('INSERT OR IGNORE INTO modules (serial, created_at) VALUES (?, ?)'),
    modules: db.prepare('SELECT serial, last_tx_at AS lastTxAt, last_tx_value AS lastTxValue FROM modules ORDER BY serial'),
    checkpoint: db.prepare('SELECT record, mac FROM checkpoints WHERE module_serial = ?'),
    linkBefore: db.prepare('SELECT link FROM tx_log WHERE id < ? ORDER BY id DESC LIMIT 1').pluck(),
    auditLog: db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
  };

  const people = sqlitePeople(db);
  const commitBatches = batchCommitter(db, audits, people.commit);

  const store: SyncStorage = {
    ...people.calls,
    allocateSerials: db.transaction((count: number) => {
      const psdEnd = q.nextSerial.pluck().get(count, 'psd') as number;
      const certEnd = q.nextSerial.pluck().get(count, 'cert') as number;
      const out: Array<{ psdSerial: number; certSerial: number }> = [];
      for (let i = 0; i < count; i++) out.push({ psdSerial: psdEnd - count + i, certSerial: certEnd - count + i });
      return out;
    }).immediate as (count: number) => Array<{ psdSerial: number; certSerial: number }>,
    // One vault process per SQLite file (its data folder is locked), so the pool needs no claims.
    insertMeter: db.transaction((m: NewMeter, _poolOwner?: string) => {
      q.insertMeter.run(m.id, m.state, m.psdSerial, m.certSerial, m.certificatePem, new Date().toISOString());
      q.insertPackage.run(m.id, m.sealedPackage);
    }),
    claimPoolMeters: (_owner, limit) => q.unassigned.pluck().all(limit) as string[],
    // One read transaction for a whole batch: each autocommit read would take the WAL read lock anew.
    sealedPackages: db.transaction((meterIds: readonly string[]) => meterIds.map((id) => q.pkg.get(id) as Buffer | undefined)),
    meterInfo(meterId) {
      const row = q.meterInfo.get(meterId) as
        | { state: MeterState; certificate: string; account_id: number | null }
        | undefined;
      return row && { state: row.state, certificatePem: row.certificate, accountId: row.account_id };
    },
    certificateBySerial: (certSerial) => q.certBySerial.get(certSerial, certSerial) as string | undefined,
    accountByUsername: (username) => q.accountByName.get(username) as AccountRow | undefined,
    accountByMeter: (meterId) => q.accountByMeter.get(meterId) as AccountRow | undefined,
    creditHead: (account) => (q.creditHead.get(account) as CreditHead | undefined) ?? EMPTY_CREDIT_HEAD,
    appendCredit: (entry: CreditEntry) => q.insertCredit.run(entry).changes === 1,
    credits: (account, afterSeq) => (q.credits.all(account, afterSeq) as CreditDbRow[]).map(toCredit),
    piece: (meterId, n) => toPiece(q.piece.get(meterId, n) as PieceDbRow | undefined),
    lastPiece: (meterId) => toPiece(q.lastPiece.get(meterId) as PieceDbRow | undefined),
    // One read transaction for a whole batch, as for the packages.
    newestLogEntries: db.transaction((meterIds: readonly string[]) =>
      meterIds.map((id) => q.newestEntry.get(id) as StoredLogEntry | undefined)),
    // The only process on this file runs serials 1..count.
    claimModules(_owner, count) {
      const now = new Date().toISOString();
      db.transaction(() => {
        for (let serial = 1; serial <= count; serial++) q.insertModule.run(serial, now);
      }).immediate();
      return (q.modules.all() as ModuleRow[]).filter((m) => m.serial <= count);
    },
    modules: () => q.modules.all() as ModuleRow[],
    checkpoint: (serial) => q.checkpoint.get(serial) as StoredCheckpoint | undefined,
    commitBatches,
    appendAudit: (entries: AuditEntry[]) => db.transaction(audits.append).immediate(entries),
    auditLog: (limit) => (q.auditLog.all(limit) as AuditDbRow[]).map(toAudit),
    linkOldEntries: db.transaction((linker: LogLinker): void => {
      const unlinked = db.prepare('SELECT id, hash FROM tx_log WHERE link IS NULL ORDER BY id').all() as Array<{ id: number; hash: string }>;
      if (unlinked.length === 0) return;
      const set = db.prepare('UPDATE tx_log SET link = ? WHERE id = ?');
      let prev = (q.linkBefore.get((unlinked[0] as { id: number }).id) as string | null | undefined) ?? linker.genesis;
      for (const e of unlinked) set.run((prev = linker.link(prev, e.hash)), e.id);
    }),
    ...reads,
    totals(): VaultTotals {
      const meters: Record<string, number> = {};
      for (const r of db.prepare('SELECT state, count(*) AS n FROM meters GROUP BY state').all() as Array<{ state: string; n: number }>) {
        meters[r.state] = r.n;
      }
      const accounts = db.prepare('SELECT count(*) FROM accounts').pluck().get() as number;
      const credited = db.prepare('SELECT coalesce(sum(amount), 0) FROM credits').pluck().get() as number;
      const bought = db.prepare("SELECT coalesce(sum(CASE type WHEN 'purchase' THEN amount ELSE -amount END), 0) FROM tx_log WHERE type IN ('purchase', 'withdraw')")
        .pluck().get() as number;
      const pcs = db.prepare(
        'SELECT count(*) AS n, coalesce(sum(postage), 0) AS postage, coalesce(sum(CASE WHEN refunded = 1 THEN postage ELSE 0 END), 0) AS refunded FROM pieces',
      ).get() as { n: number; postage: number; refunded: number };
      return { meters, accounts, funds: credited - bought, pieces: pcs.n, postage: pcs.postage, refunded: pcs.refunded };
    },
    ...consoleReads(db),
    close: () => db.close(),
  };
  return store;
}
