/**
 * Part 5, recovery: back up while the vault runs, run more load, let the off-load catch up,
 * SIGKILL the vault and destroy its whole data folder, then `vault recover` from the snapshot,
 * the off-loaded log and a key backup. Registers and piece counts must be identical, and the
 * rebuilt vault (fresh modules, memory seeded from the log) serves every meter again.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { backupKeys } from '../../src/backup/keys.ts';
import { maxLogId } from '../../src/backup/rows.ts';
import { LOG_SUBDIR } from '../../src/backup/segment.ts';
import { verifySegments } from '../../src/backup/verify.ts';
import { today } from '../../src/testing/meter-client.ts';
import { vaultCommand } from '../cli.ts';
import type { Part } from '../context.ts';
import { openDb, vaultState } from '../db-state.ts';
import { harnessKeys } from '../keys.ts';
import { LoadMeter } from '../load-meter.ts';

async function steps(meters: LoadMeter[], n: number): Promise<void> {
  await Promise.all(meters.map(async (m) => {
    for (let i = 0; i < n; i++) if (!(await m.step())) throw new Error(`${m.username}: load step failed`);
  }));
}

export const recoveryPart: Part = async (h) => {
  const vault = await h.vault({ startArgs: ['--log-offload-seconds', '1'] });
  const keys = harnessKeys(h, vault.dataDir);
  const offsite = mkdtempSync(join(tmpdir(), 'vbi-offsite-'));
  try {
    // What an operator keeps off the machine from day one: the sealed key store and the trust bundle.
    mkdirSync(join(offsite, 'keys'));
    for (const f of ['keystore.json', 'keystore.passphrase', 'trust']) {
      if (existsSync(join(vault.dataDir, f))) cpSync(join(vault.dataDir, f), join(offsite, 'keys', f), { recursive: true, force: true });
    }
    const meters = Array.from({ length: h.figures.recoveryMeters }, (_, i) => new LoadMeter(h, `recovery.${i}`));
    for (const m of meters) {
      await m.register(vault.url, vault.trustDir);
      await vault.credit(m.username, 10_000_000);
    }
    await steps(meters, 5);
    const snapshot = join(offsite, 'vault.vbisnap');
    const backup = await vaultCommand(h, ['backup', '--data', vault.dataDir, '--out', snapshot]);
    if (backup.code !== 0) throw new Error(`vault backup failed: ${backup.out.trim().split('\n').pop()}`);
    await steps(meters, 5);
    // Let the off-load catch up with the database, then the machine dies.
    const bk = backupKeys(keys.backend);
    const db = openDb(vault.dataDir);
    const head = maxLogId(db);
    db.close();
    for (let i = 0; i < 100 && (await verifySegments(join(vault.dataDir, LOG_SUBDIR), bk)).lastId < head; i++) await sleep(200);
    await vault.kill('SIGKILL');
    const lost = await vaultState(vault.database, keys.backend.psd);
    cpSync(join(vault.dataDir, LOG_SUBDIR), join(offsite, 'log'), { recursive: true });
    rmSync(vault.dataDir, { recursive: true, force: true });

    const r = await vaultCommand(h, ['recover', '--snapshot', snapshot, '--logs', join(offsite, 'log'), '--keys', join(offsite, 'keys'), '--data', vault.dataDir]);
    if (r.code !== 0) throw new Error(`vault recover failed: ${r.out.trim().split('\n').pop()}`);
    const rebuilt = await vaultState(vault.database, keys.backend.psd);
    let identical = rebuilt.meters.size === lost.meters.size;
    for (const [id, f] of lost.meters) identical &&= JSON.stringify(rebuilt.meters.get(id)) === JSON.stringify(f);
    await vault.restart();
    const reasons = (await Promise.all(meters.map((m) => m.reconcile(vault.url, vault.trustDir)))).filter((x) => x !== null);
    const served = await Promise.all(meters.map(async (m) =>
      (await m.client?.maced('indicium', { kind: 'postage', postage: 1, rateCategory: 'FCLT', mailDate: today() }))?.ok === true));
    const allServed = served.every(Boolean);
    const replayed = /(\d+) replayed/.exec(r.out)?.[1] ?? '?';
    return {
      ok: identical && reasons.length === 0 && allServed,
      line: `recovery: ${meters.length} meters, snapshot + ${replayed} replayed log entries → registers and piece counts ` +
        `${identical ? 'identical' : 'DIFFERENT'} (AR ${rebuilt.totals.ar}/${lost.totals.ar}, DR ${rebuilt.totals.dr}/${lost.totals.dr}, ` +
        `pieces ${rebuilt.totals.pieces}/${lost.totals.pieces}); clients reconcile: ${reasons.length === 0}, rebuilt vault serves: ${allServed}`,
    };
  } finally {
    rmSync(offsite, { recursive: true, force: true });
  }
};
