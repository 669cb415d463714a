/**
 * A fresh vault for the bench: `@vbi/vault/testing`'s test vault (the real CLI, `init` then
 * `start --port 0`, in a child process on a temporary data folder) with one module per core,
 * as `vault start` defaults to (or `modules`); with `profileDir`, the same under `node --cpu-prof`;
 * its keys in the software store or (`keys: 'pkcs11'`) in this process's SoftHSM2 token.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { startTestVault } from '@vbi/vault/testing';
import type { BenchVault } from './bench-vault.ts';

export type StartedVault = BenchVault & { stop(): Promise<void> };

export function startBenchVault(options: {
  profileDir?: string | undefined;
  modules?: number | undefined;
  /** Where the vault's keys live: the software store or a SoftHSM2 token. */
  keys: 'software' | 'pkcs11';
}): Promise<StartedVault> {
  // One CPU profile per thread (module workers included) is written when the vault stops.
  const nodeArgs = options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', resolve(options.profileDir)];
  // The per-connection rate limit guards against abusive clients; a load test sets it out of the
  // way, as an operator would for a trusted load generator.
  const modules = options.modules ?? availableParallelism();
  return startTestVault({ fresh: true, modules, nodeArgs, keys: options.keys, startArgs: ['--rate-limit', '1000000'] });
}
