/**
 * Group commit on PostgreSQL (SPEC §4.3–4.4): the batches of several modules in ONE transaction,
 * a fixed number of statements however many batches it holds (rows travel as arrays through
 * `unnest`), pipelined on the committer's connection — BEGIN to COMMIT in one round trip while
 * the log head this committer remembers is still the head (CommitMemory) and the group writes no
 * audit entry (an audit entry's MAC chains to the one before, which is read first: pg-chains.ts).
 * The ledger's locks (credits, audit) and then the log head row are taken last, so commits of
 * other vault processes wait for them only during the appends and the COMMIT.
 *
 * With `synchronous_commit = on` and a synchronous standby, COMMIT returns once the standby has
 * the transaction on disk: no answer leaves before the commit is on two machines. A COMMIT whose
 * connection breaks is in doubt; `resolveInDoubt` finds out whether it happened before the
 * committer reports anything, so no answer is ever withheld wrongly or released wrongly.
 */
import type { AuditLinker } from '../../ledger/audit-chain.ts';
import type { LogLinker, ModuleLogEntry } from '../../ledger/chain.ts';
import { StorageUnavailable, type BatchCommit } from '../storage.ts';
import { appendAudits, insertCredits, NO_AUDIT_KEY, type Send } from './pg-chains.ts';
import { connectionLost, pgMessage, within, type PgPrimary, type Sql, type Tx } from './pg-client.ts';
import { writePeopleRows } from './pg-people.ts';

/** What a group's commit chains with: the log's commit links and the audit entries' MACs (undefined: no audit key). */
export interface GroupLinkers {
  log: LogLinker;
  audit: AuditLinker | undefined;
}

/**
 * `change` (an UPDATE or INSERT … without RETURNING) must touch exactly `expected` rows, checked by
 * the server: a mismatch raises an error inside the transaction, so a COMMIT already queued behind
 * it rolls back. (A text that is not a number cast to int raises, with the text in its message.)
 */
function expectRows(tx: Sql, what: string, expected: number, change: ReturnType<Sql>) {
  return tx`WITH changed AS (${change} RETURNING 1)
    SELECT CASE WHEN count(*) = ${expected}::int THEN 0
      ELSE (${`${CHECK_MARK}${what}: `}::text || count(*) || ${` of ${expected} rows changed`}::text)::int END AS ok FROM changed`;
}

const CHECK_MARK = 'vbi: ';

/** Our check's words out of the server's message (see expectRows); other errors as they are. */
function checkedError(err: unknown): unknown {
  const m = err instanceof Error ? new RegExp(`"${CHECK_MARK}(.*)"$`).exec(err.message) : null;
  return m === null ? err : new Error(m[1]);
}

