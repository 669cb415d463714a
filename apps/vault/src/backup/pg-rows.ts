/** The log source (log-source.ts) on PostgreSQL: the same row images as rows.ts and value-rows.ts read from SQLite. */
import { connectionLost, PgPrimary, type Sql } from '../storage/postgres/pg-client.ts';
import type { LogEntry } from './log-entry.ts';
import type { LogSource } from './log-source.ts';
import type { OffloadCursor, SegmentBody } from './rows.ts';
import type { AuditRow, CreditRow, ValueRowImages } from './value-rows.ts';

const ENTRY_COLUMNS = `id, module_serial AS "moduleSerial", seq, meter_id AS "meterId", type, amount, ar, dr,
  piece_number AS "pieceNumber", at, prev_hash AS "prevHash", hash, mac, link`;

async function entriesAfter(sql: Sql, afterId: number, limit: number): Promise<LogEntry[]> {
  return [...(await sql`SELECT ${sql.unsafe(ENTRY_COLUMNS)} FROM tx_log WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`)] as unknown as LogEntry[];
}

const CREDIT_ROW = 'id, account, seq, amount, kind, made_by AS "by", reason, at, prev_hash AS "prevHash", hash, mac';
const AUDIT_ROW = 'id, at, event, module_serial AS "moduleSerial", meter_id AS "meterId", detail, mac';

async function segmentBody(tx: Sql, after: OffloadCursor, limit: number): Promise<SegmentBody | null> {
  const [entries, credits, audits] = await Promise.all([
    entriesAfter(tx, after.log, limit),
    tx`SELECT ${tx.unsafe(CREDIT_ROW)} FROM credits WHERE id > ${after.credit} ORDER BY id LIMIT ${limit}`,
    tx`SELECT ${tx.unsafe(AUDIT_ROW)} FROM audit_log WHERE id > ${after.audit} ORDER BY id LIMIT ${limit}`,
  ]);
  if (entries.length + credits.length + audits.length === 0) return null;
  const meterIds = [...new Set(entries.map((e) => e.meterId))];
  const pieceKeys = [...new Map(entries.filter((e) => e.pieceNumber !== null).map((e) => [`${e.meterId}/${e.pieceNumber}`, e])).values()];
  const [meters, pieces, checkpoints, modules] = await Promise.all([
    tx`SELECT m.id, state, psd_serial AS "psdSerial", cert_serial AS "certSerial", certificate, p.package,
        account_id AS "accountId", last_audit_at AS "lastAuditAt", created_at AS "createdAt"
      FROM meters m JOIN packages p ON p.meter_id = m.id WHERE m.id = ANY(${tx.array(meterIds)}::text[])`,
    tx`SELECT meter_id AS "meterId", piece_number AS "pieceNumber", postage, indicium, mail_date AS "mailDate",
        created_at AS "createdAt", refunded, seal FROM pieces p
      JOIN unnest(${tx.array(pieceKeys.map((e) => e.meterId))}::text[], ${tx.array(pieceKeys.map((e) => e.pieceNumber as number))}::int[]) u(m, n)
        ON p.meter_id = u.m AND p.piece_number = u.n`,
    tx`SELECT module_serial AS "moduleSerial", record, mac FROM checkpoints ORDER BY module_serial`,
    tx`SELECT serial, created_at AS "createdAt", last_tx_at AS "lastTxAt", last_tx_value AS "lastTxValue" FROM modules ORDER BY serial`,
  ]);
  if (meters.length !== meterIds.length) throw new Error('a log entry names a meter that is not in the database');
  if (pieces.length !== pieceKeys.length) throw new Error('a log entry names a piece that is not in the database');
  const accountIds = meters.map((m) => m.accountId as number | null).filter((id): id is number => id !== null);
  const accounts = await tx`SELECT id, username, credits_seen AS "creditsSeen", created_at AS "createdAt" FROM accounts
    WHERE id = ANY(${tx.array(accountIds)}::bigint[])`;
  const byId = new Map(meters.map((m) => [m.id as string, m]));
  return {
    entries,
    meters: meterIds.map((id) => {
      const { package: sealed, ...m } = byId.get(id) as Record<string, unknown>;
      return { ...m, package: (sealed as Buffer).toString('base64url') } as SegmentBody['meters'][number];
    }),
    accounts: [...accounts] as unknown as SegmentBody['accounts'],
    pieces: pieces.map((p) => ({ ...p, indicium: (p.indicium as Buffer).toString('base64url') })) as unknown as SegmentBody['pieces'],
    checkpoints: [...checkpoints] as unknown as SegmentBody['checkpoints'],
    modules: [...modules] as unknown as SegmentBody['modules'],
    credits: [...credits] as unknown as CreditRow[],
    audits: [...audits] as unknown as AuditRow[],
  };
}

async function valueRowImages(sql: Sql, creditIds: readonly number[], auditIds: readonly number[]): Promise<ValueRowImages> {
  const [credits, audits] = await Promise.all([
    sql`SELECT id, hash FROM credits WHERE id = ANY(${sql.array([...creditIds])}::bigint[])`,
    sql`SELECT id, mac FROM audit_log WHERE id = ANY(${sql.array([...auditIds])}::bigint[])`,
  ]);
  return {
    credits: new Map(credits.map((r) => [r.id as number, r.hash as string])),
    audits: new Map(audits.map((r) => [r.id as number, r.mac as string | null])),
  };
}

export function pgLogSource(url: string): LogSource {
  const db = new PgPrimary(url, { max: 2, applicationName: 'vbi-vault-log' });
  /** A read on the primary; a broken connection sends the next read looking for the primary again. */
  const read = async <T>(work: (sql: Sql) => Promise<T>): Promise<T> => {
    try {
      return await work(await db.sql());
    } catch (err) {
      if (connectionLost(err)) db.reset();
      throw err;
    }
  };
  return {
    entries: (afterId, limit) => read((sql) => entriesAfter(sql, afterId, limit)),
    entry: (id) => read(async (sql) => (await entriesAfter(sql, id - 1, 1)).find((e) => e.id === id)),
    // REPEATABLE READ: every statement of the body sees the same snapshot, as SQLite's read transaction does.
    segmentBody: (after, limit) =>
      read((sql) => sql.begin('isolation level repeatable read read only', (tx) => segmentBody(tx as unknown as Sql, after, limit)) as Promise<SegmentBody | null>),
    valueRowImages: (creditIds, auditIds) => read((sql) => valueRowImages(sql, creditIds, auditIds)),
    close: () => db.end(),
  };
}
