/**
 * Bench vaults on PostgreSQL: a primary with a synchronous streaming standby (both on this
 * machine, as `vault cluster` makes them), and N vault processes on it, each with its data folder.
 * Durability is read from the servers themselves: synchronous_commit and fsync on, and a standby
 * the primary waits for (pg_stat_replication's sync_state 'sync').
 */
import { availableParallelism } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { createPrimary, createStandby, freePort, serverRoot } from '@vbi/vault/postgres';
import { startTestVault, type TestVault } from '@vbi/vault/testing';
import type { DurabilityCheck } from './durability.ts';
import { benchVaultOptions, type StartedVault, type StartOptions } from './start.ts';

/** The postmaster and its children (one backend per connection): the database's processes. */
function serverPids(postmaster: number): number[] {
  return [postmaster, ...childrenOf(postmaster)];
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function startPgBenchVaults(count: number, options: StartOptions): Promise<StartedVault> {
  const root = serverRoot('vbi-bench-pg-');
  const primary = createPrimary({ dir: join(root, 'primary'), port: await freePort(), synchronousStandbys: 'standby1' });
  const standby = createStandby(primary, { dir: join(root, 'standby'), port: await freePort(), name: 'standby1' });
  const admin = postgres(primary.url(), { max: 1, onnotice: () => {} });
  await admin`CREATE DATABASE vbi`;
  const url = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/vbi?target_session_attrs=read-write`;
  // The cores are shared by every vault process: one module per core in all.
  const modules = options.modules ?? Math.max(1, Math.floor(availableParallelism() / count));
  const vaults: TestVault[] = [];
  const stop = async () => {
    for (const v of vaults.reverse()) await v.stop();
    await admin.end();
    standby.stop();
    primary.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    vaults.push(await startTestVault({ storage: 'postgres', databaseUrl: url, modules, ...benchVaultOptions(options) }));
    for (let i = 1; i < count; i++) {
      vaults.push(await startTestVault({ storage: 'postgres', join: vaults[0] as TestVault, modules, ...benchVaultOptions(options) }));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const first = vaults[0] as TestVault;
  return {
    urls: vaults.map((v) => v.url),
    vault: first,
    first,
    pids: () => vaults.map((v) => v.pid()).filter((pid): pid is number => pid !== null),
    dbPids: () => [primary.pid(), standby.pid()].flatMap((pid) => (pid === null ? [] : serverPids(pid))),
    async checkDurability(load: () => Promise<void>): Promise<DurabilityCheck> {
      await load();
      const [sync] = await admin`SELECT current_setting('synchronous_commit') AS commit, current_setting('fsync') AS fsync,
        (SELECT string_agg(application_name || ' ' || sync_state, ', ') FROM pg_stat_replication) AS standbys`;
      const durable = sync?.commit === 'on' && sync?.fsync === 'on' && / sync\b/.test(String(sync?.standbys));
      return { durable, how: `synchronous_commit=${sync?.commit}, fsync=${sync?.fsync}, standbys: ${sync?.standbys ?? 'none'}` };
    },
    stop,
  };
}
