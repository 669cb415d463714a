/**
 * Part 2, rollback (SPEC §4.3): the database is replaced by a copy 1, 2 and 3 committed batches
 * old, then by the oldest copy (more than 3). The one module then finds the database's checkpoint
 * among its older records and auto-recovers (1, 2), auditing each discarded transaction, or
 * refuses and is inhibited (3 and more). How old a copy is comes from the checkpoints' `seq`.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { TestVault } from '../../src/testing/index.ts';
import type { Part } from '../context.ts';
import { auditSince, lastAuditId, openDb } from '../db-state.ts';
import { LoadMeter } from '../load-meter.ts';

const DB_FILES = ['vault.sqlite', 'vault.sqlite-wal', 'vault.sqlite-shm'];

/** The `seq` of the (one) module's checkpoint in a database file. */
function checkpointSeq(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (JSON.parse(db.prepare('SELECT record FROM checkpoints WHERE module_serial = 1').pluck().get() as string) as { seq: number }).seq;
  } finally {
    db.close();
  }
}

async function health(v: TestVault): Promise<{ halted: boolean; modules: Array<{ state: string }> }> {
  return (await fetch(`${v.httpUrl}/v1/health`)).json() as Promise<{ halted: boolean; modules: Array<{ state: string }> }>;
}

/** Replaces the stopped vault's database by `copy`, restarts it and reads what it audited and says. */
async function rollBack(vault: TestVault, copy: string) {
  for (const f of DB_FILES) rmSync(join(vault.dataDir, f), { force: true });
  copyFileSync(copy, join(vault.dataDir, 'vault.sqlite'));
  const mark = lastAuditId(vault.dataDir); // the copy's: what the vault audits from here on
  await vault.restart();
  const audits = auditSince(vault.dataDir, mark);
  const state = await health(vault);
  const inhibited = audits.some((a) => a.event === 'checkpoint-mismatch') && state.halted && state.modules[0]?.state === 'inhibited';
  const recovered = audits.find((a) => a.event === 'auto-recover');
  return {
    inhibited,
    recoveredBatches: recovered === undefined || state.halted || state.modules[0]?.state !== 'ready'
      ? 0 : (JSON.parse(recovered.detail ?? '{}') as { discardedBatches: number }).discardedBatches,
    discardedTxs: audits.filter((a) => a.event === 'auto-recover-discarded').length,
  };
}

export const rollbackPart: Part = async (h) => {
  const vault = await h.vault({ modules: 1, startArgs: ['--log-offload-seconds', '0'] });
  const saved = mkdtempSync(join(tmpdir(), 'vbi-rollback-copy-'));
  const m = new LoadMeter(h, 'rollback.one');
  await m.register(vault.url, vault.trustDir);
  await vault.credit(m.username, 1_000_000);
  const outcomes: string[] = [];
  let ok = true;
  let memorySeq = 0;
  try {
    for (const k of [1, 2, 3]) {
      // A consistent copy of the live database (SQLite online backup), then k committed batches:
      const copy = join(saved, `${k}.sqlite`);
      const live = openDb(vault.dataDir);
      await live.backup(copy);
      live.close();
      // the login, then k − 1 purchases (one meter, so one command per batch).
      if ((await m.reconcile(vault.url, vault.trustDir)) !== null) throw new Error('login before the batches failed');
      for (let i = 1; i < k; i++) if (!(await m.step())) throw new Error('a batch failed');
      await vault.kill('SIGTERM');
      memorySeq = checkpointSeq(join(vault.dataDir, 'vault.sqlite')); // a clean stop: the module's newest record
      const old = memorySeq - checkpointSeq(copy);
      if (old !== k) throw new Error(`the copy is ${old} batches old, not ${k}`);
      const r = await rollBack(vault, copy);
      if (k < 3) {
        const good = r.recoveredBatches === k && r.discardedTxs === k;
        ok &&= good;
        outcomes.push(`${k} old → ${good ? 'auto-recover' : 'NOT auto-recovered'} (${r.discardedTxs} discarded txs audited)`);
        // The person's side lost k answered transactions with the database: adopt the vault's registers.
        m.pending = null;
        const c = await m.connect(vault.url, vault.trustDir);
        const a = await c.login(m.username, m.passphrase, m.hmk);
        m.mirror = (a.body as { registers: { ar: number; dr: number } }).registers;
        m.downloads = m.mirror.ar + m.mirror.dr;
        m.refunds = 0;
      } else {
        ok &&= r.inhibited;
        outcomes.push(`3 old → ${r.inhibited ? 'inhibited, vault halted (checkpoint-mismatch audited)' : 'NOT inhibited'}`);
      }
    }
    // Older still: the first copy (the inhibited module's memory has not moved since).
    await vault.kill('SIGTERM');
    const oldest = join(saved, '1.sqlite');
    const old = memorySeq - checkpointSeq(oldest);
    const r = await rollBack(vault, oldest);
    ok &&= old > 3 && r.inhibited;
    outcomes.push(`${old} old → ${r.inhibited ? 'inhibited, vault halted (checkpoint-mismatch audited)' : 'NOT inhibited'}`);
  } finally {
    rmSync(saved, { recursive: true, force: true });
  }
  return { ok, line: `rollback: database ${outcomes.join('; ')}` };
};
