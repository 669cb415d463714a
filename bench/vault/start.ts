/**
 * A fresh vault for the bench: `@vbi/vault/testing`'s test vault (the real CLI, `init` then
 * `start --port 0`, in a child process on a temporary data folder) with one module per core,
 * as `vault start` defaults to (or `modules`); with `profileDir`, the same under `node --cpu-prof`;
 * its keys in the software store or (`keys: 'pkcs11'`) in this process's SoftHSM2 token.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { startTestVault, type TestVault } from '@vbi/vault/testing';
import type { BenchVault } from './bench-vault.ts';
import { checkDurability, findVaultDb } from './durability.ts';

export type StartedVault = BenchVault & { stop(): Promise<void>; first: TestVault };

export interface StartOptions {
  profileDir?: string | undefined;
  modules?: number | undefined;
}

/** The `vault start` options of a bench vault. */
export function benchVaultOptions(options: StartOptions) {
  return {
    // One CPU profile per thread (module workers included) is written when the vault stops.
    nodeArgs: options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(options.profileDir)],
    // The per-connection rate limit guards against abusive clients; a load test sets it out of the
    // way, as an operator would for a trusted load generator.
    startArgs: ['--rate-limit', '1000000'],
  };
}

/** A fresh SQLite vault with one module per core (or `modules`), its keys in the software store or a SoftHSM2 token. */
export async function startBenchVault(options: StartOptions & { keys: 'software' | 'pkcs11' }): Promise<StartedVault> {
  const modules = options.modules ?? availableParallelism();
  const vault = await startTestVault({ fresh: true, storage: 'sqlite', modules, keys: options.keys, ...benchVaultOptions(options) });
  return {
    urls: [vault.url],
    vault,
    first: vault,
    pids: () => {
      const pid = findVaultDb(vault.dataDir)?.pid;
      return pid === undefined ? [] : [pid];
    },
    checkDurability: (load) => checkDurability(vault.dataDir, load),
    stop: () => vault.stop(),
  };
}
