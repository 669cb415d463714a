/**
 * The vault benchmark: N registered, funded meters, each its own WebSocket with one `indicium`
 * in flight, back to back for a fixed window after a warm-up. The load generator runs in worker
 * threads of this process; the vault is a real CLI in a child process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestVault } from '@vbi/vault/testing';
import type { Credentials } from '../meter-client.ts';
import { percentilesOf } from '../stats.ts';
import { ownCpuSeconds, processCpuSeconds } from './cpu.ts';
import type { DurabilityCheck } from './durability.ts';
import { LoadGenerator } from './load.ts';

/**
 * What the bench needs of running vault processes on one database: their URLs, one of them to
 * credit accounts with, the processes whose CPU counts, and a durability check for the database.
 */
export interface BenchVault {
  urls: string[];
  vault: Pick<TestVault, 'trustDir' | 'credit'>;
  pids(): number[];
  /** The database server's processes, when it has its own (PostgreSQL). */
  dbPids?(): number[];
  checkDurability(load: () => Promise<void>): Promise<DurabilityCheck>;
}

export interface VaultPlan {
  meters: number;
  warmupMs: number;
  measureMs: number;
  threads: number;
}

export interface VaultMeasure {
  indiciaPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meters: number;
  durability: DurabilityCheck;
  /** CPU time per indicium in the measured window (µs): the vault processes, this one (the load generator), the database servers. */
  cpu: { vaultUs: number; loadUs: number; dbUs: number | null } | null;
}

const POSTAGE = 740;
/** Per meter: enough for 60,000 pieces at 740 mills, well under the DR limit. */
const FUNDS = 45_000_000;
const DURABILITY_PROBE_MS = 1500;

/** Tomorrow (UTC): inside the vault's accepted window today..today+7 even if midnight passes. */
function mailDate(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

function credentials(count: number): Credentials[] {
  const run = Date.now().toString(36);
  return Array.from({ length: count }, (_, i) => ({
    username: `bench-${run}-${i}`,
    passphrase: `bench passphrase ${i} of ${run}`,
    licenseZip: '94102',
  }));
}

export async function benchVault(target: BenchVault, plan: VaultPlan, log: (line: string) => void): Promise<VaultMeasure> {
  const { vault } = target;
  const who = credentials(plan.meters);
  const load = new LoadGenerator({
    urls: target.urls,
    bankEncPem: readFileSync(join(vault.trustDir, 'bank-enc.pub.pem'), 'utf8'),
    credentials: who,
    postage: POSTAGE,
    mailDate: mailDate(),
    threads: plan.threads,
  });
  try {
    const t = performance.now();
    await load.register();
    for (const { username } of who) await vault.credit(username, FUNDS);
    await load.purchase(FUNDS);
    log(`vault: ${plan.meters} meters registered, credited and funded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const durability = await target.checkDurability(async () => {
      await load.run(0, DURABILITY_PROBE_MS);
    });
    log(`vault: durability — ${durability.how}`);

    const pids = target.pids();
    const cpuOf = (list: number[]) => list.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
    // Database backends come and go with connections: each sample reads the processes alive then.
    const cpuNow = () => ({ vault: cpuOf(pids), load: ownCpuSeconds(), db: target.dbPids === undefined ? NaN : cpuOf(target.dbPids()) });
    // Sampled when the warm-up ends and when the last meter stops: the measured window.
    const windowStart = new Promise<ReturnType<typeof cpuNow>>((resolve) => setTimeout(() => resolve(cpuNow()), plan.warmupMs));
    const { latencies, perSec } = await load.run(plan.warmupMs, plan.measureMs);
    const [first, last] = [await windowStart, cpuNow()];
    const [p50, p99] = percentilesOf(latencies, [50, 99]);
    const perIndicium = (a: number, b: number) => ((b - a) * 1e6) / latencies.length;
    const cpu = pids.length === 0 || latencies.length === 0
      ? null
      : {
        vaultUs: perIndicium(first.vault, last.vault), loadUs: perIndicium(first.load, last.load),
        dbUs: Number.isNaN(first.db) ? null : perIndicium(first.db, last.db),
      };
    return { indiciaPerSec: perSec, p50Ms: p50!, p99Ms: p99!, meters: plan.meters, durability, cpu };
  } finally {
    await load.close();
  }
}
