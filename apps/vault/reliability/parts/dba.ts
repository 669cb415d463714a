/**
 * Part 8, dba: the database is untrusted (docs/vault.md "What protects each column"). With the
 * vault running, an attacker who can write every table and read an earlier copy of the database,
 * but holds no key, makes each kind of single-row change (dba/attacks.ts) and tries the
 * transaction that would turn it into value. Each change must be refused at transaction time (by
 * the check meant for it) or reported by verify-log's reconciliation, and no value may move.
 * Afterwards, with every row put back, the meters work and the ledger reconciles. The whole part
 * runs on SQLite and again on PostgreSQL (a real server the harness starts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerKeysOf } from '../../src/reconcile/keys.ts';
import { reconcileLedger } from '../../src/reconcile/reconcile.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { vaultCommand } from '../cli.ts';
import type { Harness, Part, PartResult } from '../context.ts';
import { vaultState, type VaultState } from '../db-state.ts';
import { ATTACKS, type Attack } from '../dba/attacks.ts';
import { buildScene, must, printBody, type Scene } from '../dba/scene.ts';
import { harnessKeys } from '../keys.ts';

/** Mills that moved between two states: registers, printed value and funds. */
function moved(a: VaultState, b: VaultState): number {
  return Math.abs(a.totals.ar + a.totals.dr - b.totals.ar - b.totals.dr) + Math.abs(a.totals.ar - b.totals.ar) + Math.abs(a.totals.funds - b.totals.funds);
}

async function genuineUse(s: Scene): Promise<boolean> {
  try {
    await must(s.mallory, 'refund', { pieceNumber: 3 });
    await must(s.mallory, 'purchase', { amount: 10_500 }); // counts the 1,000 credited last
    await must(s.mallory, 'indicium', printBody(100));
    await must(s.victim, 'indicium', printBody(1000));
    return true;
  } catch {
    return false;
  }
}

const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

async function dbaOn(h: Harness, engine: 'sqlite' | 'postgres'): Promise<PartResult> {
  const vault = await h.vault({ storage: engine, startArgs: ['--log-offload-seconds', '0'] });
  const { backend } = harnessKeys(h, vault.dataDir);
  const keys = ledgerKeysOf(backend);
  const work = mkdtempSync(join(tmpdir(), 'vbi-dba-'));
  const scene = await buildScene(h, vault, work);
  const storage = await openStorage(vault.database);
  const breaks = async () => (await reconcileLedger(storage, keys, { refundWindowDays: 30 })).report.breakCount;
  const perTable = new Map<Attack['table'], number>();
  const tally = { trials: 0, refused: 0, reported: 0, neither: [] as string[], wrongRefusal: [] as string[], accepted: [] as string[], moved: 0 };
  try {
    if ((await breaks()) !== 0) throw new Error('the scene does not reconcile before any change');
    for (let round = 0; round < h.figures.dbaRounds; round++) {
      for (const attack of ATTACKS) {
        const before = await vaultState(vault.database, backend.psd);
        const undo = await attack.apply(scene);
        let refused = false;
        let reported = false;
        try {
          if (attack.exploit !== undefined) {
            const a = await attack.exploit.run(scene);
            if (a.ok) tally.accepted.push(`${attack.table}: ${attack.name}`);
            else {
              refused = true;
              if (a.error?.code !== attack.exploit.refusal) tally.wrongRefusal.push(`${attack.table}: ${attack.name} → ${a.error?.code} (not ${attack.exploit.refusal})`);
            }
          }
          reported = (await breaks()) > 0;
        } finally {
          await undo();
        }
        const after = await vaultState(vault.database, backend.psd);
        tally.moved += moved(before, after) + (before.fingerprint === after.fingerprint ? 0 : 1);
        tally.trials++;
        perTable.set(attack.table, (perTable.get(attack.table) ?? 0) + 1);
        if (refused) tally.refused++;
        if (reported) tally.reported++;
        if (!refused && !reported) tally.neither.push(`${attack.table}: ${attack.name}`);
      }
    }
    const intactAfterChanges = (await breaks()) === 0;
    const served = await genuineUse(scene);
    const verified = await vaultCommand(h, ['verify-log', '--data', vault.dataDir]);
    const ok = tally.neither.length === 0 && tally.accepted.length === 0 && tally.wrongRefusal.length === 0 && tally.moved === 0
      && intactAfterChanges && served && verified.code === 0;
    const tables = [...perTable].map(([t, n]) => `${t} ${n}`).join(', ');
    const problems = [...tally.neither.map((n) => `NEITHER refused nor reported: ${n}`), ...tally.accepted.map((n) => `ACCEPTED: ${n}`), ...tally.wrongRefusal]
      .slice(0, 5).join('; ');
    return {
      ok,
      line: `${ENGINE_NAMES[engine]}: ${tally.trials} single-row changes without a key (${tables}; ${ATTACKS.length} kinds × ${h.figures.dbaRounds}) → `
        + `refused at transaction time ${tally.refused} (each by its own check: ${tally.wrongRefusal.length === 0}), reported by verify-log ${tally.reported}, `
        + `neither ${tally.neither.length}; value moved without a key: ${tally.moved} mills; afterwards: genuine transactions served ${served}, `
        + `verify-log exit ${verified.code}${problems === '' ? '' : `; ${problems}`}`,
    };
  } finally {
    await storage.close();
    backend.close();
    await scene.db.close();
    await scene.copy.close();
    rmSync(work, { recursive: true, force: true });
  }
}

export const dbaPart: Part = async (h) => {
  const results = [await dbaOn(h, 'sqlite'), await dbaOn(h, 'postgres')];
  return { ok: results.every((r) => r.ok), line: `dba: ${results.map((r) => r.line).join(' | ')}` };
};
