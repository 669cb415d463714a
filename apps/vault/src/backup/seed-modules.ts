/**
 * Fresh modules after a disaster (SPEC §4.3): each module's protected memory is seeded from the
 * recovered database — its checkpoint row (MAC checked), the head of its log chain and the totals
 * of the checkpoint record — so the bank starts with "equal" instead of CHECKPOINT_MISMATCH.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { GENESIS_HASH } from '../ledger/chain.ts';
import { memoryFile, ModuleMemory, totalsSchema } from '../bank/module-memory.ts';
import type { KeyBackend } from '../keystore/backend.ts';

const recordSchema = z.object({ moduleSerial: z.number().int(), at: z.string(), lastAmount: z.number().int(), totals: totalsSchema });

export class RecoveryRefused extends Error {}

/** Checks every checkpoint row and the module table, then writes one memory file per module. Returns the serials seeded. */
export function seedModuleMemory(db: Database.Database, dataDir: string, keys: KeyBackend): number[] {
  const rows = db.prepare('SELECT module_serial AS serial, record, mac FROM checkpoints ORDER BY module_serial').all() as Array<{
    serial: number; record: string; mac: string;
  }>;
  const heads = new Map(
    (db.prepare('SELECT module_serial AS serial, hash FROM tx_log WHERE id IN (SELECT max(id) FROM tx_log GROUP BY module_serial)').all() as Array<{
      serial: number; hash: string;
    }>).map((r) => [r.serial, r.hash]),
  );
  const table = db.prepare('SELECT last_tx_at AS at, last_tx_value AS value FROM modules WHERE serial = ?');
  const seeds = rows.map((row) => {
    const mac = keys.checkpointMac.mac(`vbi1:chk:${row.record}`);
    const given = Buffer.from(row.mac, 'base64url');
    if (given.length !== mac.length || !timingSafeEqual(given, mac)) throw new RecoveryRefused(`module ${row.serial}: checkpoint MAC does not verify`);
    const record = recordSchema.parse(JSON.parse(row.record));
    if (record.moduleSerial !== row.serial) throw new RecoveryRefused(`module ${row.serial}: checkpoint belongs to another module`);
    const t = table.get(row.serial) as { at: string | null; value: number | null } | undefined;
    if (t?.at !== record.at || t.value !== record.lastAmount) throw new RecoveryRefused(`module ${row.serial}: module table disagrees with its checkpoint`);
    if (existsSync(memoryFile(dataDir, row.serial))) throw new RecoveryRefused(`module ${row.serial}: a memory file exists already`);
    return { serial: row.serial, checkpoint: { record: row.record, mac: row.mac }, totals: record.totals };
  });
  for (const s of seeds) {
    const memory = ModuleMemory.open(dataDir, s.serial, keys.moduleMemory(s.serial), true);
    memory.push({ checkpoint: s.checkpoint, chainHead: heads.get(s.serial) ?? GENESIS_HASH, totals: s.totals, txs: [] });
  }
  return seeds.map((s) => s.serial);
}
