/**
 * The credits ledger and the audit log in the off-loaded segments (docs/reliability.md): each
 * segment carries the credit entries and audit entries written since the one before (by id), so
 * they are off-loaded with the transaction log, checked by `verify-log` (each account's credit
 * chain, the audit chain, agreement with the database) and restored by `recover`.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { MacKey } from '../keystore/backend.ts';
import { auditLinker, checkAuditEntry, type AuditLinker } from '../ledger/audit-chain.ts';
import { checkCreditEntry, EMPTY_CREDIT_HEAD, type CreditEntry, type CreditHead, type CreditKind } from '../ledger/credits.ts';

export const creditRowSchema = z.strictObject({
  id: z.number().int().min(1), account: z.string(), seq: z.number().int().min(1), amount: z.number().int(), kind: z.string(),
  by: z.string(), reason: z.string(), at: z.string(), prevHash: z.string(), hash: z.string(), mac: z.string(),
});
export type CreditRow = z.infer<typeof creditRowSchema>;

export const auditRowSchema = z.strictObject({
  id: z.number().int().min(1), at: z.string(), event: z.string(), moduleSerial: z.number().int().nullable(), meterId: z.string().nullable(),
  detail: z.string().nullable(), mac: z.string().nullable(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

const CREDIT_COLUMNS = 'id, account, seq, amount, kind, made_by AS "by", reason, at, prev_hash AS prevHash, hash, mac';
const AUDIT_COLUMNS = 'id, at, event, module_serial AS moduleSerial, meter_id AS meterId, detail, mac';

/** Credit and audit entries with ids above the cursors (at most `limit` each), in the caller's read transaction. */
export function readValueRows(db: Database.Database, afterCredit: number, afterAudit: number, limit: number): { credits: CreditRow[]; audits: AuditRow[] } {
  return {
    credits: db.prepare(`SELECT ${CREDIT_COLUMNS} FROM credits WHERE id > ? ORDER BY id LIMIT ?`).all(afterCredit, limit) as CreditRow[],
    audits: db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`).all(afterAudit, limit) as AuditRow[],
  };
}

/**
 * Writes off-loaded credit and audit entries as they were (an entry the rebuilt database holds
 * under the same id or the same account and seq is replaced: the off-loaded one is what the vault
 * wrote), in the caller's transaction.
 */
export function applyValueRows(db: Database.Database, credits: readonly CreditRow[], audits: readonly AuditRow[]): void {
  const dropCredit = db.prepare('DELETE FROM credits WHERE id = ? OR (account = ? AND seq = ?)');
  const credit = db.prepare(`INSERT INTO credits (id, account, seq, amount, kind, made_by, reason, at, prev_hash, hash, mac)
    VALUES (@id, @account, @seq, @amount, @kind, @by, @reason, @at, @prevHash, @hash, @mac)`);
  for (const c of credits) {
    dropCredit.run(c.id, c.account, c.seq);
    credit.run(c);
  }
  const audit = db.prepare(`INSERT OR REPLACE INTO audit_log (id, at, event, module_serial, meter_id, detail, mac)
    VALUES (@id, @at, @event, @moduleSerial, @meterId, @detail, @mac)`);
  for (const a of audits) audit.run(a);
}

/** The credit and audit chains across segments, checked entry by entry with the ledger and audit keys. */
export class ValueChains {
  private readonly heads = new Map<string, CreditHead>();
  private readonly linker: AuditLinker;
  private auditMac: string;
  private auditId = 0;
  credits = 0;
  audits = 0;

  constructor(private readonly keys: { ledger: MacKey; audit: MacKey }) {
    this.linker = auditLinker(keys.audit);
    this.auditMac = this.linker.genesis;
  }

  /** Why the segment's entries break a chain, or null. */
  check(credits: readonly CreditRow[], audits: readonly AuditRow[]): string | null {
    for (const c of credits) {
      const entry: CreditEntry = { ...c, kind: c.kind as CreditKind };
      const why = checkCreditEntry(this.keys.ledger, c.account, this.heads.get(c.account) ?? EMPTY_CREDIT_HEAD, entry);
      if (why !== null) return why;
      this.heads.set(c.account, entry);
      this.credits++;
    }
    for (const a of audits) {
      const why = checkAuditEntry(this.linker, this.auditMac, this.auditId, a, a.mac);
      if (why !== null) return why;
      this.auditMac = a.mac as string;
      this.auditId = a.id;
      this.audits++;
    }
    return null;
  }
}

/** What the database holds under some credit and audit ids: each credit's hash, each audit entry's MAC. */
export interface ValueRowImages {
  credits: Map<number, string>;
  audits: Map<number, string | null>;
}

/** The SQLite database's images of the given credit and audit ids. */
export function sqliteValueRowImages(db: Database.Database, creditIds: readonly number[], auditIds: readonly number[]): ValueRowImages {
  const credit = db.prepare('SELECT hash FROM credits WHERE id = ?').pluck();
  const audit = db.prepare('SELECT mac FROM audit_log WHERE id = ?').pluck();
  const credits = new Map<number, string>();
  const audits = new Map<number, string | null>();
  for (const id of creditIds) {
    const hash = credit.get(id) as string | undefined;
    if (hash !== undefined) credits.set(id, hash);
  }
  for (const id of auditIds) {
    const mac = audit.get(id) as string | null | undefined;
    if (mac !== undefined) audits.set(id, mac);
  }
  return { credits, audits };
}

/**
 * The database against the off-loaded credit and audit entries: the same entry under each id.
 * `complete`: the database must still hold every one (a live vault's; a snapshot being recovered
 * may be older than the segments).
 */
export function valueRowsDiffer(db: ValueRowImages, credits: readonly CreditRow[], audits: readonly AuditRow[], complete: boolean): string | null {
  for (const c of credits) {
    const hash = db.credits.get(c.id);
    if (hash === undefined ? complete : hash !== c.hash) return `credit ${c.account}#${c.seq} (id ${c.id}) ${hash === undefined ? 'is missing from' : 'differs from'} the database`;
  }
  for (const a of audits) {
    const mac = db.audits.get(a.id);
    if (mac === undefined ? complete : mac !== a.mac) return `audit entry ${a.id} ${mac === undefined ? 'is missing from' : 'differs from'} the database`;
  }
  return null;
}
