/**
 * `vault recover` (SPEC §4.5): rebuilds a data folder from a snapshot plus the off-loaded log.
 * Order: open the key store (from the key backup), restore the snapshot and bring it to the
 * current schema, verify the database's chain and the whole segment chain against it, replay the
 * segments after the snapshot (one transaction each), check every meter's registers, seed fresh
 * module memory, copy the key store.
 * Anything that fails leaves no database behind.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { logLinker } from '../ledger/chain.ts';
import type { MacKey } from '../keystore/backend.ts';
import { KEYSTORE_FILE } from '../keystore/keystore.ts';
import { openVaultBackend } from '../keystore/open-backend.ts';
import { DEV_PASSPHRASE_FILE } from '../keystore/passphrase.ts';
import { openSqliteStore } from '../storage/sqlite/sqlite-storage.ts';
import { checkRegisters } from './check-registers.ts';
import { backupKeys } from './keys.ts';
import { applySegmentBody } from './rows.ts';
import { RecoveryRefused, seedModuleMemory } from './seed-modules.ts';
import { SNAPSHOT_FILES, restoreSnapshot, type Progress } from './snapshot.ts';
import { listSegments, readSegment } from './segment.ts';
import { sqliteLogSource } from './log-source.ts';
import { verifyDatabaseLog, verifySegments } from './verify.ts';

export { RecoveryRefused };

export interface RecoverOptions {
  snapshot: string;
  logsDir: string;
  /** The new data folder (must not hold a vault). */
  dataDir: string;
  /** A folder holding the key store (keystore.json) and trust/ — the old data folder or a key backup. */
  keysDir: string;
  progress?: Progress;
}

export interface RecoverReport {
  snapshotAt: string;
  snapshotEntries: number;
  segments: number;
  replayed: number;
  entries: number;
  meters: number;
  modules: number[];
}

function refuseIfVault(dir: string): void {
  if (existsSync(join(dir, 'vault.sqlite')) || existsSync(join(dir, KEYSTORE_FILE))) throw new RecoveryRefused(`${dir} already holds a vault`);
  if (existsSync(join(dir, 'modules')) && readdirSync(join(dir, 'modules')).length > 0) throw new RecoveryRefused(`${dir}/modules is not empty`);
}

/**
 * A snapshot written by an earlier version holds that version's schema (e.g. packages still in
 * `meters`, before migration 4). Bring it to this version's exactly as `vault start` would:
 * the pending migrations, then commit links for entries written before schema 2.
 */
function upgradeSchema(file: string, linkKey: MacKey): void {
  const storage = openSqliteStore(file);
  try {
    storage.linkOldEntries(logLinker(linkKey));
  } finally {
    storage.close();
  }
}

export async function recoverVault(o: RecoverOptions): Promise<RecoverReport> {
  const progress = o.progress ?? (() => {});
  refuseIfVault(o.dataDir);
  if (!existsSync(join(o.keysDir, KEYSTORE_FILE))) throw new RecoveryRefused(`${o.keysDir} holds no key store (${KEYSTORE_FILE})`);
  const backend = openVaultBackend(o.keysDir);
  const keys = backupKeys(backend);
  mkdirSync(join(o.dataDir, 'modules'), { recursive: true });
  const created = [...SNAPSHOT_FILES.flatMap((f) => [f, `${f}-wal`, `${f}-shm`]), 'modules'].map((f) => join(o.dataDir, f));
  let db: Database.Database | null = null;
  try {
    const header = restoreSnapshot(o.snapshot, keys.snapshot, o.dataDir, progress);
    upgradeSchema(join(o.dataDir, 'vault.sqlite'), keys.link);
    db = new Database(join(o.dataDir, 'vault.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const own = await verifyDatabaseLog(sqliteLogSource(db), keys);
    if (own.firstBreak !== null) throw new RecoveryRefused(`the snapshot's log is broken: ${own.firstBreak.reason}`);
    const total = listSegments(o.logsDir).length;
    let checked = 0;
    const chain = await verifySegments(o.logsDir, keys, { db: sqliteLogSource(db), onSegment: () => progress(++checked, total, 'verifying the log chain') });
    if (chain.firstBreak !== null) throw new RecoveryRefused(`the log chain is broken at ${chain.firstBreak.where}: ${chain.firstBreak.reason}`);

    let upTo = own.lastId;
    let replayed = 0;
    const conn = db;
    listSegments(o.logsDir).forEach(({ file }, i) => {
      const seg = readSegment(file, keys.segment);
      if (seg.header.toId > upTo) {
        const from = upTo;
        replayed += conn.transaction(() => applySegmentBody(conn, seg.body, from)).immediate();
        upTo = seg.header.toId;
      }
      progress(i + 1, total, 'replaying the log');
    });
    const final = await verifyDatabaseLog(sqliteLogSource(db), keys);
    if (final.firstBreak !== null) throw new RecoveryRefused(`the rebuilt log is broken: ${final.firstBreak.reason}`);
    const meters = checkRegisters(db, backend.psd, (d, t) => progress(d, t, 'checking registers'));
    const modules = seedModuleMemory(db, o.dataDir, backend);
    db.prepare('INSERT INTO audit_log (at, event, detail) VALUES (?, ?, ?)').run(new Date().toISOString(), 'recovered', JSON.stringify({
      snapshotAt: header.createdAt, snapshotEntries: own.entries, segments: chain.segments, replayed, entries: final.entries,
    }));
    db.close();
    db = null;
    copyFileSync(join(o.keysDir, KEYSTORE_FILE), join(o.dataDir, KEYSTORE_FILE));
    if (existsSync(join(o.keysDir, 'trust'))) cpSync(join(o.keysDir, 'trust'), join(o.dataDir, 'trust'), { recursive: true });
    if (existsSync(join(o.keysDir, DEV_PASSPHRASE_FILE))) copyFileSync(join(o.keysDir, DEV_PASSPHRASE_FILE), join(o.dataDir, DEV_PASSPHRASE_FILE));
    return { snapshotAt: header.createdAt, snapshotEntries: own.entries, segments: chain.segments, replayed, entries: final.entries, meters, modules };
  } catch (err) {
    db?.close();
    for (const f of created) rmSync(f, { recursive: true, force: true });
    throw err;
  } finally {
    backend.close();
  }
}
