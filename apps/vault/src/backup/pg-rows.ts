/** The log source (log-source.ts) on PostgreSQL: the same row images as rows.ts reads from SQLite. */
import { connectionLost, PgPrimary, type Sql } from '../storage/postgres/pg-client.ts';
import type { LogEntry } from './log-entry.ts';
import type { LogSource } from './log-source.ts';
import type { SegmentBody } from './rows.ts';

const ENTRY_COLUMNS = `id, module_serial AS "moduleSerial", seq, meter_id AS "meterId", type, amount, ar, dr,
  piece_number AS "pieceNumber", at, prev_hash AS "prevHash", hash, mac, link`;

async function entriesAfter(sql: Sql, afterId: number, limit: number): Promise<LogEntry[]> {
  return [...(await sql`SELECT ${sql.unsafe(ENTRY_COLUMNS)} FROM tx_log WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`)] as unknown as LogEntry[];
}

async function segmentBody(tx: Sql, afterId: number, limit: number): Promise<SegmentBody | null> {
  const entries = await entriesAfter(tx, afterId, limit);
  if (entries.length === 0) return null;
  const meterIds = [...new Set(entries.map((e) => e.meterId))];
  const pieceKeys = [...new Map(entries.filter((e) => e.pieceNumber !== null).map((e) => [`${e.meterId}/${e.pieceNumber}`, e])).values()];
  const [meters, pieces, checkpoints, modules] = await Promise.all([
    tx`SELECT m.id, state, psd_serial AS "psdSerial", cert_serial AS "certSerial", certificate, p.package,
        account_id AS "accountId", last_audit_at AS "lastAuditAt", created_at AS "createdAt"
      FROM meters m JOIN packages p ON p.meter_id = m.id WHERE m.id = ANY(${tx.array(meterIds)}::text[])`,
    tx`SELECT meter_id AS "meterId", piece_number AS "pieceNumber", postage, indicium, mail_date AS "mailDate",
        created_at AS "createdAt", refunded FROM pieces p
      JOIN unnest(${tx.array(pieceKeys.map((e) => e.meterId))}::text[], ${tx.array(pieceKeys.map((e) => e.pieceNumber as number))}::int[]) u(m, n)
        ON p.meter_id = u.m AND p.piece_number = u.n`,
    tx`SELECT module_serial AS "moduleSerial", record, mac FROM checkpoints ORDER BY module_serial`,
    tx`SELECT serial, created_at AS "createdAt", last_tx_at AS "lastTxAt", last_tx_value AS "lastTxValue" FROM modules ORDER BY serial`,
  ]);
  if (meters.length !== meterIds.length) throw new Error('a log entry names a meter that is not in the database');
  if (pieces.length !== pieceKeys.length) throw new Error('a log entry names a piece that is not in the database');
  const accountIds = meters.map((m) => m.accountId as number | null).filter((id): id is number => id !== null);
  const accounts = await tx`SELECT id, username, funds, created_at AS "createdAt" FROM accounts WHERE id = ANY(${tx.array(accountIds)}::bigint[])`;
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
    segmentBody: (afterId, limit) =>
      read((sql) => sql.begin('isolation level repeatable read read only', (tx) => segmentBody(tx as unknown as Sql, afterId, limit)) as Promise<SegmentBody | null>),
    close: () => db.end(),
  };
}
