/**
 * Group commit on PostgreSQL (SPEC §4.3–4.4): the batches of several modules in ONE transaction,
 * a fixed number of statements however many batches it holds (rows travel as arrays through
 * `unnest`), pipelined on the committer's connection. The log head row is locked last, so
 * commits of other vault processes wait for it only during the log insert and the COMMIT.
 *
 * With `synchronous_commit = on` and a synchronous standby, COMMIT returns once the standby has
 * the transaction on disk: no answer leaves before the commit is on two machines. A COMMIT whose
 * connection breaks is in doubt; `resolveInDoubt` finds out whether it happened before the
 * committer reports anything, so no answer is ever withheld wrongly or released wrongly.
 */
import type { LogLinker } from '../../ledger/chain.ts';
import type { BatchCommit } from '../storage.ts';
import { connectionLost, within, type PgPrimary, type Sql } from './pg-client.ts';
import { writePeopleRows } from './pg-people.ts';
import { insertAudits } from './pg-storage.ts';

type Tx = Parameters<Parameters<Sql['begin']>[1]>[0];

function expectCount(what: string, expected: number) {
  return (rows: { count: number }) => {
    if (rows.count !== expected) throw new Error(`${what}: ${rows.count} of ${expected} rows changed`);
  };
}

/** The statements of a group, issued without waiting (pipelined); resolves when all have run. */
function writeRows(tx: Tx, batches: BatchCommit[]): Promise<unknown> {
  const all = <T>(pick: (b: BatchCommit) => T[]) => batches.flatMap(pick);
  const a = tx.array.bind(tx) as (values: unknown[]) => never;
  const work: Array<Promise<unknown>> = [];
  for (const acc of all((b) => b.newAccounts)) {
    work.push(tx`WITH a AS (INSERT INTO accounts (username, created_at) VALUES (${acc.username}, ${acc.createdAt}) RETURNING id)
      UPDATE meters SET account_id = (SELECT id FROM a), pool_owner = NULL WHERE id = ${acc.meterId} AND account_id IS NULL`
      .then(expectCount('meter already assigned', 1)));
  }
  const packages = all((b) => b.packages);
  if (packages.length > 0) {
    work.push(tx`UPDATE packages p SET package = u.pkg
      FROM unnest(${a(packages.map((p) => p.meterId))}::text[], ${a(packages.map((p) => p.sealedPackage))}::bytea[]) u(id, pkg)
      WHERE p.meter_id = u.id`.then(expectCount('packages', packages.length)));
    const states = packages.filter((p) => p.state !== undefined);
    if (states.length > 0) {
      work.push(tx`UPDATE meters m SET state = u.state
        FROM unnest(${a(states.map((p) => p.meterId))}::text[], ${a(states.map((p) => p.state))}::text[]) u(id, state)
        WHERE m.id = u.id`.then(expectCount('meter states', states.length)));
    }
  }
  const debits = all((b) => b.debits);
  if (debits.length > 0) {
    work.push(tx`UPDATE accounts acc SET funds = acc.funds - u.amount
      FROM unnest(${a(debits.map((d) => d.meterId))}::text[], ${a(debits.map((d) => d.amount))}::bigint[]) u(meter_id, amount), meters m
      WHERE m.id = u.meter_id AND acc.id = m.account_id AND acc.funds >= u.amount`.then(expectCount('funds changed under a purchase', debits.length)));
  }
  const pieces = all((b) => b.pieces);
  if (pieces.length > 0) {
    work.push(tx`INSERT INTO pieces (meter_id, piece_number, postage, indicium, mail_date, created_at)
      SELECT * FROM unnest(${a(pieces.map((p) => p.meterId))}::text[], ${a(pieces.map((p) => p.pieceNumber))}::int[],
        ${a(pieces.map((p) => p.postage))}::bigint[], ${a(pieces.map((p) => p.indicium))}::bytea[],
        ${a(pieces.map((p) => p.mailDate))}::text[], ${a(pieces.map((p) => p.createdAt))}::text[])`);
  }
  const refunds = all((b) => b.refunds);
  if (refunds.length > 0) {
    work.push(tx`UPDATE pieces p SET refunded = true
      FROM unnest(${a(refunds.map((r) => r.meterId))}::text[], ${a(refunds.map((r) => r.pieceNumber))}::int[]) u(meter_id, n)
      WHERE p.meter_id = u.meter_id AND p.piece_number = u.n AND NOT p.refunded`.then(expectCount('piece refunded twice', refunds.length)));
  }
  work.push(...writePeopleRows(tx, batches));
  const inspections = all((b) => b.inspections);
  if (inspections.length > 0) {
    work.push(tx`UPDATE meters m SET last_audit_at = u.at
      FROM unnest(${a(inspections.map((i) => i.meterId))}::text[], ${a(inspections.map((i) => i.at))}::text[]) u(id, at) WHERE m.id = u.id`);
  }
  const returns = all((b) => b.returns ?? []);
  if (returns.length > 0) {
    work.push(tx`UPDATE accounts acc SET funds = acc.funds + u.amount
      FROM unnest(${a(returns.map((r) => r.meterId))}::text[], ${a(returns.map((r) => r.amount))}::bigint[]) u(meter_id, amount), meters m
      WHERE m.id = u.meter_id AND acc.id = m.account_id`.then(expectCount('withdrawal: the meter has no account', returns.length)));
  }
  // Re-keys are rare operator steps: one statement each, the old certificate kept before the new one is set.
  for (const c of all((b) => b.certificates ?? [])) {
    work.push(tx`WITH old AS (INSERT INTO retired_certificates (cert_serial, meter_id, certificate, retired_at)
        SELECT cert_serial, id, certificate, ${c.at} FROM meters WHERE id = ${c.meterId} RETURNING meter_id)
      UPDATE meters SET cert_serial = ${c.certSerial}, certificate = ${c.certificatePem} WHERE id = (SELECT meter_id FROM old)`
      .then(expectCount('re-key: no such meter', 1)));
  }
  const audits = all((b) => b.audits);
  if (audits.length > 0) work.push(insertAudits(tx as unknown as Sql, audits));
  work.push(tx`INSERT INTO checkpoints (module_serial, record, mac)
    SELECT * FROM unnest(${a(batches.map((b) => b.moduleSerial))}::int[], ${a(batches.map((b) => b.checkpoint.record))}::text[],
      ${a(batches.map((b) => b.checkpoint.mac))}::text[])
    ON CONFLICT (module_serial) DO UPDATE SET record = excluded.record, mac = excluded.mac`);
  work.push(tx`UPDATE modules m SET last_tx_at = u.at, last_tx_value = u.value
    FROM unnest(${a(batches.map((b) => b.moduleSerial))}::int[], ${a(batches.map((b) => b.moduleLastTx.at))}::text[],
      ${a(batches.map((b) => b.moduleLastTx.value))}::bigint[]) u(serial, at, value)
    WHERE m.serial = u.serial`.then(expectCount('module table', batches.length)));
  return Promise.all(work);
}

