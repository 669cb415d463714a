/**
 * The Storage interface on PostgreSQL (docs/scale.md): the same tables and rules as SQLite, shared
 * by several vault processes. Reads go through a small pool; batch commits go through the
 * committer's own connection (pg-commit.ts), as on SQLite.
 */
import type { MacKey } from '../../keystore/backend.ts';
import { auditLinker, type AuditLinker } from '../../ledger/audit-chain.ts';
import { GENESIS_LINK, type LogLinker } from '../../ledger/chain.ts';
import { EMPTY_CREDIT_HEAD, type CreditEntry, type CreditHead } from '../../ledger/credits.ts';
import type { UpgradeKeys } from '../ledger-upgrade.ts';
import type { BatchCommit } from '../storage.ts';
import {
  StorageUnavailable, type AccountRow, type MeterState, type ModuleRow, type NewMeter, type Storage,
  type StoredCheckpoint, type StoredLogEntry, type VaultTotals,
} from '../storage.ts';
import { appendAudits, inTransaction, insertCredits, NO_AUDIT_KEY } from './pg-chains.ts';
import { commitGroup, newCommitMemory } from './pg-commit.ts';
import { connectionLost, PgPrimary, type Sql } from './pg-client.ts';
import { CREDIT_COLUMNS, LOG_COLUMNS, pgLedgerReads } from './pg-ledger-reads.ts';
import { migratePg } from './pg-migrations.ts';
import { pgPeople } from './pg-people.ts';
import { toPiece, type PieceDbRow } from '../piece-row.ts';
import { toAudit, toLogEntry, type AuditDbRow, type LogDbRow } from '../log-row.ts';

/** Any fixed number: the advisory lock under which a process claims new module serials. */
export const MODULE_CLAIM_LOCK = 7_420_002;

export interface PgStorageOptions {
  /** Connections in the pool (default 4). */
  max?: number;
  applicationName?: string;
  /** The bank's audit key: without it the storage cannot append audit entries (each is MACed and chained). */
  auditMac?: MacKey;
  /** Needed only to bring a database that holds value from before the ledger schema to it (pg-legacy-upgrade.ts). */
  upgradeKeys?: UpgradeKeys;
}

/** Opens the database at `url` (its primary), brings its schema up to date, and returns the Storage on it. */
export async function openPgStorage(url: string, o: PgStorageOptions = {}): Promise<Storage> {
  const db = new PgPrimary(url, { ...(o.max === undefined ? {} : { max: o.max }), ...(o.applicationName === undefined ? {} : { applicationName: o.applicationName }) });
  try {
    await migratePg(await db.sql(), GENESIS_LINK, o.upgradeKeys);
  } catch (err) {
    await db.end();
    throw err;
  }
  return bounded(db, o.auditMac === undefined ? undefined : auditLinker(o.auditMac));
}

/** How long a read or a small write may wait for the database before the vault says it is unavailable. */
const CALL_TIMEOUT_MS = 3000;

/**
 * The Storage on the database's primary, whichever server that is now. Every call but the batch
 * commit (which has its own rules, pg-commit.ts) fails within CALL_TIMEOUT_MS with
 * StorageUnavailable when the database does not answer (a failover), so the vault answers
 * MODULE_UNAVAILABLE instead of hanging, and the next call looks for the primary again. Such a
 * call changed nothing the caller relies on: reads, and single-statement writes it re-does.
 */
