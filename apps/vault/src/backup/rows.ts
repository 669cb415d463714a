/**
 * Row images carried by a log segment, read from and written to the SQLite PSD database
 * (storage/sqlite/migrations.ts). Packages stay sealed by the module bank; nothing here opens them.
 * A segment holds the log entries since the previous one plus the current rows of every meter,
 * account and piece those entries touched, and the module table and checkpoints, all read in ONE
 * read transaction, so replaying segments in order rebuilds what the entries describe; and the
 * credit and audit entries written since the previous segment (value-rows.ts).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { logEntrySchema, type LogEntry } from './log-entry.ts';
import { auditRowSchema, creditRowSchema, readValueRows } from './value-rows.ts';

const b64 = z.string().regex(/^[A-Za-z0-9_-]*$/);
const meterRow = z.strictObject({
  id: z.string(), state: z.string(), psdSerial: z.number().int(), certSerial: z.number().int(), certificate: z.string(),
  package: b64, accountId: z.number().int().nullable(), lastAuditAt: z.string().nullable(), createdAt: z.string(),
});
// Segments written before the ledger schema carry `funds` (replayed no more: funds are the credits ledger) and no seal.
const accountRow = z.strictObject({
  id: z.number().int(), username: z.string(), funds: z.number().int().optional(), creditsSeen: z.number().int().optional(), createdAt: z.string(),
});
const pieceRow = z.strictObject({
  meterId: z.string(), pieceNumber: z.number().int(), postage: z.number().int(), indicium: b64, mailDate: z.string(),
  createdAt: z.string(), refunded: z.boolean(), seal: z.string().nullable().optional(),
});
const checkpointRow = z.strictObject({ moduleSerial: z.number().int(), record: z.string(), mac: z.string() });
const moduleRow = z.strictObject({
  serial: z.number().int(), createdAt: z.string(), lastTxAt: z.string().nullable(), lastTxValue: z.number().int().nullable(),
});

export const segmentBodySchema = z.strictObject({
  entries: z.array(logEntrySchema),
  meters: z.array(meterRow),
  accounts: z.array(accountRow),
  pieces: z.array(pieceRow),
  checkpoints: z.array(checkpointRow),
  modules: z.array(moduleRow),
  credits: z.array(creditRowSchema).optional(),
  audits: z.array(auditRowSchema).optional(),
});
export type SegmentBody = z.infer<typeof segmentBodySchema>;

const ENTRY_COLUMNS = `id, module_serial AS moduleSerial, seq, meter_id AS meterId, type, amount, ar, dr,
  piece_number AS pieceNumber, at, prev_hash AS prevHash, hash, mac, link`;

/** The log entries with id > `afterId`, at most `limit`, oldest first. */
export function readEntries(db: Database.Database, afterId: number, limit: number): LogEntry[] {
  return db.prepare(`SELECT ${ENTRY_COLUMNS} FROM tx_log WHERE id > ? ORDER BY id LIMIT ?`).all(afterId, limit) as LogEntry[];
}

export function entryById(db: Database.Database, id: number): LogEntry | undefined {
  return db.prepare(`SELECT ${ENTRY_COLUMNS} FROM tx_log WHERE id = ?`).get(id) as LogEntry | undefined;
}

export function maxLogId(db: Database.Database): number {
  return (db.prepare('SELECT coalesce(max(id), 0) FROM tx_log').pluck().get() as number);
}

/** Where the off-load stands: the last log entry, credit entry and audit entry it holds. */
export interface OffloadCursor {
  log: number;
  credit: number;
  audit: number;
}

