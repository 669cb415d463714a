/**
 * Part 2, rollback (SPEC §4.3): the database is replaced by a copy 1, 2 and 3 committed batches
 * old. The one module then finds the database's checkpoint among its older records and
 * auto-recovers (1, 2), auditing each discarded transaction, or refuses and is inhibited (3).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestVault } from '../../src/testing/index.ts';
import type { Part } from '../context.ts';
import { auditSince, lastAuditId, openDb } from '../db-state.ts';
import { LoadMeter } from '../load-meter.ts';

const DB_FILES = ['vault.sqlite', 'vault.sqlite-wal', 'vault.sqlite-shm'];

function copyDb(from: string, to: string): void {
  for (const f of DB_FILES) {
    rmSync(join(to, f), { force: true });
    if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
  }
}

async function health(v: TestVault): Promise<{ halted: boolean; modules: Array<{ state: string }> }> {
  return (await fetch(`${v.httpUrl}/v1/health`)).json() as Promise<{ halted: boolean; modules: Array<{ state: string }> }>;
}

export const rollbackPart: Part = async (h) => {
  const vault = await h.vault({ modules: 1, startArgs: ['--log-offload-seconds', '0'] });
  const saved = mkdtempSync(join(tmpdir(), 'vbi-rollback-copy-'));
  const m = new LoadMeter(h, 'rollback.one');
  await m.register(vault.url, vault.trustDir);
  vault.credit(m.username, 1_000_000);
  const outcomes: string[] = [];
  let ok = true;
  try {
    for (const k of [1, 2, 3]) {
      // A consistent copy of the live database (SQLite online backup), then k committed batches:
      const mark = lastAuditId(vault.dataDir);
      const live = openDb(vault.dataDir);
      await live.backup(join(saved, 'vault.sqlite'));
      live.close();
      // k committed batches: the login, then k − 1 purchases (one meter, so one command per batch).
      if ((await m.reconcile(vault.url, vault.trustDir)) !== null) throw new Error('login before the batches failed');
      for (let i = 1; i < k; i++) if (!(await m.step())) throw new Error('a batch failed');
      await vault.kill('SIGTERM');
      copyDb(saved, vault.dataDir);
      await vault.restart();
      const audits = auditSince(vault.dataDir, mark);
      const state = await health(vault);
      const recovered = audits.find((a) => a.event === 'auto-recover');
      const discarded = audits.filter((a) => a.event === 'auto-recover-discarded').length;
      const mismatch = audits.some((a) => a.event === 'checkpoint-mismatch');
      if (k < 3) {
        const good = recovered !== undefined && JSON.parse(recovered.detail ?? '{}').discardedBatches === k && discarded === k
          && !state.halted && state.modules[0]?.state === 'ready';
        ok &&= good;
        outcomes.push(`${k} old → ${good ? 'auto-recover' : 'NOT auto-recovered'} (${discarded} discarded txs audited)`);
        // The person's side lost k answered transactions with the database: adopt the vault's registers.
        m.pending = null;
        const c = await m.connect(vault.url, vault.trustDir);
        const a = await c.login(m.username, m.passphrase, m.hmk);
        m.mirror = (a.body as { registers: { ar: number; dr: number } }).registers;
        m.downloads = m.mirror.ar + m.mirror.dr;
        m.refunds = 0;
      } else {
        const good = mismatch && state.halted && state.modules[0]?.state === 'inhibited';
        ok &&= good;
        outcomes.push(`${k} old → ${good ? 'inhibited, vault halted' : 'NOT inhibited'} (checkpoint-mismatch ${mismatch ? '' : 'not '}audited)`);
      }
    }
  } finally {
    rmSync(saved, { recursive: true, force: true });
  }
  return { ok, line: `rollback: database ${outcomes.join('; ')}` };
};