function bounded(db: PgPrimary, audit: AuditLinker | undefined): Storage {
  let cached: { sql: Sql; storage: PgCalls } | null = null;
  const memory = newCommitMemory();
  const on = async (): Promise<PgCalls> => {
    const sql = await db.sql();
    if (cached?.sql !== sql) cached = { sql, storage: pgStorage(sql, audit) };
    return cached.storage;
  };
  // The names of the calls (making the object issues no query).
  const keys = Object.keys(pgStorage(null as unknown as Sql, audit)) as Array<keyof PgCalls>;
  const out: Partial<Record<keyof Storage, unknown>> = {
    commitBatches: (batches: BatchCommit[], linker: LogLinker) => commitGroup(db, batches, { log: linker, audit }, undefined, memory),
    close: () => db.end(),
  };
  for (const key of keys) {
    out[key] = (...args: unknown[]) => {
      const call = async () => ((await on())[key] as (...a: unknown[]) => Promise<unknown>)(...args);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StorageUnavailable('the database did not answer in time')), CALL_TIMEOUT_MS);
      });
      return Promise.race([call(), late]).then(
        (value) => {
          clearTimeout(timer);
          return value;
        },
        (err: unknown) => {
          clearTimeout(timer);
          if (!connectionLost(err)) throw err;
          db.reset();
          throw err instanceof StorageUnavailable ? err : new StorageUnavailable((err as Error).message);
        },
      );
    };
  }
  return out as Storage;
}

/** Every Storage call but the batch commit (pg-commit.ts) and close, on one pool. */
type PgCalls = Omit<Storage, 'commitBatches' | 'close'>;

