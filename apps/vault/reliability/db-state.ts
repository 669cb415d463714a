/** Reads a vault's PSD database (read-only, works while the vault runs) and opens its packages. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openPackage } from '../src/bank/psd-package.ts';
import type { AeadKey } from '../src/keystore/backend.ts';

export interface MeterFigures {
  ar: number;
  dr: number;
  pieceCounter: number;
  pieceRows: number;
  refundedRows: number;
}

export interface VaultState {
  meters: Map<string, MeterFigures>;
  /** Sum of AR and DR over all assigned meters, and account funds. */
  totals: { ar: number; dr: number; funds: number; logEntries: number; pieces: number };
  /** SHA-256 over every assigned meter's package, the accounts, pieces, checkpoints and log. */
  fingerprint: string;
}

export function openDb(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'vault.sqlite'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export function vaultState(dataDir: string, wrapKey: AeadKey): VaultState {
  const db = openDb(dataDir);
  try {
    return db.transaction(() => {
      const hash = createHash('sha256');
      const meters = new Map<string, MeterFigures>();
      const totals = { ar: 0, dr: 0, funds: 0, logEntries: 0, pieces: 0 };
      const rows = db.prepare(`SELECT m.id, p.package FROM meters m JOIN packages p ON p.meter_id = m.id
        WHERE m.account_id IS NOT NULL ORDER BY m.id`).all() as Array<{ id: string; package: Buffer }>;
      const pieceQ = db.prepare('SELECT count(*) AS n, coalesce(sum(refunded), 0) AS r FROM pieces WHERE meter_id = ?');
      for (const r of rows) {
        const p = openPackage(wrapKey, r.id, r.package);
        const pc = pieceQ.get(r.id) as { n: number; r: number };
        meters.set(r.id, { ar: p.ar, dr: p.dr, pieceCounter: p.pieceCounter, pieceRows: pc.n, refundedRows: pc.r });
        totals.ar += p.ar;
        totals.dr += p.dr;
        totals.pieces += pc.n;
        hash.update(r.id).update(r.package);
      }
      totals.funds = db.prepare('SELECT coalesce(sum(funds), 0) FROM accounts').pluck().get() as number;
      totals.logEntries = db.prepare('SELECT count(*) FROM tx_log').pluck().get() as number;
      for (const table of ['accounts', 'pieces', 'checkpoints', 'tx_log']) {
        for (const row of db.prepare(`SELECT * FROM ${table}`).raw().all()) hash.update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
      }
      return { meters, totals, fingerprint: hash.digest('base64url') };
    })();
  } finally {
    db.close();
  }
}

/** Audit events with id above `afterId`, oldest first. */
export function auditSince(dataDir: string, afterId: number): Array<{ id: number; event: string; detail: string | null }> {
  const db = openDb(dataDir);
  try {
    return db.prepare('SELECT id, event, detail FROM audit_log WHERE id > ? ORDER BY id').all(afterId) as Array<{ id: number; event: string; detail: string | null }>;
  } finally {
    db.close();
  }
}

export function lastAuditId(dataDir: string): number {
  const db = openDb(dataDir);
  try {
    return db.prepare('SELECT coalesce(max(id), 0) FROM audit_log').pluck().get() as number;
  } finally {
    db.close();
  }
}