/** The group's row statements, queued without waiting (pipelined). */
function writeRows(tx: Sql, batches: BatchCommit[], send: Send): void {
  const all = <T>(pick: (b: BatchCommit) => T[]) => batches.flatMap(pick);
  const a = tx.array.bind(tx) as (values: unknown[]) => never;
  for (const acc of all((b) => b.newAccounts)) {
    send(tx`WITH a AS (INSERT INTO accounts (username, created_at) VALUES (${acc.username}, ${acc.createdAt}) RETURNING id),
      m AS (UPDATE meters SET account_id = (SELECT id FROM a), pool_owner = NULL WHERE id = ${acc.meterId} AND account_id IS NULL RETURNING 1)
      SELECT CASE WHEN count(*) = 1 THEN 0 ELSE (${`${CHECK_MARK}meter already assigned`}::text || count(*))::int END FROM m`);
  }
  const packages = all((b) => b.packages);
  if (packages.length > 0) {
    send(expectRows(tx, 'packages', packages.length, tx`UPDATE packages p SET package = u.pkg
      FROM unnest(${a(packages.map((p) => p.meterId))}::text[], ${a(packages.map((p) => p.sealedPackage))}::bytea[]) u(id, pkg)
      WHERE p.meter_id = u.id`));
    const states = packages.filter((p) => p.state !== undefined);
    if (states.length > 0) {
      send(expectRows(tx, 'meter states', states.length, tx`UPDATE meters m SET state = u.state
        FROM unnest(${a(states.map((p) => p.meterId))}::text[], ${a(states.map((p) => p.state))}::text[]) u(id, state)
        WHERE m.id = u.id`));
    }
  }
  const seen = all((b) => b.creditsSeen);
  if (seen.length > 0) {
    send(tx`UPDATE accounts acc SET credits_seen = u.seq
      FROM unnest(${a(seen.map((c) => c.meterId))}::text[], ${a(seen.map((c) => c.seq))}::int[]) u(meter_id, seq), meters m
      WHERE m.id = u.meter_id AND acc.id = m.account_id`);
  }
  const pieces = all((b) => b.pieces);
  if (pieces.length > 0) {
    send(tx`INSERT INTO pieces (meter_id, piece_number, postage, indicium, mail_date, created_at, seal)
      SELECT * FROM unnest(${a(pieces.map((p) => p.meterId))}::text[], ${a(pieces.map((p) => p.pieceNumber))}::int[],
        ${a(pieces.map((p) => p.postage))}::bigint[], ${a(pieces.map((p) => p.indicium))}::bytea[],
        ${a(pieces.map((p) => p.mailDate))}::text[], ${a(pieces.map((p) => p.createdAt))}::text[], ${a(pieces.map((p) => p.seal))}::text[])`);
  }
  const refunds = all((b) => b.refunds);
  if (refunds.length > 0) {
    send(expectRows(tx, 'piece refunded twice', refunds.length, tx`UPDATE pieces p SET refunded = true
      FROM unnest(${a(refunds.map((r) => r.meterId))}::text[], ${a(refunds.map((r) => r.pieceNumber))}::int[]) u(meter_id, n)
      WHERE p.meter_id = u.meter_id AND p.piece_number = u.n AND NOT p.refunded`));
  }
  writePeopleRows(tx, batches, { send, expect: (what, expected, change) => expectRows(tx, what, expected, change) });
  const inspections = all((b) => b.inspections);
  if (inspections.length > 0) {
    send(tx`UPDATE meters m SET last_audit_at = u.at
      FROM unnest(${a(inspections.map((i) => i.meterId))}::text[], ${a(inspections.map((i) => i.at))}::text[]) u(id, at) WHERE m.id = u.id`);
  }
  // Re-keys are rare operator steps: one statement each, the old certificate kept before the new one is set.
  for (const c of all((b) => b.certificates ?? [])) {
    send(expectRows(tx, 're-key: no such meter', 1, tx`INSERT INTO retired_certificates (cert_serial, meter_id, certificate, retired_at)
      SELECT cert_serial, id, certificate, ${c.at} FROM meters WHERE id = ${c.meterId}`));
    send(expectRows(tx, 're-key: no such meter', 1, tx`UPDATE meters SET cert_serial = ${c.certSerial}, certificate = ${c.certificatePem}
      WHERE id = ${c.meterId}`));
  }
  send(tx`INSERT INTO checkpoints (module_serial, record, mac)
    SELECT * FROM unnest(${a(batches.map((b) => b.moduleSerial))}::int[], ${a(batches.map((b) => b.checkpoint.record))}::text[],
      ${a(batches.map((b) => b.checkpoint.mac))}::text[])
    ON CONFLICT (module_serial) DO UPDATE SET record = excluded.record, mac = excluded.mac`);
  send(expectRows(tx, 'module table', batches.length, tx`UPDATE modules m SET last_tx_at = u.at, last_tx_value = u.value
    FROM unnest(${a(batches.map((b) => b.moduleSerial))}::int[], ${a(batches.map((b) => b.moduleLastTx.at))}::text[],
      ${a(batches.map((b) => b.moduleLastTx.value))}::bigint[]) u(serial, at, value)
    WHERE m.serial = u.serial`));
  // The demo credits of registrations: the first of the ledger's locks (pg-chains.ts).
  const credits = all((b) => b.credits);
  if (credits.length > 0) void insertCredits(tx as unknown as Tx, credits, false, send);
}

/** The newest log entry's id and commit link. */
export interface LogHead {
  id: number;
  link: string;
}

/**
 * What a committer remembers between its commits: the log head it wrote last. While no other
 * process commits, it is still the head, and a commit is ONE round trip: BEGIN, the rows, the log
 * entries linked after the remembered head, and COMMIT sent together, the head's update checked
 * by the server (it raises when the head moved). When another process did commit meanwhile, the
 * transaction rolls back and runs again reading the head first (two round trips); after such a
 * miss the next commits read first straight away — 8 of them, doubling with each miss in a row
 * up to 512, since several processes committing in turn would miss nearly every time.
 */