function pgStorage(sql: Sql, audit: AuditLinker | undefined): PgCalls {
  const account = (where: ReturnType<Sql>) => sql`SELECT a.id, a.username, m.id AS "meterId", a.credits_seen AS "creditsSeen"
    FROM accounts a JOIN meters m ON m.account_id = a.id WHERE ${where}`;
  return {
    ...pgLedgerReads(sql),
    ...pgPeople(sql),
    async allocateSerials(count) {
      return sql.begin(async (tx) => {
        const [psd] = await tx`UPDATE serials SET next = next + ${count} WHERE name = 'psd' RETURNING next`;
        const [cert] = await tx`UPDATE serials SET next = next + ${count} WHERE name = 'cert' RETURNING next`;
        const psdEnd = psd?.next as number;
        const certEnd = cert?.next as number;
        return Array.from({ length: count }, (_, i) => ({ psdSerial: psdEnd - count + i, certSerial: certEnd - count + i }));
      });
    },
    async insertMeter(m: NewMeter, poolOwner?: string) {
      await sql.begin((tx) => [
        tx`INSERT INTO meters (id, state, psd_serial, cert_serial, certificate, created_at, pool_owner)
          VALUES (${m.id}, ${m.state}, ${m.psdSerial}, ${m.certSerial}, ${m.certificatePem}, ${new Date().toISOString()}, ${poolOwner ?? null})`,
        tx`INSERT INTO packages (meter_id, package) VALUES (${m.id}, ${m.sealedPackage})`,
      ]);
    },
    async claimPoolMeters(owner, limit) {
      // SKIP LOCKED: a process claiming at the same moment takes other meters instead of waiting.
      const rows = await sql`WITH picked AS (
          SELECT id FROM meters WHERE account_id IS NULL AND state = 'manufactured' AND (pool_owner IS NULL OR pool_owner = ${owner})
          ORDER BY pool_owner IS NULL, psd_serial LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        UPDATE meters m SET pool_owner = ${owner} FROM picked WHERE m.id = picked.id RETURNING m.id, m.psd_serial`;
      return [...rows].sort((a, b) => (a.psd_serial as number) - (b.psd_serial as number)).map((r) => r.id as string);
    },
    async sealedPackages(meterIds) {
      const rows = await sql`SELECT meter_id, package FROM packages WHERE meter_id = ANY(${sql.array([...meterIds])}::text[])`;
      const byId = new Map(rows.map((r) => [r.meter_id as string, r.package as Buffer]));
      return meterIds.map((id) => byId.get(id));
    },
    async meterInfo(meterId) {
      const [row] = await sql`SELECT state, certificate, account_id FROM meters WHERE id = ${meterId}`;
      return row && { state: row.state as MeterState, certificatePem: row.certificate as string, accountId: (row.account_id as number | null) };
    },
    async certificateBySerial(certSerial) {
      const [row] = await sql`SELECT certificate FROM meters WHERE cert_serial = ${certSerial}
        UNION ALL SELECT certificate FROM retired_certificates WHERE cert_serial = ${certSerial}`;
      return row?.certificate as string | undefined;
    },
    async accountByUsername(username) {
      const [row] = await account(sql`lower(a.username) = lower(${username})`);
      return row as AccountRow | undefined;
    },
    async accountByMeter(meterId) {
      const [row] = await account(sql`m.id = ${meterId}`);
      return row as AccountRow | undefined;
    },
    async creditHead(account) {
      const [row] = await sql`SELECT seq, hash FROM credits WHERE account = ${account} ORDER BY seq DESC LIMIT 1`;
      return (row as CreditHead | undefined) ?? EMPTY_CREDIT_HEAD;
    },
    async appendCredit(entry: CreditEntry) {
      const written = await inTransaction(sql, (tx, send) => insertCredits(tx, [entry], true, send));
      return written.count === 1;
    },
    async fundsOf(meterIds) {
      const rows = await sql`SELECT m.id, (SELECT coalesce(sum(c.amount), 0) FROM credits c WHERE c.account = lower(a.username))::bigint
          - (SELECT coalesce(sum(CASE t.type WHEN 'purchase' THEN t.amount ELSE -t.amount END), 0) FROM tx_log t
             WHERE t.meter_id = m.id AND t.type IN ('purchase', 'withdraw'))::bigint AS funds
        FROM meters m LEFT JOIN accounts a ON a.id = m.account_id WHERE m.id = ANY(${sql.array([...meterIds])}::text[])`;
      const byId = new Map(rows.map((r) => [r.id as string, r.funds as number]));
      return meterIds.map((id) => byId.get(id) ?? 0);
    },
    async credits(account, afterSeq) {
      return [...await sql`SELECT ${sql.unsafe(CREDIT_COLUMNS)} FROM credits WHERE account = ${account} AND seq > ${afterSeq} ORDER BY seq`] as unknown as CreditEntry[];
    },
    async piece(meterId, n) {
      const [row] = await sql`SELECT * FROM pieces WHERE meter_id = ${meterId} AND piece_number = ${n}`;
      return toPiece(row as PieceDbRow | undefined);
    },
    async lastPiece(meterId) {
      const [row] = await sql`SELECT * FROM pieces WHERE meter_id = ${meterId} ORDER BY piece_number DESC LIMIT 1`;
      return toPiece(row as PieceDbRow | undefined);
    },
    async newestLogEntries(meterIds) {
      // One index probe (tx_log_meter) per meter, in one statement.
      const rows = await sql`SELECT t.* FROM unnest(${sql.array([...meterIds])}::text[]) m(id)
        CROSS JOIN LATERAL (SELECT ${sql.unsafe(LOG_COLUMNS)} FROM tx_log WHERE meter_id = m.id ORDER BY id DESC LIMIT 1) t`;
      const byMeter = new Map(rows.map((r) => [r.meterId as string, r as unknown as StoredLogEntry]));
      return meterIds.map((id) => byMeter.get(id));
    },
    async claimModules(owner, count) {
      const rows = await sql.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(${MODULE_CLAIM_LOCK})`;
        const mine = await tx`SELECT serial FROM modules WHERE owner = ${owner} ORDER BY serial`;
        const missing = count - mine.length;
        if (missing > 0) {
          const [top] = await tx`SELECT coalesce(max(serial), 0) AS top FROM modules`;
          const first = (top?.top as number) + 1;
          const serials = Array.from({ length: missing }, (_, i) => first + i);
          await tx`INSERT INTO modules (serial, owner, created_at)
            SELECT s, ${owner}, ${new Date().toISOString()} FROM unnest(${sql.array(serials)}::int[]) s`;
        }
        return tx`SELECT serial, last_tx_at AS "lastTxAt", last_tx_value AS "lastTxValue" FROM modules
          WHERE owner = ${owner} ORDER BY serial LIMIT ${count}`;
      });
      return [...rows] as unknown as ModuleRow[];
    },
    async modules() {
      const rows = await sql`SELECT serial, last_tx_at AS "lastTxAt", last_tx_value AS "lastTxValue" FROM modules ORDER BY serial`;
      return [...rows] as unknown as ModuleRow[];
    },
    async checkpoint(serial) {
      const [row] = await sql`SELECT record, mac FROM checkpoints WHERE module_serial = ${serial}`;
      return row as StoredCheckpoint | undefined;
    },
    async appendAudit(entries) {
      if (entries.length === 0) return;
      if (audit === undefined) throw new Error(NO_AUDIT_KEY);
      await inTransaction(sql, (tx, send) => appendAudits(tx, audit, entries, send));
    },
    async auditLog(limit) {
      const rows = await sql`SELECT * FROM audit_log ORDER BY id DESC LIMIT ${limit}`;
      return (rows as unknown as AuditDbRow[]).map(toAudit);
    },
    async accounts() {
      const rows = await account(sql`true ORDER BY lower(a.username)`);
      return [...rows] as unknown as AccountRow[];
    },
    async meterLog(meterId, limit) {
      const rows = await sql`SELECT * FROM tx_log WHERE meter_id = ${meterId} ORDER BY id DESC LIMIT ${limit}`;
      return (rows as unknown as LogDbRow[]).map(toLogEntry);
    },
    async meterAudit(meterId, limit) {
      const rows = await sql`SELECT * FROM audit_log WHERE meter_id = ${meterId} ORDER BY id DESC LIMIT ${limit}`;
      return (rows as unknown as AuditDbRow[]).map(toAudit);
    },
    async lastModuleEntry(serial) {
      const [row] = await sql`SELECT * FROM tx_log WHERE module_serial = ${serial} ORDER BY id DESC LIMIT 1`;
      return row === undefined ? undefined : toLogEntry(row as unknown as LogDbRow);
    },
    async retiredCertificates(meterId) {
      const rows = await sql`SELECT cert_serial, retired_at FROM retired_certificates WHERE meter_id = ${meterId} ORDER BY retired_at, cert_serial`;
      return rows.map((r) => ({ certSerial: Number(r.cert_serial), retiredAt: r.retired_at as string }));
    },
    // Every entry is linked when it is committed: PostgreSQL never had entries without links.
    linkOldEntries: (_linker: LogLinker) => Promise.resolve(),
    async totals(): Promise<VaultTotals> {
      const [states, acc, pcs] = await Promise.all([
        sql`SELECT state, count(*) AS n FROM meters GROUP BY state`,
        sql`SELECT (SELECT count(*) FROM accounts) AS n,
          (SELECT coalesce(sum(amount), 0) FROM credits)::bigint
            - (SELECT coalesce(sum(CASE type WHEN 'purchase' THEN amount ELSE -amount END), 0) FROM tx_log WHERE type IN ('purchase', 'withdraw'))::bigint AS funds`,
        sql`SELECT count(*) AS n, coalesce(sum(postage), 0)::bigint AS postage,
          coalesce(sum(CASE WHEN refunded THEN postage ELSE 0 END), 0)::bigint AS refunded FROM pieces`,
      ]);
      const meters: Record<string, number> = {};
      for (const r of states) meters[r.state as string] = r.n as number;
      return {
        meters, accounts: acc?.[0]?.n as number, funds: acc?.[0]?.funds as number,
        pieces: pcs?.[0]?.n as number, postage: pcs?.[0]?.postage as number, refunded: pcs?.[0]?.refunded as number,
      };
    },
  };
}
