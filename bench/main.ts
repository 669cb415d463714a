/**
 * `pnpm bench [--json FILE] [--quick] [--only vault,labels,ams] [--keys pkcs11]`: measures the vault, the label
 * pipeline and address matching on this machine, prints a table with the goals, and optionally
 * writes the results as JSON. Measures, never asserts: a missed goal is reported, not failed.
 */
import { writeFileSync } from 'node:fs';
import { benchAms } from './ams.ts';
import { parseBenchArgs, USAGE, type BenchArgs } from './args.ts';
import { ecdsaSignPerSecond } from './ecdsa.ts';
import { benchKeyBackend } from './keys.ts';
import { benchLabelBatch, benchLayouts } from './label-batch.ts';
import { benchLabels } from './labels.ts';
import { describeMachine } from './machine.ts';
import { formatTable, roundResults, type Results, type VaultResult } from './report.ts';
import { benchVault, type VaultPlan } from './vault/bench-vault.ts';
import { startPgBenchVaults } from './vault/postgres.ts';
import { startBenchVault, type StartedVault } from './vault/start.ts';

/** Seconds and sizes of each part; --quick shrinks them for development runs. */
function planFor(args: BenchArgs) {
  return args.quick
    ? { ecdsaS: 0.5, keyOpS: 0.3, labelsS: 1, layoutS: 0.5, batchPieces: 100, meters: 64, warmupMs: 1000, measureMs: 3000, amsWarmup: 100, amsRequests: 500 }
    : { ecdsaS: 3, keyOpS: 1, labelsS: 5, layoutS: 2, batchPieces: 500, meters: 256, warmupMs: 5000, measureMs: 20_000, amsWarmup: 2000, amsRequests: 5000 };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const plan = planFor(args);
  const vaultPlan: VaultPlan = { meters: args.meters ?? plan.meters, warmupMs: plan.warmupMs, measureMs: plan.measureMs, threads: args.threads };
  const measureVault = async (vault: StartedVault, ecdsa: number): Promise<VaultResult> => {
    const measured = await benchVault(vault, vaultPlan, log);
    if (measured.cpu !== null) {
      const { vaultUs, loadUs } = measured.cpu;
      log(`vault: CPU per indicium in the window — vault ${vaultUs.toFixed(0)} µs, load generator ${loadUs.toFixed(0)} µs`);
    }
    return {
      indiciaPerSec: measured.indiciaPerSec,
      p50Ms: measured.p50Ms,
      p99Ms: measured.p99Ms,
      meters: measured.meters,
      durable: measured.durability.durable,
      ecdsaSignPerSecOneCore: ecdsa,
      ratio: measured.indiciaPerSec / ecdsa,
    };
  };
  const machine = describeMachine();
  let labels: Results['labels'];
  let labelLayouts: Results['labelLayouts'];
  let labelBatch: Results['labelBatch'];
  let vaultResult: Results['vault'];
  const pgResults: NonNullable<Results['postgres']> = [];
  let vaultPkcs11: Results['vaultPkcs11'];
  let keys: Results['keys'];
  let ams: Results['ams'];

  if (args.only.has('labels')) {
    log('labels: rendering 4×6 PDFs …');
    labels = await benchLabels(plan.labelsS);
    log('labels: the other layouts, then a batch streamed to one PDF …');
    labelLayouts = await benchLayouts(plan.layoutS);
    labelBatch = await benchLabelBatch(plan.batchPieces);
  }

  if (args.only.has('vault') || args.only.has('ams')) {
    // Measured before any vault starts, so the yardsticks have the core to themselves.
    const ecdsa = args.only.has('vault') ? ecdsaSignPerSecond(plan.ecdsaS) : 0;
    if (args.only.has('vault') && args.keys === 'pkcs11') {
      log('keys: each operation on the software store and on a SoftHSM2 token …');
      keys = { software: await benchKeyBackend('software', plan.keyOpS), pkcs11: await benchKeyBackend('pkcs11', plan.keyOpS) };
    }
    log('vault: starting a fresh vault …');
    const vault = await startBenchVault({ profileDir: args.vaultProfile, modules: args.modules, keys: 'software' });
    try {
      if (args.only.has('vault')) vaultResult = await measureVault(vault, ecdsa);
      if (args.only.has('ams')) {
        log('ams: matching damaged addresses …');
        ams = await benchAms(vault.first, plan.amsWarmup, plan.amsRequests, log);
      }
    } finally {
      await vault.stop();
    }
    if (args.only.has('vault') && args.keys === 'pkcs11') {
      log('vault: starting a fresh vault whose keys are in a SoftHSM2 token …');
      const tokenVault = await startBenchVault({ profileDir: args.vaultProfile, modules: args.modules, keys: 'pkcs11' });
      try {
        vaultPkcs11 = await measureVault(tokenVault, ecdsa);
      } finally {
        await tokenVault.stop();
      }
    }
  }

  if (args.postgres && vaultResult !== undefined) {
    for (const count of args.vaults > 1 ? [1, args.vaults] : [1]) {
      log(`vault: PostgreSQL with a synchronous standby, ${count} vault process(es) …`);
      const pg = await startPgBenchVaults(count, { profileDir: args.vaultProfile, modules: args.modules });
      try {
        const m = await benchVault(pg, vaultPlan, log);
        if (m.cpu !== null) {
          const { vaultUs, loadUs, dbUs } = m.cpu;
          log(`vault: CPU per indicium in the window — vault processes ${vaultUs.toFixed(0)} µs, load generator ${loadUs.toFixed(0)} µs, PostgreSQL (primary + standby) ${dbUs?.toFixed(0)} µs`);
        }
        pgResults.push({
          vaults: count, indiciaPerSec: m.indiciaPerSec, p50Ms: m.p50Ms, p99Ms: m.p99Ms, durable: m.durability.durable,
          ratioToSqlite: m.indiciaPerSec / vaultResult.indiciaPerSec,
        });
      } finally {
        await pg.stop();
      }
    }
  }

  // Sections in the order of issue 9, whatever order they ran in.
  const rounded = roundResults({
    machine, vault: vaultResult, vaultPkcs11, ...(pgResults.length > 0 ? { postgres: pgResults } : {}), keys, labels, labelLayouts, labelBatch, ams,
  });
  process.stdout.write(`${formatTable(rounded)}\n`);
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(rounded, null, 2)}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  log(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