/** Appends the group's log entries after the newest one (whoever committed it), linking each. */
async function appendLog(tx: Tx, batches: BatchCommit[], linker: LogLinker): Promise<void> {
  const entries = batches.flatMap((b) => b.log);
  if (entries.length === 0) return;
  const [head] = await tx`SELECT last_id, last_link FROM log_head FOR UPDATE`;
  if (head === undefined) throw new Error('the log head row is missing');
  let id = head.last_id as number;
  let link = head.last_link as string;
  const ids: number[] = [];
  const links: string[] = [];
  for (const e of entries) {
    link = linker.link(link, e.hash);
    ids.push(++id);
    links.push(link);
  }
  const a = tx.array.bind(tx) as (values: unknown[]) => never;
  const col = <K extends keyof (typeof entries)[number]>(k: K) => a(entries.map((e) => e[k]));
  await Promise.all([
    tx`INSERT INTO tx_log (id, module_serial, seq, meter_id, type, amount, ar, dr, piece_number, at, prev_hash, hash, mac, link)
      SELECT * FROM unnest(${a(ids)}::bigint[], ${col('moduleSerial')}::int[], ${col('seq')}::bigint[], ${col('meterId')}::text[],
        ${col('type')}::text[], ${col('amount')}::bigint[], ${col('ar')}::bigint[], ${col('dr')}::bigint[], ${col('pieceNumber')}::int[],
        ${col('at')}::text[], ${col('prevHash')}::text[], ${col('hash')}::text[], ${col('mac')}::text[], ${a(links)}::text[])`,
    tx`UPDATE log_head SET last_id = ${id}, last_link = ${link}`,
  ]);
}

function transaction(sql: Sql, batches: BatchCommit[], linker: LogLinker): Promise<unknown> {
  // Both awaited together: a row statement failing while the log head is read must not be left
  // unhandled (it would end the writer's thread).
  return sql.begin((tx) => Promise.all([writeRows(tx, batches), appendLog(tx, batches, linker)]));
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
export async function commitGroup(db: PgPrimary, batches: BatchCommit[], linker: LogLinker, give = { up: () => false }): Promise<void> {
  try {
    await transaction(await db.sql(), batches, linker);
  } catch (err) {
    // A lost connection leaves a COMMIT in doubt; an error the server reported for a statement
    // (or one of our own checks) rolled the transaction back.
    if (!connectionLost(err)) throw err;
    db.reset();
    if (await resolveInDoubt(db, batches, give)) return;
    throw err;
  }
}

