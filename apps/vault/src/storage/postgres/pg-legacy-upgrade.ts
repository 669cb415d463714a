/** Schema 5 on PostgreSQL for a database that already holds value: reads and writes what ../ledger-upgrade.ts decides. */
import type { StoredAuditFields } from '../../ledger/audit-chain.ts';
import type { SealedPieceFields } from '../../ledger/piece-seal.ts';
import { planLedgerUpgrade, type LegacyRows, type UpgradeKeys } from '../ledger-upgrade.ts';
import type { Tx } from './pg-client.ts';

export type { Tx };

async function legacyRows(tx: Tx): Promise<LegacyRows> {
  const [openings, unsealedPieces, audits, boundMeters] = await Promise.all([
    tx`SELECT account, amount FROM (
        SELECT lower(a.username) AS account, a.funds + coalesce((SELECT sum(t.amount) FROM tx_log t JOIN meters m ON m.id = t.meter_id
          WHERE m.account_id = a.id AND t.type = 'purchase'), 0)::bigint AS amount
        FROM accounts a) o
      WHERE amount > 0 ORDER BY account`,
    tx`SELECT meter_id AS "meterId", piece_number AS "pieceNumber", postage, mail_date AS "mailDate", created_at AS "createdAt", indicium
      FROM pieces WHERE NOT refunded AND seal IS NULL ORDER BY meter_id, piece_number`,
    tx`SELECT id, at, event, module_serial AS "moduleSerial", meter_id AS "meterId", detail FROM audit_log ORDER BY id`,
    tx`SELECT m.id AS "meterId", lower(a.username) AS account, p.package FROM meters m
      JOIN accounts a ON a.id = m.account_id JOIN packages p ON p.meter_id = m.id ORDER BY m.id`,
  ]);
  return {
    openings: [...openings] as unknown as LegacyRows['openings'],
    unsealedPieces: [...unsealedPieces] as unknown as SealedPieceFields[],
    audits: [...audits] as unknown as StoredAuditFields[],
    boundMeters: [...boundMeters] as unknown as LegacyRows['boundMeters'],
  };
}

/**
 * The step of migration 5 (pg-migrations.ts), in its transaction. Credit ids start at 1 in account
 * order; the audit entries keep their ids (they were given in order by a single sequence).
 */
export async function pgUpgradeToLedger(tx: Tx, keys: UpgradeKeys | undefined): Promise<void> {
  const plan = planLedgerUpgrade(await legacyRows(tx), keys, new Date());
  const a = tx.array.bind(tx) as (values: unknown[]) => never;
  const work: Array<Promise<unknown>> = [];
  const c = plan.credits;
  if (c.length > 0) {
    work.push(tx`INSERT INTO credits (id, account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
      SELECT * FROM unnest(${a(c.map((_, i) => i + 1))}::bigint[], ${a(c.map((e) => e.account))}::text[], ${a(c.map((e) => e.seq))}::int[],
        ${a(c.map((e) => e.amount))}::bigint[], ${a(c.map((e) => e.kind))}::text[], ${a(c.map((e) => e.by))}::text[],
        ${a(c.map((e) => e.reason))}::text[], ${a(c.map((e) => e.at))}::text[], ${a(c.map((e) => e.prevHash))}::text[],
        ${a(c.map((e) => e.hash))}::text[], ${a(c.map((e) => e.mac))}::text[])`);
  }
  if (plan.seals.length > 0) {
    work.push(tx`UPDATE pieces p SET seal = u.seal
      FROM unnest(${a(plan.seals.map((s) => s.meterId))}::text[], ${a(plan.seals.map((s) => s.pieceNumber))}::int[],
        ${a(plan.seals.map((s) => s.seal))}::text[]) u(meter_id, n, seal)
      WHERE p.meter_id = u.meter_id AND p.piece_number = u.n`);
  }
  if (plan.packages.length > 0) {
    work.push(tx`UPDATE packages p SET package = u.pkg
      FROM unnest(${a(plan.packages.map((p) => p.meterId))}::text[], ${a(plan.packages.map((p) => p.package))}::bytea[]) u(id, pkg)
      WHERE p.meter_id = u.id`);
  }
  if (plan.auditMacs.length > 0) {
    work.push(tx`UPDATE audit_log l SET mac = u.mac
      FROM unnest(${a(plan.auditMacs.map((m) => m.id))}::bigint[], ${a(plan.auditMacs.map((m) => m.mac))}::text[]) u(id, mac) WHERE l.id = u.id`);
  }
  await Promise.all(work);
  await tx`ALTER TABLE accounts DROP COLUMN funds`;
}