export interface CommitMemory {
  head: LogHead | null;
  /** Commits left that read the head first. */
  readFirst: number;
  /** Misses in a row (reset by a commit on the remembered head). */
  misses: number;
}

export const newCommitMemory = (): CommitMemory => ({ head: null, readFirst: 0, misses: 0 });

const MISS_BACKOFF = 8;
const MAX_BACKOFF = 512;
const HEAD_MOVED = 'log head moved';

/** Appends the group's log entries after `head` (read here, locked, when null); returns the new head. */
async function appendLog(tx: Sql, entries: ModuleLogEntry[], linker: LogLinker, known: LogHead | null, send: Send): Promise<LogHead> {
  let head = known;
  if (head === null) {
    const read = tx`SELECT last_id, last_link FROM log_head FOR UPDATE`;
    send(read);
    const [row] = await read;
    if (row === undefined) throw new Error('the log head row is missing');
    head = { id: row.last_id as number, link: row.last_link as string };
  }
  let { id, link } = head;
  const ids: number[] = [];
  const links: string[] = [];
  for (const e of entries) {
    link = linker.link(link, e.hash);
    ids.push(++id);
    links.push(link);
  }
  const a = tx.array.bind(tx) as (values: unknown[]) => never;
  const col = <K extends keyof ModuleLogEntry>(k: K) => a(entries.map((e) => e[k]));
  // The head first: it is the row other processes' commits wait for, held from here to COMMIT.
  send(expectRows(tx, HEAD_MOVED, 1, tx`UPDATE log_head SET last_id = ${id}, last_link = ${link}
    WHERE last_id = ${head.id} AND last_link = ${head.link}`));
  send(tx`INSERT INTO tx_log (id, module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link)
    SELECT * FROM unnest(${a(ids)}::bigint[], ${col('moduleSerial')}::int[], ${col('seq')}::bigint[], ${col('meterId')}::text[],
      ${col('type')}::text[], ${col('amount')}::bigint[], ${col('ar')}::bigint[], ${col('dr')}::bigint[], ${col('pieceNumber')}::int[],
      ${col('at')}::text[], ${col('prevHash')}::text[], ${col('hash')}::text[], ${col('mac')}::text[], ${a(links)}::text[])`);
  return { id, link };
}

/** Nothing of the group reached the server (no connection to send it on): certainly not committed. */
class CommitNotSent extends StorageUnavailable {}

/** How long a commit waits for its connection (postgres.js keeps a reserve waiting while it cannot connect). */
const RESERVE_TIMEOUT_MS = 3000;

async function reserve(sql: Sql): Promise<Awaited<ReturnType<Sql['reserve']>>> {
  const reserving = sql.reserve();
  try {
    return await within(RESERVE_TIMEOUT_MS, reserving, 'commit connection');
  } catch (err) {
    // A connection that comes after all goes back to the pool.
    void reserving.then((c) => c.release(), () => undefined);
    throw new CommitNotSent(pgMessage(err));
  }
}

/**
 * One transaction on a connection of its own, its statements pipelined: BEGIN … COMMIT in one
 * write when the head is known, else up to the head read and then the rest. Resolves with the new
 * log head once COMMIT returned; rejects with the first failed statement's error (the server
 * then answers the queued COMMIT with a rollback), or with the connection's (a COMMIT in doubt).
 */
