/**
 * Verifies that the running vault commits durably. PRAGMA synchronous is a per-connection
 * setting (it is not stored in the database file), so it cannot be read from outside; instead
 * we watch what it does. With journal_mode=WAL, synchronous=FULL syncs the WAL file on every
 * commit, while NORMAL syncs it only when the WAL is checkpointed. So: trace the vault
 * process's fsync/fdatasync calls with strace while meters print, count the write transactions
 * of that window, and call the vault durable only when the WAL was synced at least once per
 * transaction. A transaction may hold the batches of several modules (group commit), so it is
 * the transactions that count: SQLite's WAL index header (the `-shm` file) holds `iChange`, a
 * counter every write transaction increments (sqlite/src/wal.c, WalIndexHdr).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';

export interface DurabilityCheck {
  durable: boolean;
  /** How the verdict was reached, for the report. */
  how: string;
}

interface VaultDb {
  pid: number;
  dbFile: string;
}

/**
 * The process holding a PSD database WAL inside `dataDir` open (the support database excluded);
 * not this one, which may hold the same database open for crediting accounts.
 */
export function findVaultDb(dataDir: string): VaultDb | undefined {
  const root = resolve(dataDir);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      if (target.startsWith(`${root}/`) && target.endsWith('-wal') && !target.endsWith('support.sqlite-wal')) {
        return { pid: Number(entry), dbFile: target.slice(0, -'-wal'.length) };
      }
    }
  }
  return undefined;
}

/** The WAL index header's transaction counter (u32 at byte 8, native order: little-endian here). */
function walTransactions(dbFile: string): number {
  return readFileSync(`${dbFile}-shm`).readUInt32LE(8);
}

/** Sum of the modules' checkpoint sequence numbers: one per committed batch (SPEC §4.3). */
function committedBatches(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const records = db.prepare('SELECT record FROM checkpoints').pluck().all() as string[];
    return records.reduce((sum, record) => sum + Number((JSON.parse(record) as { seq: number }).seq), 0);
  } finally {
    db.close();
  }
}

/** Runs `load` while tracing the vault's syncs; see the file comment. */
export async function checkDurability(dataDir: string, load: () => Promise<void>): Promise<DurabilityCheck> {
  if (spawnSync('strace', ['-V']).status !== 0) {
    return { durable: false, how: 'not verified: strace is not installed' };
  }
  const vault = findVaultDb(dataDir);
  if (!vault) return { durable: false, how: 'not verified: no process holds a PSD database WAL open' };

  const dir = mkdtempSync(join(tmpdir(), 'vbi-bench-strace-'));
  const log = join(dir, 'syncs.log');
  try {
    const before = { tx: walTransactions(vault.dbFile), batches: committedBatches(vault.dbFile) };
    const strace = spawn('strace', ['-f', '-y', '-e', 'trace=fsync,fdatasync', '-o', log, '-p', String(vault.pid)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => strace.once('exit', done));
    let attached = '';
    strace.stderr.on('data', (chunk: Buffer) => (attached += chunk.toString()));
    await sleep(500);
    if (strace.exitCode !== null) return { durable: false, how: `not verified: strace could not attach (${attached.trim()})` };
    await load();
    strace.kill('SIGINT');
    await exited;
    const after = { tx: walTransactions(vault.dbFile), batches: committedBatches(vault.dbFile) };
    const wal = `${vault.dbFile}-wal>`;
    const walSyncs = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => /\b(fsync|fdatasync)\(/.test(line) && line.includes(wal)).length;
    const commits = (after.tx - before.tx) >>> 0; // the counter is a u32 and may wrap
    const batches = after.batches - before.batches;
    const durable = batches > 0 && commits > 0 && walSyncs >= commits;
    return {
      durable,
      how: `strace on the vault process: ${walSyncs} WAL syncs for ${commits} write transactions holding ${batches} batches → ${
        durable ? 'every commit synced (synchronous=FULL)' : 'commits NOT synced one by one'
      }`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
