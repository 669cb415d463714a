import Database from 'better-sqlite3';
import type { LogLinker } from '../../ledger/chain.ts';
import type {
  AccountRow,
  AuditEntry,
  BatchCommit,
  MeterState,
  ModuleRow,
  NewMeter,
  Storage,
  StoredCheckpoint,
  VaultTotals,
} from '../storage.ts';
import { migrate } from './migrations.ts';
import { consoleReads } from './console-reads.ts';
import { toAudit, type AuditDbRow } from '../log-row.ts';
import { toPiece, type PieceDbRow } from '../piece-row.ts';
import { sqlitePeople } from './sqlite-people.ts';

export interface SqliteOptions {
  /** WAL pages after which a commit checkpoints (SQLite's default is 1000). */
  walAutoCheckpointPages?: number;
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
  migrate(db);

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
    retireCert: db.prepare('INSERT INTO retired_certificates (cert_serial, meter_id, certificate, retired_at) SELECT cert_serial, id, certificate, ? FROM meters WHERE id = ?'),
    newCert: db.prepare('UPDATE meters SET cert_serial = ?, certificate = ? WHERE id = ?'),
    returnFunds: db.prepare('UPDATE accounts SET funds = funds + ? WHERE id = (SELECT account_id FROM meters WHERE id = ?)'),
    accountByName: db.prepare(
      `SELECT a.id, a.username, a.funds, m.id AS meterId FROM accounts a JOIN meters m ON m.account_id = a.id
       WHERE a.username = ? COLLATE NOCASE`,
    ),
    accountByMeter: db.prepare(
      `SELECT a.id, a.username, a.funds, m.id AS meterId FROM accounts a JOIN meters m ON m.account_id = a.id
       WHERE m.id = ?`,
    ),
    credit: db.prepare('UPDATE accounts SET funds = funds + ? WHERE username = ? COLLATE NOCASE RETURNING funds').pluck(),
    piece: db.prepare('SELECT * FROM pieces WHERE meter_id = ? AND piece_number = ?'),
    lastPiece: db.prepare('SELECT * FROM pieces WHERE meter_id = ? ORDER BY piece_number DESC LIMIT 1'),
    insertModule: db.prepare('INSERT OR IGNORE INTO modules (serial, created_at) VALUES (?, ?)'),
    modules: db.prepare('SELECT serial, last_tx_at AS lastTxAt, last_tx_value AS lastTxValue FROM modules ORDER BY serial'),
    checkpoint: db.prepare('SELECT record, mac FROM checkpoints WHERE module_serial = ?'),
    upsertCheckpoint: db.prepare(
      `INSERT INTO checkpoints (module_serial, record, mac) VALUES (?, ?, ?)
       ON CONFLICT (module_serial) DO UPDATE SET record = excluded.record, mac = excluded.mac`,
    ),
    moduleTx: db.prepare('UPDATE modules SET last_tx_at = ?, last_tx_value = ? WHERE serial = ?'),
    updatePackage: db.prepare('UPDATE packages SET package = ? WHERE meter_id = ?'),
    updateState: db.prepare('UPDATE meters SET state = ? WHERE id = ?'),
    insertAccount: db.prepare('INSERT INTO accounts (username, created_at) VALUES (?, ?) RETURNING id').pluck(),
    assignMeter: db.prepare('UPDATE meters SET account_id = ? WHERE id = ? AND account_id IS NULL'),
    debit: db.prepare(
      'UPDATE accounts SET funds = funds - ? WHERE id = (SELECT account_id FROM meters WHERE id = ?) AND funds >= ?',
    ),
    insertPiece: db.prepare(
      `INSERT INTO pieces (meter_id, piece_number, postage, indicium, mail_date, created_at, refunded)
       VALUES (?, ?, ?, ?, ?, ?, 0)`,
    ),
    refund: db.prepare('UPDATE pieces SET refunded = 1 WHERE meter_id = ? AND piece_number = ? AND refunded = 0'),
    inspection: db.prepare('UPDATE meters SET last_audit_at = ? WHERE id = ?'),
    insertLog: db.prepare(
      `INSERT INTO tx_log (module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    lastLink: db.prepare('SELECT link FROM tx_log ORDER BY id DESC LIMIT 1').pluck(),
    linkBefore: db.prepare('SELECT link FROM tx_log WHERE id < ? ORDER BY id DESC LIMIT 1').pluck(),
    insertAudit: db.prepare(
      'INSERT INTO audit_log (at, event, module_serial, meter_id, detail) VALUES (?, ?, ?, ?, ?)',
    ),
    auditLog: db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
  };

  const people = sqlitePeople(db);
  const insertAudits = (entries: AuditEntry[]): void => {
    for (const e of entries) {
      q.insertAudit.run(e.at, e.event, e.moduleSerial ?? null, e.meterId ?? null,
        e.detail === undefined ? null : JSON.stringify(e.detail));
    }
  };

  const commitOne = (b: BatchCommit, linker: LogLinker, head: string): string => {
    for (const a of b.newAccounts) {
      const accountId = q.insertAccount.get(a.username, a.createdAt) as number;
      if (q.assignMeter.run(accountId, a.meterId).changes !== 1) {
        throw new Error('meter already assigned');
      }
    }
    for (const p of b.packages) {
      q.updatePackage.run(p.sealedPackage, p.meterId);
      if (p.state !== undefined) q.updateState.run(p.state, p.meterId);
    }
    for (const d of b.debits) {
      if (q.debit.run(d.amount, d.meterId, d.amount).changes !== 1) throw new Error('funds changed under a purchase');
    }
    for (const p of b.pieces) {
      q.insertPiece.run(p.meterId, p.pieceNumber, p.postage, p.indicium, p.mailDate, p.createdAt);
    }
    for (const r of b.refunds) {
      if (q.refund.run(r.meterId, r.pieceNumber).changes !== 1) throw new Error('piece refunded twice');
    }
    for (const i of b.inspections) q.inspection.run(i.at, i.meterId);
    for (const r of b.returns ?? []) {
      if (q.returnFunds.run(r.amount, r.meterId).changes !== 1) throw new Error('withdrawal: the meter has no account');
    }
    for (const c of b.certificates ?? []) {
      if (q.retireCert.run(c.at, c.meterId).changes !== 1) throw new Error('re-key: no such meter');
      q.newCert.run(c.certSerial, c.certificatePem, c.meterId);
    }
    if (b.people !== undefined) people.commit(b.people);
    let link = head;
    for (const e of b.log) {
      link = linker.link(link, e.hash);
      q.insertLog.run(e.moduleSerial, e.seq, e.meterId, e.type, e.amount, e.ar, e.dr, e.pieceNumber, e.at,
        e.prevHash, e.hash, e.mac, link);
    }
    insertAudits(b.audits);
    q.upsertCheckpoint.run(b.moduleSerial, b.checkpoint.record, b.checkpoint.mac);
    q.moduleTx.run(b.moduleLastTx.at, b.moduleLastTx.value, b.moduleSerial);
    return link;
  };
  const commitBatches = db.transaction((batches: BatchCommit[], linker: LogLinker) => {
    let head = (q.lastLink.get() as string | null | undefined) ?? linker.genesis;
    for (const b of batches) head = commitOne(b, linker, head);
  });

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
    credit: (username, amount) => q.credit.get(amount, username) as number | undefined,
    piece: (meterId, n) => toPiece(q.piece.get(meterId, n) as PieceDbRow | undefined),
    lastPiece: (meterId) => toPiece(q.lastPiece.get(meterId) as PieceDbRow | undefined),
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
    commitBatches: (batches, linker) => commitBatches.immediate(batches, linker),
    appendAudit: (entries) => db.transaction(insertAudits).immediate(entries),
    auditLog: (limit) => (q.auditLog.all(limit) as AuditDbRow[]).map(toAudit),
    linkOldEntries: db.transaction((linker: LogLinker): void => {
      const unlinked = db.prepare('SELECT id, hash FROM tx_log WHERE link IS NULL ORDER BY id').all() as Array<{ id: number; hash: string }>;
      if (unlinked.length === 0) return;
      const set = db.prepare('UPDATE tx_log SET link = ? WHERE id = ?');
      let prev = (q.linkBefore.get((unlinked[0] as { id: number }).id) as string | null | undefined) ?? linker.genesis;
      for (const e of unlinked) set.run((prev = linker.link(prev, e.hash)), e.id);
    }),
    totals(): VaultTotals {
      const meters: Record<string, number> = {};
      for (const r of db.prepare('SELECT state, count(*) AS n FROM meters GROUP BY state').all() as Array<{ state: string; n: number }>) {
        meters[r.state] = r.n;
      }
      const acc = db.prepare('SELECT count(*) AS n, coalesce(sum(funds), 0) AS funds FROM accounts').get() as { n: number; funds: number };
      const pcs = db.prepare(
        'SELECT count(*) AS n, coalesce(sum(postage), 0) AS postage, coalesce(sum(CASE WHEN refunded = 1 THEN postage ELSE 0 END), 0) AS refunded FROM pieces',
      ).get() as { n: number; postage: number; refunded: number };
      return { meters, accounts: acc.n, funds: acc.funds, pieces: pcs.n, postage: pcs.postage, refunded: pcs.refunded };
    },
    ...consoleReads(db),
    close: () => db.close(),
  };
  return store;
}
