/**
 * Appends to the credits ledger and the audit log on PostgreSQL, inside the caller's transaction.
 * Each table's ids are given under an advisory transaction lock of its own, held to COMMIT, so
 * several writers (the committer and main thread of every vault process, `vault credit`) append
 * one after the other: ids grow in commit order (the log off-load reads "everything after id N")
 * and each audit entry is chained to the one committed just before it, as on SQLite, where the
 * write lock does the same. The lock statement and the read after it are pipelined: in READ
 * COMMITTED the read's snapshot is taken when it runs, after the lock is held.
 *
 * Lock order, the same for every writer so none waits in a circle: credits, audit, then the log head.
 */
import { auditFieldsOf, type AuditLinker } from '../../ledger/audit-chain.ts';
import type { CreditEntry } from '../../ledger/credits.ts';
import type { AuditEntry } from '../storage.ts';
import type { Sql, Tx } from './pg-client.ts';

/** Queues a statement of a pipelined transaction (its failure is read from the list of what was sent). */
export type Send = (statement: Promise<unknown>) => void;

/** Any fixed numbers, apart from the migration (7 420 001) and module-claim (7 420 002) locks. */
const CREDIT_LOCK = 7_420_003;
const AUDIT_LOCK = 7_420_004;

export const NO_AUDIT_KEY = 'this storage was opened without the audit key: it cannot write audit entries';

type ArrayParam = (values: unknown[]) => never;

/**
 * Queues the insert of credit entries with the next ids (no round trip: the ids are computed by
 * the statement). `skipTaken`: an entry whose (account, seq) is taken is not written (a concurrent
 * append won) instead of failing the transaction. The insert is returned (its `count`: how many were written).
 */
export function insertCredits(tx: Tx, entries: readonly CreditEntry[], skipTaken: boolean, send: Send): Promise<{ count: number }> {
  const a = tx.array.bind(tx) as ArrayParam;
  const col = <K extends keyof CreditEntry>(k: K) => a(entries.map((e) => e[k]));
  send(tx`SELECT pg_advisory_xact_lock(${CREDIT_LOCK})`);
  const insert = tx`INSERT INTO credits (id, account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
    SELECT (SELECT coalesce(max(id), 0) FROM credits) + u.n, u.account, u.seq, u.amount, u.kind, u.by, u.reason, u.at, u.prev_hash, u.hash, u.mac
    FROM unnest(${col('account')}::text[], ${col('seq')}::int[], ${col('amount')}::bigint[], ${col('kind')}::text[], ${col('by')}::text[],
      ${col('reason')}::text[], ${col('at')}::text[], ${col('prevHash')}::text[], ${col('hash')}::text[], ${col('mac')}::text[])
      WITH ORDINALITY u(account, seq, amount, kind, by, reason, at, prev_hash, hash, mac, n)
    ${skipTaken ? tx`ON CONFLICT (account, seq) DO NOTHING` : tx``}`;
  send(insert);
  return insert;
}

/**
 * Appends audit entries after the newest one, each MACed and chained to the one before: the lock
 * and the head read are queued, then (one round trip later) the insert. A newest entry without a
 * MAC (a row nobody with the key wrote) is not chained into: `verify-log` reports it.
 */
export async function appendAudits(tx: Tx, linker: AuditLinker, entries: readonly AuditEntry[], send: Send): Promise<void> {
  send(tx`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const head = tx`SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1`;
  send(head);
  const [last] = await head;
  let id = (last?.id as number | undefined) ?? 0;
  let prev = (last?.mac as string | null | undefined) ?? linker.genesis;
  const rows = entries.map((e) => {
    const fields = auditFieldsOf(++id, e);
    prev = linker.mac(prev, fields);
    return { ...fields, mac: prev };
  });
  const a = tx.array.bind(tx) as ArrayParam;
  const col = <K extends keyof (typeof rows)[number]>(k: K) => a(rows.map((r) => r[k]));
  send(tx`INSERT INTO audit_log (id, at, event, module_serial, meter_id, detail, mac)
    SELECT * FROM unnest(${col('id')}::bigint[], ${col('at')}::text[], ${col('event')}::text[], ${col('moduleSerial')}::int[],
      ${col('meterId')}::text[], ${col('detail')}::text[], ${col('mac')}::text[])`);
}

/** Runs `write` in a transaction of its own, every queued statement awaited. */
export async function inTransaction<T>(sql: Sql, write: (tx: Tx, send: Send) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    const sent: Array<Promise<unknown>> = [];
    const send: Send = (statement) => {
      sent.push(statement);
      statement.catch(() => undefined);
    };
    const out = await write(tx, send);
    await Promise.all(sent);
    return out;
  }) as Promise<T>;
}
