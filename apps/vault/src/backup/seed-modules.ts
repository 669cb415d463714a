/**
 * Fresh modules after a disaster (SPEC §4.3): each module's protected memory is seeded from the
 * recovered database — its checkpoint row (MAC checked), the head of its log chain and the totals
 * of the checkpoint record — so the bank starts with "equal" instead of CHECKPOINT_MISMATCH.
 */
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { GENESIS_HASH } from '../ledger/chain.ts';
import { checkedCheckpoint } from '../bank/checkpoint-check.ts';
import { memoryFile, ModuleMemory } from '../bank/module-memory.ts';
import type { KeyBackend } from '../keystore/backend.ts';

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
    let record;
    try {
      record = checkedCheckpoint(keys.checkpointMac, row.serial, row);
    } catch (err) {
      throw new RecoveryRefused((err as Error).message);
    }
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
