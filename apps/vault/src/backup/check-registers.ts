/**
 * After a recovery: every meter's sealed package must open, keep AR + DR = downloads + refunds,
 * carry the registers of its newest log entry, and count as many pieces as the pieces table holds.
 */
import type Database from 'better-sqlite3';
import { openPackage } from '../bank/psd-package.ts';
import type { AeadKey } from '../keystore/backend.ts';
import { RecoveryRefused } from './seed-modules.ts';

export function checkRegisters(db: Database.Database, wrapKey: AeadKey, progress: (done: number, total: number) => void): number {
  const last = new Map(
    (db.prepare('SELECT meter_id AS meterId, ar, dr FROM tx_log WHERE id IN (SELECT max(id) FROM tx_log GROUP BY meter_id)').all() as Array<{
      meterId: string; ar: number; dr: number;
    }>).map((r) => [r.meterId, r]),
  );
  const pieces = db.prepare('SELECT count(*) FROM pieces WHERE meter_id = ?').pluck();
  const meters = db.prepare(`SELECT m.id, p.package FROM meters m JOIN packages p ON p.meter_id = m.id
    WHERE m.account_id IS NOT NULL`).all() as Array<{ id: string; package: Buffer }>;
  meters.forEach((m, i) => {
    let pkg;
    try {
      pkg = openPackage(wrapKey, m.id, m.package);
    } catch (err) {
      throw new RecoveryRefused(`meter ${m.id}: package refused (${(err as Error).message})`);
    }
    const entry = last.get(m.id);
    if (entry !== undefined && (entry.ar !== pkg.ar || entry.dr !== pkg.dr)) throw new RecoveryRefused(`meter ${m.id}: registers differ from its last log entry`);
    if (entry === undefined && (pkg.ar !== 0 || pkg.dr !== 0)) throw new RecoveryRefused(`meter ${m.id}: holds value but has no log entry`);
    if (pieces.get(m.id) !== pkg.pieceCounter) throw new RecoveryRefused(`meter ${m.id}: piece count differs from its piece counter`);
    progress(i + 1, meters.length);
  });
  return meters.length;
}
