/** Reads a vault's PSD database (read-only, works while the vault runs) and opens its packages. */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openPackage } from '../src/bank/psd-package.ts';
import type { DatabaseConfig } from '../src/config/vault-config.ts';
import type { AeadKey } from '../src/keystore/backend.ts';
import { readSnapshot } from './db-access.ts';

export interface MeterFigures {
  ar: number;
  dr: number;
  pieceCounter: number;
  pieceRows: number;
  refundedRows: number;
}

export interface VaultState {
  meters: Map<string, MeterFigures>;
  /** Sum of AR and DR over all assigned meters, and account funds (credits on the ledger − purchases in the log). */
  totals: { ar: number; dr: number; funds: number; logEntries: number; pieces: number };
  /** SHA-256 over every assigned meter's package, the accounts, credits, pieces, checkpoints and log. */
  fingerprint: string;
}

export function openDb(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'vault.sqlite'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The vault's value as the database holds it now, read in one snapshot (either engine; works while the vault runs). */
export function vaultState(database: DatabaseConfig, wrapKey: AeadKey): Promise<VaultState> {
  return readSnapshot(database, async (db) => {
    const hash = createHash('sha256');
    const meters = new Map<string, MeterFigures>();
    const totals = { ar: 0, dr: 0, funds: 0, logEntries: 0, pieces: 0 };
    const rows = await db.all(`SELECT m.id, p.package FROM meters m JOIN packages p ON p.meter_id = m.id
      WHERE m.account_id IS NOT NULL ORDER BY m.id`);
    for (const r of rows as Array<{ id: string; package: Buffer }>) {
      const p = openPackage(wrapKey, r.id, r.package);
      const pc = (await db.get('SELECT count(*) AS n, coalesce(sum(CASE WHEN refunded THEN 1 ELSE 0 END), 0) AS r FROM pieces WHERE meter_id = ?', r.id)) as { n: number; r: number };
      meters.set(r.id, { ar: p.ar, dr: p.dr, pieceCounter: p.pieceCounter, pieceRows: Number(pc.n), refundedRows: Number(pc.r) });
      totals.ar += p.ar;
      totals.dr += p.dr;
      totals.pieces += Number(pc.n);
      hash.update(r.id).update(r.package);
    }
    const sums = (await db.get(`SELECT (SELECT coalesce(sum(amount), 0) FROM credits) AS credited,
      (SELECT coalesce(sum(amount), 0) FROM tx_log WHERE type = 'purchase') AS bought, (SELECT count(*) FROM tx_log) AS entries`)) as Record<string, number>;
    totals.funds = Number(sums.credited) - Number(sums.bought);
    totals.logEntries = Number(sums.entries);
    // Rows in key order (columns 1, 2 are each table's key or start with it), as their values.
    for (const table of ['accounts', 'credits', 'pieces', 'checkpoints', 'tx_log']) {
      for (const row of await db.all(`SELECT * FROM ${table} ORDER BY 1, 2`)) {
        hash.update(JSON.stringify(Object.values(row), (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
      }
    }
    return { meters, totals, fingerprint: hash.digest('base64url') };
  });
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