async function transaction(sql: Sql, batches: BatchCommit[], linkers: GroupLinkers, head: LogHead | null): Promise<LogHead | null> {
  const audits = batches.flatMap((b) => b.audits);
  if (audits.length > 0 && linkers.audit === undefined) throw new Error(NO_AUDIT_KEY);
  const conn = await reserve(sql);
  const sent: Array<Promise<unknown>> = [];
  const send: Send = (statement) => {
    sent.push(statement);
    statement.catch(() => undefined);
  };
  try {
    send(conn`BEGIN`);
    writeRows(conn as unknown as Sql, batches, send);
    const entries = batches.flatMap((b) => b.log);
    let newHead: LogHead | null = head;
    let commit: Promise<{ command: string }>;
    try {
      if (audits.length > 0) await appendAudits(conn as unknown as Tx, linkers.audit as AuditLinker, audits, send);
      if (entries.length > 0) newHead = await appendLog(conn as unknown as Sql, entries, linkers.log, head, send);
      commit = conn`COMMIT` as unknown as Promise<{ command: string }>;
      send(commit);
    } catch {
      // A head read failed (the transaction is aborted): end it; the cause is among `sent`.
      send(conn`ROLLBACK`);
      commit = Promise.resolve({ command: 'ROLLBACK' });
    }
    try {
      await Promise.all(sent);
    } catch (first) {
      // A lost connection: statements queued behind a full socket may never settle; go at once.
      if (connectionLost(first)) throw first;
      // A statement failed: the server answers the rest (aborted) and the COMMIT with a rollback.
      // Answers come in order, so `first` is the cause.
      await Promise.allSettled(sent);
      throw checkedError(first);
    }
    if ((await commit).command !== 'COMMIT') throw new Error('the transaction was rolled back');
    return newHead;
  } finally {
    conn.release();
  }
}

const RETRY_MS = 250;
const BARRIER_TIMEOUT_MS = 10_000;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether the group's transaction committed, once the database answers again (the promoted
 * standby after a failover). First a write of our own, which with synchronous_commit returns
 * only when everything committed before it is on the standby as well — a COMMIT cut off while
 * waiting for the standby is committed on the primary alone, and must not count before that.
 * Then each batch's checkpoint: the record is unique to its batch, and a module sends nothing
 * more until it hears, so the row holds it exactly when the batch committed.
 */
export async function resolveInDoubt(db: PgPrimary, batches: BatchCommit[], give: { up: () => boolean }): Promise<boolean> {
  for (;;) {
    try {
      const sql = await db.sql();
      // With the synchronous standby away this waits, and so must the answers; the time limit only
      // gives up a connection that may be dead (a machine gone without closing it), to try again.
      await within(BARRIER_TIMEOUT_MS, sql`UPDATE commit_barrier SET n = n + 1`, 'commit barrier');
      const rows = await sql`SELECT module_serial, record FROM checkpoints
        WHERE module_serial = ANY(${sql.array(batches.map((b) => b.moduleSerial))}::int[])`;
      const stored = new Map(rows.map((r) => [r.module_serial as number, r.record as string]));
      const found = batches.filter((b) => stored.get(b.moduleSerial) === b.checkpoint.record).length;
      if (found === batches.length) return true;
      if (found === 0) return false;
      throw new Error(`a group commit is half there (${found} of ${batches.length} batches): the database is not transactional?`);
    } catch (err) {
      if (give.up()) throw err;
      if (connectionLost(err)) db.reset();
      await wait(RETRY_MS);
    }
  }
}

/**
 * Commits a group; resolves when it is durable, rejects when it certainly did not happen. An
 * error whose outcome is unknown (the connection broke) is resolved first (resolveInDoubt).
 */
export async function commitGroup(
  db: PgPrimary, batches: BatchCommit[], linkers: GroupLinkers, give = { up: () => false }, memory = newCommitMemory(),
): Promise<void> {
  const known = memory.readFirst > 0 ? null : memory.head;
  memory.readFirst = Math.max(0, memory.readFirst - 1);
  // Unknown until this commit is known to have happened.
  memory.head = null;
  try {
    const sql = await db.sql();
    try {
      memory.head = await transaction(sql, batches, linkers, known);
      if (known !== null) memory.misses = 0;
    } catch (err) {
      if (known === null || !(err instanceof Error) || !err.message.startsWith(HEAD_MOVED)) throw err;
      // Another process committed since our last commit: read the head this time.
      memory.readFirst = Math.min(MISS_BACKOFF * 2 ** memory.misses, MAX_BACKOFF);
      memory.misses++;
      memory.head = await transaction(sql, batches, linkers, null);
    }
  } catch (err) {
    // A lost connection leaves a COMMIT in doubt; an error the server reported for a statement
    // (or one of our own checks) rolled the transaction back, and a group never sent did nothing.
    if (!connectionLost(err)) throw err;
    db.reset();
    if (err instanceof CommitNotSent) throw err;
    if (await resolveInDoubt(db, batches, give)) return;
    throw err;
  }
}