/** Reads a segment body in one read transaction; null when there is nothing new. */
export function readSegmentBody(db: Database.Database, after: OffloadCursor, limit: number): SegmentBody | null {
  return db.transaction(() => {
    const entries = readEntries(db, after.log, limit);
    const { credits, audits } = readValueRows(db, after.credit, after.audit, limit);
    if (entries.length + credits.length + audits.length === 0) return null;
    const meterIds = [...new Set(entries.map((e) => e.meterId))];
    const meterQ = db.prepare(`SELECT m.id, state, psd_serial AS psdSerial, cert_serial AS certSerial, certificate, p.package,
      account_id AS accountId, last_audit_at AS lastAuditAt, created_at AS createdAt
      FROM meters m JOIN packages p ON p.meter_id = m.id WHERE m.id = ?`);
    const accountQ = db.prepare('SELECT id, username, credits_seen AS creditsSeen, created_at AS createdAt FROM accounts WHERE id = ?');
    const pieceQ = db.prepare(`SELECT meter_id AS meterId, piece_number AS pieceNumber, postage, indicium, mail_date AS mailDate,
      created_at AS createdAt, refunded, seal FROM pieces WHERE meter_id = ? AND piece_number = ?`);
    const meters: SegmentBody['meters'] = [];
    const accounts: SegmentBody['accounts'] = [];
    for (const id of meterIds) {
      const m = meterQ.get(id) as (Omit<SegmentBody['meters'][number], 'package'> & { package: Buffer }) | undefined;
      if (m === undefined) throw new Error(`log entry names meter ${id}, which is not in the database`);
      meters.push({ ...m, package: m.package.toString('base64url') });
      if (m.accountId !== null) accounts.push(accountQ.get(m.accountId) as SegmentBody['accounts'][number]);
    }
    const pieces: SegmentBody['pieces'] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      if (e.pieceNumber === null || seen.has(`${e.meterId}/${e.pieceNumber}`)) continue;
      seen.add(`${e.meterId}/${e.pieceNumber}`);
      const p = pieceQ.get(e.meterId, e.pieceNumber) as
        | (Omit<SegmentBody['pieces'][number], 'indicium' | 'refunded'> & { indicium: Buffer; refunded: number })
        | undefined;
      if (p === undefined) throw new Error(`log entry ${e.id} names a piece that is not in the database`);
      pieces.push({ ...p, indicium: p.indicium.toString('base64url'), refunded: p.refunded === 1 });
    }
    const checkpoints = db.prepare('SELECT module_serial AS moduleSerial, record, mac FROM checkpoints ORDER BY module_serial').all() as SegmentBody['checkpoints'];
    const modules = db.prepare(`SELECT serial, created_at AS createdAt, last_tx_at AS lastTxAt, last_tx_value AS lastTxValue
      FROM modules ORDER BY serial`).all() as SegmentBody['modules'];
    return { entries, meters, accounts, pieces, checkpoints, modules, credits, audits };
  })();
}

/** Writes a segment's entries (those after `afterId`) and row images, in the caller's transaction. */
export function applySegmentBody(db: Database.Database, body: SegmentBody, afterId: number): number {
  const insertLog = db.prepare(`INSERT INTO tx_log (id, module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link)
    VALUES (@id, @moduleSerial, @seq, @meterId, @type, @amount, @ar, @dr, @pieceNumber, @at, @prevHash, @hash, @mac, @link)`);
  let applied = 0;
  for (const e of body.entries) {
    if (e.id <= afterId) continue;
    insertLog.run(e);
    applied++;
  }
  const account = db.prepare(`INSERT INTO accounts (id, username, credits_seen, created_at) VALUES (@id, @username, @creditsSeen, @createdAt)
    ON CONFLICT (id) DO UPDATE SET credits_seen = excluded.credits_seen`);
  for (const a of body.accounts) account.run({ id: a.id, username: a.username, creditsSeen: a.creditsSeen ?? 0, createdAt: a.createdAt });
  const meter = db.prepare(`INSERT INTO meters (id, state, psd_serial, cert_serial, certificate, account_id, last_audit_at, created_at)
    VALUES (@id, @state, @psdSerial, @certSerial, @certificate, @accountId, @lastAuditAt, @createdAt)
    ON CONFLICT (id) DO UPDATE SET state = excluded.state, account_id = excluded.account_id, last_audit_at = excluded.last_audit_at`);
  const pkg = db.prepare(`INSERT INTO packages (meter_id, package) VALUES (?, ?)
    ON CONFLICT (meter_id) DO UPDATE SET package = excluded.package`);
  for (const { package: sealed, ...m } of body.meters) {
    meter.run(m);
    pkg.run(m.id, Buffer.from(sealed, 'base64url'));
  }
  const piece = db.prepare(`INSERT INTO pieces (meter_id, piece_number, postage, indicium, mail_date, created_at, refunded, seal)
    VALUES (@meterId, @pieceNumber, @postage, @indicium, @mailDate, @createdAt, @refunded, @seal)
    ON CONFLICT (meter_id, piece_number) DO UPDATE SET refunded = excluded.refunded, seal = coalesce(excluded.seal, seal)`);
  for (const p of body.pieces) piece.run({ ...p, indicium: Buffer.from(p.indicium, 'base64url'), refunded: p.refunded ? 1 : 0, seal: p.seal ?? null });
  const mod = db.prepare(`INSERT INTO modules (serial, created_at, last_tx_at, last_tx_value) VALUES (@serial, @createdAt, @lastTxAt, @lastTxValue)
    ON CONFLICT (serial) DO UPDATE SET last_tx_at = excluded.last_tx_at, last_tx_value = excluded.last_tx_value`);
  for (const m of body.modules) mod.run(m);
  const chk = db.prepare(`INSERT INTO checkpoints (module_serial, record, mac) VALUES (@moduleSerial, @record, @mac)
    ON CONFLICT (module_serial) DO UPDATE SET record = excluded.record, mac = excluded.mac`);
  for (const c of body.checkpoints) chk.run(c);
  // Meters minted after the snapshot carry serials the snapshot's counters have not passed yet.
  db.prepare(`UPDATE serials SET next = max(next, (SELECT coalesce(max(psd_serial), 0) + 1 FROM meters)) WHERE name = 'psd'`).run();
  db.prepare(`UPDATE serials SET next = max(next, (SELECT coalesce(max(cert_serial), 0) + 1 FROM meters)) WHERE name = 'cert'`).run();
  return applied;
}
